package io.github.cola4j.spark;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RemoteIterator;

/**
 * Files on any file system Hadoop knows ({@code file:}, {@code hdfs:}, {@code s3a:} ...), as the distributed steps
 * use them: listing a tree, reading a whole file, and writing a file atomically so that a retried or speculative
 * task never leaves a partial or duplicate output.
 *
 * <p>Local files are written without Hadoop's {@code .crc} side files, so a local output tree holds exactly what
 * the single-machine step writes.
 */
public final class ClusterFiles {

    /** Suffix of the temporary files a write goes through; names starting with '.' are skipped by readers. */
    public static final String TEMP_SUFFIX = ".tmp";

    private ClusterFiles() {
    }

    /**
     * A file found under a root: its full path, its path relative to the root (with '/'), and its size.
     *
     * @param path the full path, as a string Hadoop can parse
     * @param relative the path below the root, '/'-separated
     * @param bytes the file's length
     *
     * @serial exclude
     */
    public record Entry(String path, String relative, long bytes) implements Serializable {
    }

    /**
     * The file system of {@code path} under {@code conf}, with checksum side files turned off.
     *
     * @param path any path of the file system
     * @param conf Hadoop's settings (the Spark context's)
     * @return the file system
     * @throws IOException if the scheme is unknown or the file system cannot be reached
     */
    public static FileSystem fileSystem(Path path, Configuration conf) throws IOException {
        FileSystem fs = path.getFileSystem(conf);
        fs.setWriteChecksum(false);
        fs.setVerifyChecksum(false);
        return fs;
    }

    /**
     * Every regular file under {@code root} whose name ends with one of {@code extensions} (any case) and does not
     * start with '.', sorted by relative path.
     *
     * @param root the folder to search recursively
     * @param conf Hadoop's settings
     * @param extensions lower-case suffixes such as {@code ".mp3"}
     * @return the files found, possibly none
     * @throws IOException if {@code root} is not a folder or cannot be listed
     */
    public static List<Entry> list(Path root, Configuration conf, String... extensions) throws IOException {
        FileSystem fs = fileSystem(root, conf);
        FileStatus rootStatus;
        try {
            rootStatus = fs.getFileStatus(root);
        } catch (java.io.FileNotFoundException e) {
            throw new IOException(root + ": no such directory", e);
        }
        if (!rootStatus.isDirectory()) {
            throw new IOException(root + ": not a directory");
        }
        URI base = rootStatus.getPath().toUri();
        List<Entry> out = new ArrayList<>();
        RemoteIterator<LocatedFileStatus> it = fs.listFiles(rootStatus.getPath(), true);
        while (it.hasNext()) {
            LocatedFileStatus s = it.next();
            String name = s.getPath().getName();
            String lower = name.toLowerCase(Locale.ROOT);
            if (!s.isFile() || name.startsWith(".")) {
                continue;
            }
            for (String ext : extensions) {
                if (lower.endsWith(ext)) {
                    String rel = base.relativize(s.getPath().toUri()).getPath();
                    out.add(new Entry(s.getPath().toString(), rel, s.getLen()));
                    break;
                }
            }
        }
        out.sort((a, b) -> a.relative().compareTo(b.relative()));
        return out;
    }

    /**
     * The relative paths of the files under {@code root} that end with {@code extension}; empty when the folder
     * does not exist yet.
     *
     * @param root the folder to search recursively
     * @param conf Hadoop's settings
     * @param extension a lower-case suffix such as {@code ".npy"}
     * @return the relative paths found
     * @throws IOException if the folder exists but cannot be listed
     */
    public static Set<String> existing(Path root, Configuration conf, String extension) throws IOException {
        FileSystem fs = fileSystem(root, conf);
        if (!fs.exists(root)) {
            return new HashSet<>();
        }
        Set<String> out = new HashSet<>();
        for (Entry e : list(root, conf, extension)) {
            out.add(e.relative());
        }
        return out;
    }

    /**
     * Reads a whole file.
     *
     * @param fs its file system
     * @param file the file
     * @return its bytes
     * @throws IOException if it cannot be read or is larger than an array holds
     */
    public static byte[] read(FileSystem fs, Path file) throws IOException {
        long n = fs.getFileStatus(file).getLen();
        if (n > Integer.MAX_VALUE - 16) {
            throw new IOException(file + ": " + n + " bytes, too large to read at once");
        }
        byte[] data = new byte[(int) n];
        try (FSDataInputStream in = fs.open(file)) {
            in.readFully(0, data);
        }
        return data;
    }

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the bytes.
         *
         * @param out the temporary file's stream (closed by the caller)
         * @throws IOException if writing fails
         */
        void writeTo(OutputStream out) throws IOException;
    }

    /**
     * Writes {@code file} through a temporary file beside it ({@code .NAME.<unique>.tmp}) that is then renamed.
     * A reader never sees a partial file. When two attempts of one task race (a retry, a speculative copy), each
     * writes its own temporary file and the rename of the second either replaces the first's identical output or,
     * where the file system refuses to rename onto an existing file, is dropped.
     *
     * @param fs the file system
     * @param file the output
     * @param content what to write
     * @throws IOException if the temporary file cannot be written or renamed (it is then deleted)
     */
    public static void writeAtomically(FileSystem fs, Path file, Content content) throws IOException {
        Path tmp = new Path(file.getParent(), "." + file.getName() + "." + UUID.randomUUID() + TEMP_SUFFIX);
        boolean done = false;
        try {
            try (OutputStream out = fs.create(tmp, true)) {
                content.writeTo(out);
            }
            if (!fs.rename(tmp, file)) {
                if (!fs.exists(file)) {
                    throw new IOException("cannot rename " + tmp + " to " + file);
                }
                fs.delete(tmp, false); // another attempt wrote the same output first
            }
            done = true;
        } finally {
            if (!done) {
                try {
                    fs.delete(tmp, false);
                } catch (IOException ignored) {
                    // the original failure is the one to report
                }
            }
        }
    }

    /**
     * Writes a text file atomically, as {@link #writeAtomically}.
     *
     * @param fs the file system
     * @param file the output
     * @param text its content, in UTF-8
     * @throws IOException if it cannot be written
     */
    public static void writeString(FileSystem fs, Path file, String text) throws IOException {
        writeAtomically(fs, file, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Reads a small text file, or returns null when it does not exist.
     *
     * @param fs the file system
     * @param file the file
     * @return its UTF-8 text, or null
     * @throws IOException if it exists but cannot be read
     */
    public static String readStringIfExists(FileSystem fs, Path file) throws IOException {
        if (!fs.exists(file)) {
            return null;
        }
        return new String(read(fs, file), StandardCharsets.UTF_8);
    }
}

package io.github.cola4j.examples.embed;

import io.github.cola4j.cola.embed.ClipEmbedding;
import io.github.cola4j.tensor.io.AtomicFile;
import io.github.cola4j.tensor.io.Npy;
import io.github.cola4j.tensor.io.NpyArray;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The files of an embedding set {@code NAME}: {@code NAME.npy} ([N, D] float32, one row per clip) and
 * {@code NAME.csv} (columns {@code path,seconds,windows}, the same rows in the same order). While {@code embed}
 * runs, finished chunks of files wait in {@code NAME.parts/} ({@code part-00000.npy} and {@code .csv}, the CSV
 * written last and holding an {@code error} column for files that could not be embedded), so that an interrupted
 * run resumes from the chunks it finished.
 */
public final class EmbeddingFiles {
    private static final String[] HEADER = {"path", "seconds", "windows"};
    private static final String[] PART_HEADER = {"path", "seconds", "windows", "error"};

    /**
     * One clip's row.
     *
     * @param path the audio file, absolute
     * @param seconds its decoded length
     * @param windows the windows its embedding averages
     */
    public record Row(String path, double seconds, int windows) {
    }

    /**
     * A file that could not be embedded.
     *
     * @param path the audio file
     * @param error why
     */
    public record Failure(String path, String error) {
    }

    /**
     * An embedding set, or one finished chunk of one.
     *
     * @param embeddings row-major [rows.size()][dimension]
     * @param dimension values per row (0 when there are no rows)
     * @param rows one per embedded clip, in row order
     * @param failures files of the chunk that could not be embedded (empty for a merged set)
     */
    public record Table(float[] embeddings, int dimension, List<Row> rows, List<Failure> failures) {
    }

    private EmbeddingFiles() {
    }

    /**
     * The matrix file of a set.
     *
     * @param name the set's path without extension
     * @return {@code NAME.npy}
     */
    public static Path npy(Path name) {
        return name.resolveSibling(name.getFileName() + ".npy");
    }

    /**
     * The row file of a set.
     *
     * @param name the set's path without extension
     * @return {@code NAME.csv}
     */
    public static Path csv(Path name) {
        return name.resolveSibling(name.getFileName() + ".csv");
    }

    /**
     * The folder of finished chunks while a set is being written.
     *
     * @param name the set's path without extension
     * @return {@code NAME.parts}
     */
    public static Path parts(Path name) {
        return name.resolveSibling(name.getFileName() + ".parts");
    }

    /**
     * Writes one finished chunk: its matrix first, then its CSV (atomically), whose presence marks the chunk done.
     *
     * @param parts the chunk folder
     * @param part the chunk's number
     * @param results the chunk's results in file order
     * @throws IOException if a file cannot be written
     */
    public static void writePart(Path parts, int part, List<ClipEmbedding> results) throws IOException {
        int d = 0;
        int ok = 0;
        for (ClipEmbedding r : results) {
            if (r.ok()) {
                d = r.embedding().length;
                ok++;
            }
        }
        float[] m = new float[ok * d];
        StringBuilder sb = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(sb, CSVFormat.RFC4180.builder().setHeader(PART_HEADER).get())) {
            int k = 0;
            for (ClipEmbedding r : results) {
                String path = r.file().toAbsolutePath().normalize().toString();
                if (r.ok()) {
                    System.arraycopy(r.embedding(), 0, m, k++ * d, d);
                    p.printRecord(path, seconds(r.seconds()), r.windows().length, "");
                } else {
                    p.printRecord(path, "", "", r.error().getMessage());
                }
            }
        }
        Npy.write(partFile(parts, part, ".npy"), m, ok, d);
        AtomicFile.writeString(partFile(parts, part, ".csv"), sb.toString());
    }

    /**
     * A finished chunk, if it is there and covers exactly {@code expected} files.
     *
     * @param parts the chunk folder
     * @param part the chunk's number
     * @param expected the files the chunk should hold, in order
     * @return the chunk, or null when it is missing, unreadable or holds other files (then it is computed again)
     */
    public static Table readPart(Path parts, int part, List<Path> expected) {
        Path csv = partFile(parts, part, ".csv");
        if (!Files.isRegularFile(csv)) {
            return null;
        }
        try {
            List<Row> rows = new ArrayList<>();
            List<Failure> failures = new ArrayList<>();
            List<String> paths = new ArrayList<>();
            for (CSVRecord r : records(csv, PART_HEADER)) {
                paths.add(r.get(0));
                if (r.get(3).isEmpty()) {
                    rows.add(new Row(r.get(0), Double.parseDouble(r.get(1)), Integer.parseInt(r.get(2))));
                } else {
                    failures.add(new Failure(r.get(0), r.get(3)));
                }
            }
            List<String> want = expected.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList();
            if (!paths.equals(want)) {
                return null;
            }
            NpyArray a = Npy.read(partFile(parts, part, ".npy"));
            if (a.rank() != 2 || a.shape()[0] != rows.size()) {
                return null;
            }
            return new Table(a.floats(), (int) a.shape()[1], rows, failures);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Writes a whole set ({@code NAME.npy}, then {@code NAME.csv}, each atomically).
     *
     * @param name the set's path without extension
     * @param table the rows and their embeddings
     * @throws IOException if a file cannot be written
     */
    public static void write(Path name, Table table) throws IOException {
        Npy.write(npy(name), table.embeddings(), table.rows().size(), table.dimension());
        StringBuilder sb = new StringBuilder();
        try (CSVPrinter p = new CSVPrinter(sb, CSVFormat.RFC4180.builder().setHeader(HEADER).get())) {
            for (Row r : table.rows()) {
                p.printRecord(r.path(), seconds(r.seconds()), r.windows());
            }
        }
        AtomicFile.writeString(csv(name), sb.toString());
    }

    /**
     * Reads a set written by {@link #write}.
     *
     * @param name the set's path without extension
     * @return its rows and embeddings
     * @throws IOException if a file is missing or malformed, or the two disagree on the number of rows; the
     *     message names the file
     */
    public static Table read(Path name) throws IOException {
        Path csv = csv(name);
        Path npy = npy(name);
        if (!Files.isRegularFile(csv) || !Files.isRegularFile(npy)) {
            throw new IOException(name + ": no embedding set (" + npy.getFileName() + " and " + csv.getFileName()
                    + " are written by cola4j embed)");
        }
        List<Row> rows = new ArrayList<>();
        for (CSVRecord r : records(csv, HEADER)) {
            try {
                rows.add(new Row(r.get(0), Double.parseDouble(r.get(1)), Integer.parseInt(r.get(2))));
            } catch (RuntimeException e) {
                throw new IOException(csv + ": line " + r.getRecordNumber() + ": " + e.getMessage(), e);
            }
        }
        NpyArray a = Npy.read(npy);
        if (a.rank() != 2 || a.shape()[0] != rows.size()) {
            throw new IOException(npy + ": shape " + Arrays.toString(a.shape()) + ", but " + csv.getFileName()
                    + " has " + rows.size() + " rows");
        }
        return new Table(a.toFloats(), (int) a.shape()[1], rows, List.of());
    }

    private static List<CSVRecord> records(Path csv, String[] header) throws IOException {
        String text = Files.readString(csv, StandardCharsets.UTF_8);
        try (CSVParser p = CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(text))) {
            if (!p.getHeaderNames().equals(List.of(header))) {
                throw new IOException(csv + ": columns " + p.getHeaderNames() + ", expected " + List.of(header));
            }
            return p.getRecords();
        } catch (IllegalArgumentException | IllegalStateException | java.io.UncheckedIOException e) {
            throw new IOException(csv + ": " + e.getMessage(), e);
        }
    }

    private static Path partFile(Path parts, int part, String ext) {
        return parts.resolve(String.format(Locale.ROOT, "part-%05d%s", part, ext));
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.3f", s);
    }
}

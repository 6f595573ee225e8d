package io.github.cola4j.tensor.io;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old file or the complete new one, never a half-written one:
 * the bytes go to a temporary file in the same directory, are forced to disk, and the temporary file is renamed
 * over the target. The temporary file gets the usual permissions (not {@code createTempFile}'s owner-only ones).
 */
public final class AtomicFile {

    /** Writes the whole content to the channel it is given. */
    @FunctionalInterface
    public interface Body {
        /**
         * Writes the content to {@code channel}, which is positioned at the start of an empty file.
         *
         * @param channel the temporary file, open for writing; it is forced to disk and closed afterwards, so the
         *     body must not close it
         * @throws IOException if writing fails; the target is then left untouched
         */
        void write(FileChannel channel) throws IOException;
    }

    private AtomicFile() {
    }

    /**
     * Replaces {@code file} atomically with what {@code body} writes; on failure the old file is untouched and the
     * temporary file removed.
     *
     * @param file the target; missing parent directories are created, and an existing file is replaced
     * @param body writes the complete new content
     * @throws IOException if the directory, the temporary file or the rename fails, or {@code body} throws
     */
    public static void write(Path file, Body body) throws IOException {
        Path abs = file.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = null;
        FileChannel opened = null;
        for (int attempt = 0; opened == null; attempt++) {
            tmp = abs.resolveSibling("." + abs.getFileName() + "."
                    + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                opened = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.CREATE_NEW);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 100) {
                    throw e;
                }
            }
        }
        boolean moved = false;
        try {
            try (FileChannel ch = opened) {
                body.write(ch);
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Writes {@code text} as UTF-8, atomically as {@link #write(Path, Body)} does.
     *
     * @param file the target; missing parent directories are created and an existing file is replaced
     * @param text the whole content
     * @throws IOException if the file cannot be written; an existing file is then left as it was
     */
    public static void writeString(Path file, String text) throws IOException {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        write(file, ch -> {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
    }
}

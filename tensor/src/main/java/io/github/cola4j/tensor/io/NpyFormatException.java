package io.github.cola4j.tensor.io;

import java.io.IOException;
import java.nio.file.Path;

/** A {@code .npy} file that cannot be read: malformed or truncated, or a layout this reader does not support. */
public final class NpyFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * An exception naming {@code file} (null for a stream) and what is wrong with it.
     *
     * @param file the file being read, or null when the data came from a stream
     * @param problem what is wrong, appended to the file name in the message
     */
    public NpyFormatException(Path file, String problem) {
        super((file == null ? "<stream>" : file.toString()) + ": " + problem);
        this.file = file;
    }

    /**
     * The file concerned, or {@code null} when the data did not come from a file.
     *
     * @return the path given at construction; null after deserialisation too, as the path is not serialised
     */
    public Path file() {
        return file;
    }
}

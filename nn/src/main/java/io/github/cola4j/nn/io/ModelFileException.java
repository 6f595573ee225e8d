package io.github.cola4j.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/** A model file that cannot be read: unreadable, truncated, malformed or inconsistent. Names the file and the problem. */
public final class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /**
     * An exception naming {@code file} and what is wrong with it.
     *
     * @param file the file that cannot be read; the message starts with it
     * @param problem what is wrong, the rest of the message (such as {@code "header is not valid UTF-8"})
     */
    public ModelFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /**
     * An exception naming {@code file} and what is wrong with it, caused by {@code cause}.
     *
     * @param file the file that cannot be read; the message starts with it
     * @param problem what is wrong, the rest of the message
     * @param cause the underlying error (such as the I/O or JSON error), or null when unknown
     */
    public ModelFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /**
     * The file that could not be read.
     *
     * @return the path given to the constructor; null after deserialisation, as the path is not serialised
     */
    public Path file() {
        return file;
    }
}

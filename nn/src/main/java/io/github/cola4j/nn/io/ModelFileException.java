package io.github.cola4j.nn.io;

import java.io.IOException;
import java.nio.file.Path;

/** A model file that cannot be read: unreadable, truncated, malformed or inconsistent. Names the file and the problem. */
public final class ModelFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** An exception naming {@code file} and what is wrong with it. */
    public ModelFileException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** An exception naming {@code file} and what is wrong with it, caused by {@code cause}. */
    public ModelFileException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }
}

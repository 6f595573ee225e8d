package io.github.cola4j.audio;

import java.io.IOException;
import java.nio.file.Path;

/** An audio file that could not be decoded; names the file and says why. */
public class AudioDecodeException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why a file could not be decoded. */
    public enum Reason {
        /** The file has no bytes, or no audio frames at all. */
        EMPTY,
        /** The bytes are not in a format this library decodes. */
        NOT_AUDIO,
        /** The file ends before the audio its headers announce. */
        TRUNCATED,
        /** The audio data is damaged. */
        CORRUPT,
        /** A recognised format with a variant that is not supported (for example an unusual sample format). */
        UNSUPPORTED,
        /** The file could not be read. */
        IO
    }

    private final transient Path file;
    /** Why the file could not be decoded. */
    private final Reason reason;

    /**
     * A failure to decode {@code file}, classified by {@code reason}; the message names the file and the reason.
     *
     * @param file the file that could not be decoded; named in the message
     * @param reason the class of failure; appended to the message in brackets
     * @param message what went wrong, without the file name
     */
    public AudioDecodeException(Path file, Reason reason, String message) {
        this(file, reason, message, null);
    }

    /**
     * A failure to decode {@code file} caused by {@code cause}.
     *
     * @param file the file that could not be decoded; named in the message
     * @param reason the class of failure; appended to the message in brackets
     * @param message what went wrong, without the file name
     * @param cause the underlying exception, or null if there is none
     */
    public AudioDecodeException(Path file, Reason reason, String message, Throwable cause) {
        super(file + ": " + message + " [" + reason + "]", cause);
        this.file = file;
        this.reason = reason;
    }

    /**
     * The file that failed to decode.
     *
     * @return the file's path as given to the constructor (null after deserialisation: the path is transient)
     */
    public Path file() {
        return file;
    }

    /**
     * Why the file could not be decoded.
     *
     * @return the class of failure given to the constructor
     */
    public Reason reason() {
        return reason;
    }
}

package io.github.cola4j.examples.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;

/**
 * A command that cannot finish: a file that is missing or unusable, data that does not fit, a run that went wrong.
 * Commands throw it instead of printing; {@link Cola4jCli}'s exception handler prints its message as one line,
 * {@code cola4j <command>: <message>}, on the command's error stream and exits with code 1. The message says what
 * is at fault and names the file or value: {@code /data/x.npy: not a directory}.
 */
public final class CommandFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * A failure with its message.
     *
     * @param message one line naming the file or value at fault and what is wrong with it, without the
     *     {@code cola4j <command>:} prefix (the handler adds it)
     */
    public CommandFailure(String message) {
        super(message);
    }

    /**
     * A failure with its message and the exception behind it.
     *
     * @param message one line naming the file or value at fault and what is wrong with it, without the prefix
     * @param cause the exception that made the command fail, kept for callers that run commands in-process
     */
    public CommandFailure(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * The failure an I/O error stands for, with a message that names the file: the JDK's file-system exceptions
     * carry only the path as their message ({@code /x}), which becomes {@code /x: no such file or directory} and
     * the like.
     *
     * @param e an I/O error that ends the command
     * @return a failure whose message names the file (where the exception knows it) and the problem
     */
    public static CommandFailure of(IOException e) {
        return new CommandFailure(describe(e), e);
    }

    /**
     * One line for an I/O error: the file and what went wrong.
     *
     * @param e an I/O error
     * @return {@code <file>: no such file or directory}, {@code <file>: permission denied} and so on for the JDK's
     *     file-system exceptions; their reason or the message otherwise; the exception's class name when it has no
     *     message
     */
    static String describe(IOException e) {
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            String what;
            if (e instanceof NoSuchFileException) {
                what = "no such file or directory";
            } else if (e instanceof AccessDeniedException) {
                what = "permission denied";
            } else if (e instanceof FileAlreadyExistsException) {
                what = "already exists";
            } else if (e instanceof NotDirectoryException) {
                what = "not a directory";
            } else if (e instanceof DirectoryNotEmptyException) {
                what = "directory not empty";
            } else {
                what = fs.getReason() != null ? fs.getReason() : e.getClass().getSimpleName();
            }
            return fs.getFile() + (fs.getOtherFile() != null ? " -> " + fs.getOtherFile() : "") + ": " + what;
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getName() : m;
    }
}

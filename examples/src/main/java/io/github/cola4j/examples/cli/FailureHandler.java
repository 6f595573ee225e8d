package io.github.cola4j.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * How a command that fails is reported: a {@link CommandFailure} (or an I/O error the command let through) as one
 * line {@code cola4j <command>: <what>} on the command's error stream, and exit code 1. Anything else is a fault
 * of the program, reported on the same kind of line with the exception's class (and its stack trace with
 * {@code -Dcola4j.stacktrace=true}), also exit code 1.
 */
final class FailureHandler implements CommandLine.IExecutionExceptionHandler {
    /** The exit code of a command that failed. */
    static final int FAILED = 1;

    @Override
    public int handleExecutionException(Exception ex, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        err.println(commandLine.getCommandSpec().qualifiedName() + ": " + message(ex));
        if (!(ex instanceof CommandFailure) && !(ex instanceof IOException) && Boolean.getBoolean("cola4j.stacktrace")) {
            ex.printStackTrace(err);
        }
        err.flush();
        return FAILED;
    }

    /**
     * The failure as one line, without the command prefix.
     *
     * @param ex what the command threw
     * @return the failure's message; an I/O error described with its file; the class and message of anything else
     */
    static String message(Exception ex) {
        String m;
        if (ex instanceof CommandFailure f) {
            m = f.getMessage();
        } else if (ex instanceof IOException io) {
            m = CommandFailure.describe(io);
        } else if (ex instanceof UncheckedIOException u) {
            m = CommandFailure.describe(u.getCause());
        } else {
            m = "failed: " + ex;
        }
        return m.replaceAll("\\s*\\R\\s*", " ");
    }
}

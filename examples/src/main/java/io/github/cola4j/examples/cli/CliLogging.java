package io.github.cola4j.examples.cli;

import java.io.PrintWriter;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * How the command line shows the library's log records: one short line each on the command's error stream
 * ({@code cola4j backend: cpu}, {@code warning: ...}), instead of the JDK's two-line default with date and class.
 * The library logs through {@link System.Logger}, which the JDK routes to {@code java.util.logging}; the
 * application configures it here. {@code --quiet} keeps warnings and errors only.
 */
final class CliLogging implements AutoCloseable {
    /** Held strongly: {@code java.util.logging} keeps loggers weakly, and would forget this configuration. */
    private static final Logger LIBRARY = Logger.getLogger("io.github.cola4j");

    /** Fills in a record's parameters ({@code {0}}) the way {@code java.util.logging} does. */
    private static final Formatter MESSAGE = new SimpleFormatter();

    private final Handler[] previousHandlers;
    private final Level previousLevel;
    private final boolean previousUseParent;
    private final Handler handler;

    private CliLogging(PrintWriter err, boolean quiet) {
        previousHandlers = LIBRARY.getHandlers();
        previousLevel = LIBRARY.getLevel();
        previousUseParent = LIBRARY.getUseParentHandlers();
        handler = new WriterHandler(err);
        boolean quietOutside = false;
        for (Handler h : previousHandlers) {
            // a command run by a quiet command (the demo's steps) stays quiet
            quietOutside |= h instanceof WriterHandler && Level.WARNING.equals(previousLevel);
            LIBRARY.removeHandler(h);
        }
        LIBRARY.setUseParentHandlers(false);
        LIBRARY.setLevel(quiet || quietOutside ? Level.WARNING : Level.INFO);
        LIBRARY.addHandler(handler);
    }

    /**
     * Sends the library's records to {@code err} until {@link #close()}, which restores what was there before
     * (commands may run inside other commands, as the demo's steps do).
     *
     * @param err the command's error stream
     * @param quiet true to show warnings and errors only
     * @return the installed configuration, to close when the command ends
     */
    static CliLogging install(PrintWriter err, boolean quiet) {
        return new CliLogging(err, quiet);
    }

    /**
     * One line for a record: the message for information, prefixed by its level for warnings and errors.
     *
     * @param r a log record
     * @return the line, without a line separator
     */
    static String line(LogRecord r) {
        String message = MESSAGE.formatMessage(r);
        if (r.getThrown() != null) {
            message += ": " + r.getThrown();
        }
        int level = r.getLevel().intValue();
        if (level >= Level.SEVERE.intValue()) {
            return "error: " + message;
        }
        return level >= Level.WARNING.intValue() ? "warning: " + message : message;
    }

    @Override
    public void close() {
        LIBRARY.removeHandler(handler);
        handler.flush();
        for (Handler h : previousHandlers) {
            LIBRARY.addHandler(h);
        }
        LIBRARY.setLevel(previousLevel);
        LIBRARY.setUseParentHandlers(previousUseParent);
    }

    /** Writes each record as one line; synchronised because library threads may log concurrently. */
    private static final class WriterHandler extends Handler {
        private final PrintWriter err;

        WriterHandler(PrintWriter err) {
            this.err = err;
        }

        @Override
        public synchronized void publish(LogRecord r) {
            if (isLoggable(r)) {
                err.println(line(r));
                err.flush();
            }
        }

        @Override
        public synchronized void flush() {
            err.flush();
        }

        @Override
        public void close() {
            flush();
        }
    }
}

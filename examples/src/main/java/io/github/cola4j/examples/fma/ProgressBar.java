package io.github.cola4j.examples.fma;

import io.github.cola4j.cola.ProgressLine;
import java.io.PrintWriter;

/**
 * A one-line text progress bar in the {@link ProgressLine} format:
 * {@code [#######.......................] file 120/800  15%  9.3 files/s  elapsed 12.9s  left 1m13s}. On a
 * terminal the line is redrawn in place (carriage return) at most five times a second; otherwise (a log file, a
 * test) a new line is printed at every tenth of the work. Thread-safe.
 */
public final class ProgressBar {
    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final String item;
    private final String items;
    private final long total;
    private final boolean redraw;
    private final long startNanos = System.nanoTime();
    private long done;
    private long counted;
    private long lastDraw;
    private int lastDecile = -1;

    /**
     * A bar at zero.
     *
     * @param out where the bar is printed
     * @param total the amount of work
     * @param item what is counted, singular, for the counter ({@code file 120/800})
     * @param items the same, plural, for the rate ({@code 9.3 files/s})
     * @param redraw redraw one line in place (a terminal) instead of printing lines
     */
    public ProgressBar(PrintWriter out, long total, String item, String items, boolean redraw) {
        this.out = out;
        this.total = total;
        this.item = item;
        this.items = items;
        this.redraw = redraw;
    }

    /**
     * Whether the process looks attached to a terminal.
     *
     * @return true when {@link System#console()} is available, a good default for {@code redraw}
     */
    public static boolean interactive() {
        return System.console() != null;
    }

    /**
     * One more unit done; {@code countsForRate} is false for units that took no time (skipped files), which are
     * left out of the rate and the time left.
     *
     * @param countsForRate true for a unit of real work, false for one that was skipped
     */
    public synchronized void step(boolean countsForRate) {
        step(1, countsForRate);
    }

    /**
     * {@code n} more units done at once (work finished elsewhere and reported in batches, such as a cluster's
     * tasks).
     *
     * @param n units done since the last call, at least 0
     * @param countsForRate true for units of real work, false for skipped ones
     */
    public synchronized void step(long n, boolean countsForRate) {
        if (n <= 0) {
            return;
        }
        done += n;
        if (countsForRate) {
            counted += n;
        }
        long now = System.nanoTime();
        if (redraw) {
            if (now - lastDraw > 200_000_000L || done == total) {
                lastDraw = now;
                out.print('\r' + line(now));
                if (done == total) {
                    out.println();
                }
                out.flush();
            }
        } else {
            int decile = total == 0 ? 10 : (int) (done * 10 / total);
            if (decile != lastDecile) {
                lastDecile = decile;
                out.println(line(now));
                out.flush();
            }
        }
    }

    /**
     * The current line.
     *
     * @return the bar, counts, percentage, rate, time elapsed and time left, without a line break
     */
    public synchronized String line() {
        return line(System.nanoTime());
    }

    private String line(long now) {
        double seconds = (now - startNanos) / 1e9;
        double rate = counted / Math.max(1e-9, seconds);
        int filled = total == 0 ? WIDTH : (int) (done * WIDTH / total);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        double left = rate > 0 ? (total - done) / rate : Double.NaN;
        return ProgressLine.start("[" + bar + "]").count(item, done, total)
                .field((total == 0 ? 100 : done * 100 / total) + "%").end(rate, items, seconds, left);
    }
}

package io.github.cola4j.cola;

import java.util.Locale;
import java.util.StringJoiner;
import java.util.regex.Pattern;

/**
 * One progress line, in the format that every long-running part of cola4j prints (pre-training, fine-tuning,
 * linear evaluation, the command line's file processing): an optional label, then counters ({@code done/total}),
 * then measurements ({@code name value}), then the rate, the time elapsed and the time left, fields two spaces
 * apart, durations as {@link Durations#format} writes them:
 *
 * <pre>
 * step 50/1000  epoch 1/10  loss 4.1234  pair acc 0.123  lr 1.00e-04  41.2 ex/s  elapsed 1m05s  left 20m31s
 * fine-tune epoch 3/20  step 40/100  loss 1.2345  acc 0.412  152.3 ex/s  elapsed 1m05s  left 7m12s
 * [#########.....................] file 240/800  30%  9.3 files/s  elapsed 25.8s  left 1m00s
 * </pre>
 *
 * <pre>{@code
 * String line = ProgressLine.start("fine-tune").count("epoch", 3, 20).value("loss", "%.4f", loss)
 *         .end(examplesPerSecond, "ex", elapsedSeconds, leftSeconds);
 * }</pre>
 */
public final class ProgressLine {
    /**
     * The format as a regular expression, for tests and for programs that read the lines: an optional label, a
     * first counter, any further fields, then rate, elapsed and left.
     */
    public static final Pattern FORMAT = Pattern.compile(
            "(?:.+ )?[a-z]+ \\d+/\\d+(?:  \\S.*?)?  (?:\\?|\\d+\\.\\d) [a-z]+/s  elapsed [0-9hms.?]+  left [0-9hms.?]+");

    private final String label;
    private final StringJoiner fields = new StringJoiner("  ");

    private ProgressLine(String label) {
        this.label = label;
    }

    /**
     * A new line.
     *
     * @param label what the line is about, such as {@code fine-tune} or a progress bar, followed by one space
     *     before the first field; empty for none
     * @return a line holding only the label
     */
    public static ProgressLine start(String label) {
        return new ProgressLine(label);
    }

    /**
     * Adds a counter: {@code what done/total}, such as {@code step 50/1000}.
     *
     * @param what the thing counted, singular ({@code step}, {@code epoch}, {@code file})
     * @param done how many are done (or the current one, counted from 1)
     * @param total how many there are in all
     * @return this line
     */
    public ProgressLine count(String what, long done, long total) {
        return field(what + " " + done + "/" + total);
    }

    /**
     * Adds a measurement: {@code name value}, the value formatted with {@code Locale.ROOT}.
     *
     * @param name what is measured ({@code loss}, {@code pair acc})
     * @param format a {@link String#format} pattern for the value, such as {@code "%.4f"}
     * @param value the value
     * @return this line
     */
    public ProgressLine value(String name, String format, Object value) {
        return field(name + " " + String.format(Locale.ROOT, format, value));
    }

    /**
     * Adds a field as it is, such as {@code 30%}.
     *
     * @param field the text of the field, without the separating spaces
     * @return this line
     */
    public ProgressLine field(String field) {
        fields.add(field);
        return this;
    }

    /**
     * Ends the line with the rate, the time elapsed and the time left: {@code 41.2 ex/s  elapsed 1m05s  left 20m31s}.
     *
     * @param rate units per second; a NaN or infinite rate prints as {@code ?}
     * @param unit the unit of the rate, plural or abbreviated ({@code ex}, {@code files})
     * @param elapsedSeconds the time since the work started, in seconds
     * @param leftSeconds the estimated time to the end of the work, in seconds ({@code ?} when NaN, as before any
     *     progress)
     * @return the finished line, without a line break
     */
    public String end(double rate, String unit, double elapsedSeconds, double leftSeconds) {
        field((Double.isFinite(rate) ? String.format(Locale.ROOT, "%.1f", rate) : "?") + " " + unit + "/s");
        field("elapsed " + Durations.format(elapsedSeconds));
        field("left " + Durations.format(leftSeconds));
        return label.isEmpty() ? fields.toString() : label + " " + fields;
    }

    /**
     * The time left when the work goes on at the rate it went so far.
     *
     * @param elapsedSeconds the time spent on the work done
     * @param done the work done, in any unit (steps, examples, files)
     * @param total the whole work, in the same unit
     * @return {@code elapsed / done * (total - done)} seconds; NaN when nothing is done yet
     */
    public static double timeLeft(double elapsedSeconds, double done, double total) {
        return done > 0 ? elapsedSeconds / done * Math.max(0, total - done) : Double.NaN;
    }
}

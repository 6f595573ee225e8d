package io.github.cola4j.cola;

import java.util.Locale;

/**
 * Durations as the progress lines of pre-training, downstream training and the command-line tools print them:
 * {@code 12.3s}, {@code 4m05s}, {@code 1h02m03s}.
 */
public final class Durations {

    private Durations() {
    }

    /**
     * A duration in seconds as short text: one decimal below a minute, whole seconds above.
     *
     * @param seconds a duration in seconds, such as an elapsed time or an estimate of the time left
     * @return {@code "12.3s"} below a minute, {@code "4m05s"} below an hour, {@code "1h02m03s"} from an hour on
     *     (hours not capped); {@code "?"} for a negative, NaN or infinite duration, which is what an estimate
     *     without data gives
     */
    public static String format(double seconds) {
        if (!(seconds >= 0) || Double.isInfinite(seconds)) {
            return "?";
        }
        // 59.95 would print as 60.0s; from there on it is a minute. Adding 0.0 prints -0.0 as 0.0.
        if (seconds < 59.95) {
            return String.format(Locale.ROOT, "%.1fs", seconds + 0.0);
        }
        long s = Math.round(seconds);
        if (s < 3600) {
            return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s % 3600 / 60, s % 60);
    }
}

package io.github.cola4j.examples.cli;

import java.lang.reflect.AnnotatedElement;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;

/** Checks the options given on a command line against their {@link Bounds}, before the command runs. */
final class BoundsCheck {
    private BoundsCheck() {
    }

    /**
     * Checks every option matched by the command and its subcommands that has {@link Bounds}.
     *
     * @param parsed the parsed command line
     * @throws ParameterException for the first value outside its range, naming the option and the range
     */
    static void check(CommandLine.ParseResult parsed) {
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (OptionSpec o : p.matchedOptions()) {
                Bounds b = o.userObject() instanceof AnnotatedElement e ? e.getAnnotation(Bounds.class) : null;
                if (b != null && o.getValue() instanceof Number n && !within(b, n.doubleValue())) {
                    List<String> typed = o.originalStringValues();
                    String value = typed.isEmpty() ? String.valueOf(n) : typed.get(typed.size() - 1);
                    throw new ParameterException(p.commandSpec().commandLine(), String.format(Locale.ROOT,
                            "Invalid value for option '%s': %s (must be %s)", o.longestName(), value, rule(b)), o,
                            value);
                }
            }
        }
    }

    /**
     * Whether {@code x} lies in the range.
     *
     * @param b the range
     * @param x a value
     * @return true when {@code x} is finite and within the bounds
     */
    static boolean within(Bounds b, double x) {
        return Double.isFinite(x) && (b.minExclusive() ? x > b.min() : x >= b.min())
                && (b.maxExclusive() ? x < b.max() : x <= b.max());
    }

    /**
     * The range in words, as the error message gives it.
     *
     * @param b the range
     * @return {@code at least 2}, {@code above 0}, {@code at most 1}, {@code below 1} or {@code in [0, 1)}
     */
    static String rule(Bounds b) {
        boolean lower = b.min() != Double.NEGATIVE_INFINITY;
        boolean upper = b.max() != Double.POSITIVE_INFINITY;
        if (lower && upper) {
            return "in " + (b.minExclusive() ? "(" : "[") + number(b.min()) + ", " + number(b.max())
                    + (b.maxExclusive() ? ")" : "]");
        }
        if (lower) {
            return (b.minExclusive() ? "above " : "at least ") + number(b.min());
        }
        if (upper) {
            return (b.maxExclusive() ? "below " : "at most ") + number(b.max());
        }
        return "a finite number";
    }

    private static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}

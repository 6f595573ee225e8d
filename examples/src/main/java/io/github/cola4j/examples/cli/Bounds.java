package io.github.cola4j.examples.cli;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The range a numeric option's value must lie in, checked after parsing and before the command runs (see
 * {@link BoundsCheck}): a value outside it is a usage error (exit code 2) whose message names the option, such as
 * {@code Invalid value for option '--batch': 0 (must be at least 2)}. Only values given on the command line are
 * checked, so a default may stand for "not set" ({@code -1}: all). Any value with bounds must be finite.
 *
 * <pre>{@code
 * @Option(names = "--batch", defaultValue = "128") @Bounds(min = 2) int batch;
 * @Option(names = "--lr", defaultValue = "1e-4") @Bounds(min = 0, minExclusive = true) double lr;
 * @Option(names = "--validation-fraction") @Bounds(min = 0, max = 1, maxExclusive = true) double fraction;
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.FIELD, ElementType.METHOD})
public @interface Bounds {
    /**
     * The lower bound.
     *
     * @return the smallest value allowed (or the bound values must lie above, with {@link #minExclusive()})
     */
    double min() default Double.NEGATIVE_INFINITY;

    /**
     * Whether the lower bound itself is outside the range.
     *
     * @return true when values must lie strictly above {@link #min()}
     */
    boolean minExclusive() default false;

    /**
     * The upper bound.
     *
     * @return the largest value allowed (or the bound values must lie below, with {@link #maxExclusive()})
     */
    double max() default Double.POSITIVE_INFINITY;

    /**
     * Whether the upper bound itself is outside the range.
     *
     * @return true when values must lie strictly below {@link #max()}
     */
    boolean maxExclusive() default false;
}

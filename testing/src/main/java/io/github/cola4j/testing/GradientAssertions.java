package io.github.cola4j.testing;

import io.github.cola4j.autograd.GradCheck;
import io.github.cola4j.tensor.Tensor;

/**
 * Assertions on gradients for property tests: the analytic gradient of a function must match central finite
 * differences in float64. A failure names the input, the element's indices and both values.
 */
public final class GradientAssertions {
    /** The default bound on the error of {@link GradCheck}: tight, because everything runs in float64. */
    public static final double DEFAULT_TOLERANCE = 1e-6;

    private GradientAssertions() {
    }

    /**
     * Asserts that {@code f}'s gradients with respect to every input match finite differences to 1e-6.
     *
     * @param f the function to check; it must keep float64 inputs in float64
     * @param inputs the point to check at, one tensor per argument of {@code f}; copied to float64, not changed
     * @return the check's result (worst element and its error), for further assertions
     * @throws AssertionError if an element's error exceeds the tolerance; the message names the input, the indices and
     *     both gradients
     * @throws IllegalArgumentException if the output is not float64 or depends on no input
     */
    public static GradCheck.Result assertGradients(GradCheck.Fn f, Tensor... inputs) {
        return GradCheck.assertGradients(f, DEFAULT_TOLERANCE, inputs);
    }

    /**
     * As {@link #assertGradients(GradCheck.Fn, Tensor...)} with a chosen tolerance.
     *
     * @param tolerance the largest acceptable error, relative for gradients above 1 and absolute below
     * @param f the function to check; it must keep float64 inputs in float64
     * @param inputs the point to check at, one tensor per argument of {@code f}; copied to float64, not changed
     * @return the check's result (worst element and its error), for further assertions
     * @throws AssertionError if an element's error exceeds the tolerance; the message names the input, the indices and
     *     both gradients
     * @throws IllegalArgumentException if the output is not float64 or depends on no input
     */
    public static GradCheck.Result assertGradients(double tolerance, GradCheck.Fn f, Tensor... inputs) {
        return GradCheck.assertGradients(f, tolerance, inputs);
    }
}

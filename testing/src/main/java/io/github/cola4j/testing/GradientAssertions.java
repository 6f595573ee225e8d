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

    /** Asserts that {@code f}'s gradients with respect to every input match finite differences to 1e-6. */
    public static GradCheck.Result assertGradients(GradCheck.Fn f, Tensor... inputs) {
        return GradCheck.assertGradients(f, DEFAULT_TOLERANCE, inputs);
    }

    /** As {@link #assertGradients(GradCheck.Fn, Tensor...)} with a chosen tolerance. */
    public static GradCheck.Result assertGradients(double tolerance, GradCheck.Fn f, Tensor... inputs) {
        return GradCheck.assertGradients(f, tolerance, inputs);
    }
}

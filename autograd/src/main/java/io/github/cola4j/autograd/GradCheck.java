package io.github.cola4j.autograd;

import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Checks a function's analytic gradients against central finite differences, in float64.
 *
 * <p>The function's output is reduced to a scalar with fixed random weights, L = sum(w * f(x)), so one backward
 * gives a vector-Jacobian product that a wrong derivative almost surely spoils; each input element is then moved
 * by +-eps and L recomputed. The error of an element is |analytic - numeric| / max(1, |analytic|, |numeric|):
 * relative for large gradients, absolute near zero. Inputs are converted to float64 first.
 */
public final class GradCheck {

    /** The function to check: variables in, one variable out. */
    @FunctionalInterface
    public interface Fn {
        /**
         * The function's output for the given inputs; it must only use ops on {@code inputs} (no captured
         * variables that need gradients).
         *
         * @param inputs one variable per tensor given to the check, in order, holding float64 values
         * @return the output, of any shape, still in float64
         */
        Variable apply(Variable... inputs);
    }

    /**
     * The worst element found.
     *
     * @param maxError the largest error over all elements of all inputs
     * @param input which input it belongs to
     * @param index its indices in that input
     * @param analytic the gradient back-propagation gave
     * @param numeric the central finite difference
     * @param checked how many elements were compared
     */
    public record Result(double maxError, int input, int[] index, double analytic, double numeric, int checked) {
        /**
         * True when the worst error is at most {@code tolerance}.
         *
         * @param tolerance the largest acceptable error, such as 1e-6
         * @return whether {@code maxError <= tolerance}; a NaN gradient counts as an infinite error and fails
         */
        public boolean passed(double tolerance) {
            return maxError <= tolerance;
        }

        @Override
        public String toString() {
            return String.format("max error %.3e at input %d index %s (analytic %.12g, numeric %.12g; %d elements)",
                    maxError, input, Arrays.toString(index), analytic, numeric, checked);
        }
    }

    private GradCheck() {
    }

    /**
     * Checks with eps = 1e-6.
     *
     * @param f the function to check
     * @param inputs the point to check at, one tensor per argument of {@code f}; copied, not changed
     * @return the worst element; see {@link #check(Fn, double, Tensor...)}
     * @throws IllegalArgumentException if the output is not float64 or depends on no input
     */
    public static Result check(Fn f, Tensor... inputs) {
        return check(f, 1e-6, inputs);
    }

    /**
     * Compares analytic and finite-difference gradients of {@code f} at {@code inputs}, moving each element by
     * +-{@code eps}; the inputs are copied to float64 and left unchanged.
     *
     * @param f the function to check; it is called twice per input element, so keep the inputs small
     * @param eps the step of the finite differences, in the inputs' units
     * @param inputs the point to check at, one tensor per argument of {@code f}
     * @return the worst element over all inputs; input -1 and error 0 when the inputs have no elements
     * @throws IllegalArgumentException if the output is not float64 or depends on no input
     */
    public static Result check(Fn f, double eps, Tensor... inputs) {
        Tensor[] x = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            x[i] = inputs[i].to(DType.FLOAT64).copy();
        }
        Variable[] params = new Variable[x.length];
        for (int i = 0; i < x.length; i++) {
            params[i] = Variable.param(x[i]);
        }
        Variable out = f.apply(params);
        if (out.dtype() != DType.FLOAT64) {
            throw new IllegalArgumentException("gradcheck: the function returned " + out.dtype()
                    + "; it must keep float64 inputs in float64");
        }
        Tensor weights = new Rng(0x5EEDL + out.value().size()).normal(DType.FLOAT64, 0, 1, out.shape());
        if (!out.requiresGrad()) {
            throw new IllegalArgumentException("gradcheck: the output does not depend on any input");
        }
        out.backward(weights);

        double worst = -1;
        int worstInput = -1;
        int worstFlat = -1;
        double worstA = 0;
        double worstN = 0;
        int checked = 0;
        for (int i = 0; i < x.length; i++) {
            double[] base = x[i].toDoubleArray();
            Tensor g = params[i].grad();
            double[] analytic = g == null ? new double[base.length] : g.toDoubleArray();
            for (int e = 0; e < base.length; e++) {
                double numeric = (loss(f, x, i, base, e, eps, weights) - loss(f, x, i, base, e, -eps, weights))
                        / (2 * eps);
                double err = Math.abs(analytic[e] - numeric)
                        / Math.max(1.0, Math.max(Math.abs(analytic[e]), Math.abs(numeric)));
                if (Double.isNaN(err)) {
                    err = Double.POSITIVE_INFINITY;
                }
                checked++;
                if (err > worst) {
                    worst = err;
                    worstInput = i;
                    worstFlat = e;
                    worstA = analytic[e];
                    worstN = numeric;
                }
            }
        }
        int[] index = worstInput < 0 ? new int[0] : unravel(worstFlat, x[worstInput].shape());
        return new Result(Math.max(worst, 0), worstInput, index, worstA, worstN, checked);
    }

    /**
     * Throws an AssertionError naming the worst element when the error exceeds {@code tolerance}.
     *
     * @param f the function to check
     * @param tolerance the largest acceptable error
     * @param inputs the point to check at, one tensor per argument of {@code f}; copied, not changed
     * @return the result, when it passed
     * @throws AssertionError if the worst error exceeds {@code tolerance}
     * @throws IllegalArgumentException if the output is not float64 or depends on no input
     */
    public static Result assertGradients(Fn f, double tolerance, Tensor... inputs) {
        Result r = check(f, inputs);
        if (!r.passed(tolerance)) {
            throw new AssertionError("gradcheck failed (tolerance " + tolerance + "): " + r);
        }
        return r;
    }

    private static double loss(Fn f, Tensor[] x, int which, double[] base, int element, double delta, Tensor w) {
        double[] moved = base.clone();
        moved[element] += delta;
        Variable[] in = new Variable[x.length];
        for (int i = 0; i < x.length; i++) {
            in[i] = Variable.constant(i == which ? Tensor.of(moved).reshape(x[i].shape()) : x[i]);
        }
        try (var scope = Autograd.noGrad()) {
            return f.apply(in).value().mul(w).sum().item();
        }
    }

    static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        int rem = flat;
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = shape[i] == 0 ? 0 : rem % shape[i];
            rem = shape[i] == 0 ? rem : rem / shape[i];
        }
        return idx;
    }
}

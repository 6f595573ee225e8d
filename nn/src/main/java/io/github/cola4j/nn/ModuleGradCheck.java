package io.github.cola4j.nn;

import io.github.cola4j.autograd.Autograd;
import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Finite-difference gradient check of a whole module: the input's gradient and every parameter's, in float64.
 * The module is converted to float64 in place. Randomness is re-seeded before every forward pass, so dropout and
 * stochastic depth draw the same masks each time. Large tensors are checked on a random sample of elements.
 * The input or a parameter that the output does not depend on has analytic gradient zero. A parameter nudged for
 * a central difference gets its value back even when the forward pass throws.
 */
public final class ModuleGradCheck {

    /**
     * The worst element found.
     *
     * @param maxError largest |analytic - numeric| / max(1, |analytic|, |numeric|)
     * @param tensor "input" or the parameter's dotted name
     * @param index the element's indices
     * @param analytic back-propagated gradient
     * @param numeric central difference
     */
    public record Result(double maxError, String tensor, int[] index, double analytic, double numeric) {
        @Override
        public String toString() {
            return String.format("max error %.3e at %s %s (analytic %.12g, numeric %.12g)", maxError, tensor,
                    Arrays.toString(index), analytic, numeric);
        }
    }

    private ModuleGradCheck() {
    }

    /**
     * Checks the gradients of {@code m} at {@code input}, comparing at most {@code maxElementsPerTensor} random
     * elements per tensor (chosen with {@code seed}); converts {@code m} to float64 in place.
     *
     * @param m the module to check, in the mode it is in; left in float64, its parameters holding the analytic
     *     gradients. In training mode every forward pass also moves batch norm's running statistics
     * @param input an input the module accepts; a float64 copy is used and {@code input} is left as it is
     * @param maxElementsPerTensor most elements compared per tensor; a larger tensor is checked at that many
     *     random positions (possibly repeated)
     * @param seed seeds {@link Randomness} before every forward pass, the random weights that reduce the output
     *     to a scalar loss, and the choice of elements
     * @return the worst element over the input and every parameter: maxError 0 when nothing was compared,
     *     infinite when an error is NaN
     */
    public static Result check(Module m, Tensor input, int maxElementsPerTensor, long seed) {
        m.to(DType.FLOAT64);
        Tensor x = input.to(DType.FLOAT64).copy();
        Tensor weights;
        Variable xv = Variable.param(x);
        Randomness.seed(seed);
        Variable out = m.forward(xv);
        weights = new Rng(seed ^ 0x9E37L).normal(DType.FLOAT64, 0, 1, out.shape());
        m.zeroGrad();
        out.backward(weights);

        List<String> names = new ArrayList<>();
        List<Tensor> analytic = new ArrayList<>();
        names.add("input");
        analytic.add(xv.grad() == null ? Tensor.zeros(DType.FLOAT64, x.shape()) : xv.grad());
        Map<String, Variable> params = m.namedParameters();
        params.forEach((n, p) -> {
            names.add(n);
            analytic.add(p.grad() == null ? Tensor.zeros(DType.FLOAT64, p.shape()) : p.grad());
        });

        Rng pick = new Rng(seed + 17);
        double eps = 1e-6;
        Result worst = new Result(0, "input", new int[0], 0, 0);
        List<Variable> paramList = new ArrayList<>(params.values());
        for (int t = 0; t < names.size(); t++) {
            Tensor base = t == 0 ? x : paramList.get(t - 1).value();
            double[] values = base.toDoubleArray();
            double[] grad = analytic.get(t).toDoubleArray();
            for (int e : sample(values.length, maxElementsPerTensor, pick)) {
                double plus = lossWith(m, x, paramList, t, values, e, eps, weights, seed);
                double minus = lossWith(m, x, paramList, t, values, e, -eps, weights, seed);
                double numeric = (plus - minus) / (2 * eps);
                double err = Math.abs(grad[e] - numeric) / Math.max(1, Math.max(Math.abs(grad[e]), Math.abs(numeric)));
                if (!(err <= worst.maxError())) {
                    worst = new Result(Double.isNaN(err) ? Double.POSITIVE_INFINITY : err, names.get(t),
                            unravel(e, base.shape()), grad[e], numeric);
                }
            }
        }
        return worst;
    }

    private static int[] sample(int n, int max, Rng r) {
        if (n <= max) {
            int[] all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            return all;
        }
        int[] s = new int[max];
        for (int i = 0; i < max; i++) {
            s[i] = r.nextInt(n);
        }
        return s;
    }

    private static double lossWith(Module m, Tensor x, List<Variable> params, int which, double[] values, int element,
            double delta, Tensor weights, long seed) {
        double[] moved = values.clone();
        moved[element] += delta;
        Tensor shifted = Tensor.of(moved).reshape(which == 0 ? x.shape() : params.get(which - 1).shape());
        Tensor in = x;
        Variable param = which == 0 ? null : params.get(which - 1);
        Tensor original = param == null ? null : param.value();
        if (param == null) {
            in = shifted;
        } else {
            param.setValue(shifted);
        }
        try (var scope = Autograd.noGrad()) {
            Randomness.seed(seed);
            return m.forward(Variable.constant(in)).value().mul(weights).sum().item();
        } finally {
            if (param != null) {
                param.setValue(original);
            }
        }
    }

    private static int[] unravel(int flat, int[] shape) {
        int[] idx = new int[shape.length];
        int rem = flat;
        for (int i = shape.length - 1; i >= 0; i--) {
            idx[i] = rem % shape[i];
            rem /= shape[i];
        }
        return idx;
    }
}

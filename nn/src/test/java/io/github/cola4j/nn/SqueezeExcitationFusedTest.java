package io.github.cola4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Squeeze-excitation as one autograd op (the fused backward) gives the output and gradients of its composition of
 * {@code Variable} ops, which the module runs when a forward hook is registered on a child. Its float64 gradients
 * against finite differences are in {@link LayerGradientProperties}.
 */
class SqueezeExcitationFusedTest {

    private static List<double[]> outputAndGradients(SqueezeExcitation se, Tensor x, Tensor upstream) {
        se.zeroGrad();
        Variable xv = Variable.param(x);
        Variable y = se.call(xv);
        y.backward(upstream);
        List<double[]> r = new ArrayList<>();
        r.add(y.value().toDoubleArray());
        r.add(xv.grad().toDoubleArray());
        for (Variable p : se.parameters()) {
            r.add(p.grad().toDoubleArray());
        }
        return r;
    }

    @ParameterizedTest
    @CsvSource({"FLOAT64, 2, 6, 3, 4, 5", "FLOAT32, 3, 16, 4, 7, 7", "FLOAT64, 1, 4, 1, 1, 1", "FLOAT32, 2, 8, 2, 1, 9"})
    void fusedBackwardMatchesTheComposition(DType type, int n, int c, int squeeze, int h, int w) {
        Randomness.seed(3);
        SqueezeExcitation se = new SqueezeExcitation(c, squeeze);
        se.to(type);
        Rng rng = new Rng(11);
        Tensor x = rng.normal(type, 0, 1, n, c, h, w);
        Tensor upstream = rng.normal(type, 0, 1, n, c, h, w);
        List<double[]> fused = outputAndGradients(se, x, upstream);
        Module fc1 = se.children().get("fc1");
        ForwardHook none = (m, in, out) -> { };
        fc1.addForwardHook(none);
        List<double[]> composed = outputAndGradients(se, x, upstream);
        fc1.removeForwardHook(none);
        double tol = type == DType.FLOAT64 ? 1e-12 : 1e-5;
        String[] names = {"output", "input gradient", "fc1 weight", "fc1 bias", "fc2 weight", "fc2 bias"};
        assertEquals(composed.size(), fused.size());
        for (int t = 0; t < fused.size(); t++) {
            double[] a = fused.get(t);
            double[] b = composed.get(t);
            assertEquals(b.length, a.length, names[t]);
            double scale = 0;
            for (double v : b) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], tol * Math.max(1, scale), names[t] + " at " + i);
            }
        }
    }
}

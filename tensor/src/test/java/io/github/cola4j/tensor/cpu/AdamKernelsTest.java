package io.github.cola4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.cola4j.tensor.AdamCoefficients;
import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused CPU Adam update gives the same bits as Adam's formulas composed from element-wise tensor ops, in
 * float32 and float64, with each kind of weight decay, over several steps (moments carried), and with a gradient
 * that is a strided view.
 */
class AdamKernelsTest {

    private static Tensor composedStep(Tensor p, Tensor g, Tensor[] mv, AdamCoefficients c, long t) {
        Tensor grad = c.l2Decay() ? g.add(p.mul(c.weightDecay())) : g;
        mv[0] = mv[0].mul(c.beta1()).add(grad.mul(1 - c.beta1()));
        mv[1] = mv[1].mul(c.beta2()).add(grad.mul(grad).mul(1 - c.beta2()));
        Tensor denom = mv[1].sqrt().mul(c.inverseBias2Root(t)).add(c.eps());
        Tensor base = c.shrinks() ? p.mul(1 - c.lr() * c.weightDecay()) : p;
        return base.sub(mv[0].div(denom).mul(c.stepSize(t)));
    }

    @ParameterizedTest
    @CsvSource({
        "FLOAT32, 0, false, 1, 1", "FLOAT32, 0.01, false, 37, 5", "FLOAT32, 0.1, true, 70001, 3",
        "FLOAT64, 0, false, 13, 7", "FLOAT64, 0.01, false, 9, 4", "FLOAT64, 0.1, true, 40000, 2"})
    void fusedUpdateEqualsTheComposedFormulas(DType dtype, double decay, boolean decoupled, int rows, int cols) {
        Rng rng = new Rng(rows * 31L + cols);
        AdamCoefficients c = new AdamCoefficients(3e-3, 0.9, 0.999, 1e-8, decay, decoupled);
        Tensor p = rng.normal(dtype, 0, 1, rows, cols);
        Tensor m = Tensor.zeros(dtype, rows, cols);
        Tensor v = Tensor.zeros(dtype, rows, cols);
        Tensor expectedP = p.copy();
        Tensor[] expectedMv = {m.copy(), v.copy()};
        for (long t = 1; t <= 3; t++) {
            // a transposed view: the fused path has to read a strided gradient correctly
            Tensor g = rng.normal(dtype, 0, 1, cols, rows).t();
            expectedP = composedStep(expectedP, g, expectedMv, c, t);
            Backends.cpu().adamUpdate(List.of(p), List.of(g), List.of(m), List.of(v), new long[] {t}, c);
            assertArrayEquals(expectedMv[0].toDoubleArray(), m.toDoubleArray(), "first moment, step " + t);
            assertArrayEquals(expectedMv[1].toDoubleArray(), v.toDoubleArray(), "second moment, step " + t);
            assertArrayEquals(expectedP.toDoubleArray(), p.toDoubleArray(), "parameter, step " + t);
        }
    }
}

package io.github.cola4j.cola;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.GradCheck;
import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ColaLossProperties {

    /** The bilinear COLA loss as a function of anchors, positives and W: -mean_i log softmax_j(a_i W p_j)[i]. */
    private static Variable bilinearLoss(Variable a, Variable p, Variable w) {
        return ColaLoss.of(a.matmul(w).matmul(p.t())).loss();
    }

    @Property(tries = 20)
    void bilinearLossGradients(@ForAll @IntRange(min = 1, max = 6) int b, @ForAll @IntRange(min = 1, max = 5) int d,
            @ForAll long seed) {
        Rng r = new Rng(seed);
        GradCheck.assertGradients(v -> bilinearLoss(v[0], v[1], v[2]), 1e-6,
                r.normal(DType.FLOAT64, 0, 1, b, d), r.normal(DType.FLOAT64, 0, 1, b, d),
                r.normal(DType.FLOAT64, 0, 1, d, d));
    }

    @Test
    void lossAndAccuracyOnAHandMadeBatch() {
        // W = I: similarities are plain dot products; anchors equal positives, so every anchor finds its pair.
        Tensor e = Tensor.of(new double[] {1, 0, 0, 1, -1, 0}, 3, 2);
        Variable w = Variable.param(Tensor.of(new double[] {1, 0, 0, 1}, 2, 2));
        ColaLoss.Result r = ColaLoss.of(Variable.constant(e).matmul(w).matmul(Variable.constant(e).t()));
        assertEquals(1.0, r.accuracy());
        // row 0: scores (1, 0, -1) -> -log(e / (e + 1 + 1/e))
        double row0 = -Math.log(Math.E / (Math.E + 1 + 1 / Math.E));
        double row1 = -Math.log(Math.E / (1 + Math.E + 1));
        double row2 = -Math.log(Math.E / (1 / Math.E + 1 + Math.E));
        assertEquals((row0 + row1 + row2) / 3, r.loss().value().item(), 1e-12);
        assertTrue(r.loss().requiresGrad());
    }
}

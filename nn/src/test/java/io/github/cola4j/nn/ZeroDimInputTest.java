package io.github.cola4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.TensorException;
import org.junit.jupiter.api.Test;

/** Layers that need an axis reject a 0-d input with a TensorException naming the layer and the shape. */
class ZeroDimInputTest {
    private static final Variable SCALAR = Variable.constant(Tensor.scalar(DType.FLOAT32, 1.5));

    private static void assertRejected(Module m, String layer) {
        TensorException e = assertThrows(TensorException.class, () -> m.forward(SCALAR));
        assertTrue(e.getMessage().startsWith(layer + ": ") && e.getMessage().contains("(shape [])"), e.getMessage());
    }

    @Test
    void layerNorm() {
        assertRejected(new LayerNorm(1), "LayerNorm(1)");
    }

    @Test
    void linear() {
        assertRejected(new Linear(1, 2, true), "Linear(1, 2)");
    }

    @Test
    void stochasticDepthInTraining() {
        StochasticDepth sd = new StochasticDepth(0.5);
        sd.train(true);
        assertRejected(sd, "StochasticDepth(0.5)");
    }

    @Test
    void stochasticDepthIsStillAnIdentityInEvaluation() {
        StochasticDepth sd = new StochasticDepth(0.5);
        sd.eval();
        assertArrayEquals(new int[0], sd.forward(SCALAR).shape());
    }

    @Test
    void oneDimensionalInputsStillWork() {
        Variable x = Variable.constant(Tensor.of(new float[] {1, 2, 3}));
        assertArrayEquals(new int[] {3}, new LayerNorm(3).forward(x).shape());
        assertArrayEquals(new int[] {2}, new Linear(3, 2, true).forward(x).shape());
        assertArrayEquals(new int[] {3}, new StochasticDepth(0.5).forward(x).shape());
    }
}

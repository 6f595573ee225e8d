package io.github.cola4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.optim.Adam;
import io.github.cola4j.nn.optim.Optimizer;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * Training end to end: a small EfficientNet with Adam and cross-entropy over-fits a tiny labelled batch on a
 * fixed seed, and the same seed gives bit-identical losses.
 */
class OverfitTest {
    static final int STEPS = 20;
    static final int[] LABELS = {0, 1, 2, 0, 1, 2};

    /** Loss before each step, then the training accuracy after the last one, as the final element. */
    private static double[] train(long seed) {
        Randomness.seed(seed);
        EfficientNet net = new EfficientNet(new EfficientNetConfig(0.25, 0.25, 1, 0.0,
                EfficientNetConfig.Pooling.AVG), 3, 0.0);
        net.train(true);
        Variable x = Variable.constant(new Rng(seed + 1).normal(DType.FLOAT32, 0, 1, LABELS.length, 1, 32, 32));
        Optimizer opt = new Adam(net.parameters(), 1e-2);
        double[] out = new double[STEPS + 1];
        for (int s = 0; s < STEPS; s++) {
            opt.zeroGrad();
            Variable loss = Losses.crossEntropy(net.forward(x), LABELS);
            out[s] = loss.value().item();
            loss.backward();
            opt.step();
        }
        Tensor pred = net.forward(x).value().argmax(1, false);
        double correct = 0;
        for (int i = 0; i < LABELS.length; i++) {
            correct += pred.get(i) == LABELS[i] ? 1 : 0;
        }
        out[STEPS] = correct / LABELS.length;
        return out;
    }

    @Test
    void smallEfficientNetOverfitsATinyBatchReproducibly() {
        long t0 = System.nanoTime();
        double[] a = train(42);
        long t1 = System.nanoTime();
        System.out.printf("overfit: %d steps in %.1f s, loss %.4f -> %.4f, accuracy %.2f%n", STEPS, (t1 - t0) / 1e9,
                a[0], a[STEPS - 1], a[STEPS]);
        assertTrue(a[STEPS - 1] < 0.25 * a[0], "loss did not fall enough: " + a[0] + " -> " + a[STEPS - 1]);
        assertEquals(1.0, a[STEPS], "training accuracy after " + STEPS + " steps");
        double[] b = train(42);
        assertArrayEquals(a, b, "same seed, different losses");
    }
}

package io.github.cola4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Autograd;
import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** At inference a convolution and the evaluation-mode batch norm after it run as one folded convolution. */
class InferenceFoldingTest {

    /** Trains the running statistics away from 0 and 1 on a few batches, then switches to evaluation. */
    private static Sequential trained(Sequential block, int in, long seed) {
        Rng r = new Rng(seed);
        block.train(true);
        try (Autograd.NoGradScope s = Autograd.noGrad()) {
            for (int i = 0; i < 5; i++) {
                block.forward(Variable.constant(r.normal(DType.FLOAT32, 1.5, 3, 4, in, 9, 7)));
            }
        }
        block.eval();
        return block;
    }

    private static void foldedEqualsUnfolded(Sequential block, int in, long seed) {
        Tensor x = new Rng(seed + 1).normal(DType.FLOAT32, 0.5, 2, 3, in, 9, 7);
        Tensor folded;
        try (Autograd.NoGradScope s = Autograd.noGrad()) {
            folded = block.forward(Variable.constant(x)).value();
        }
        // with gradients on, the layers run one by one
        Variable unfolded = block.forward(Variable.constant(x));
        assertTrue(unfolded.requiresGrad(), "the unfolded path records the graph");
        assertEquals(unfolded.value().shape().length, folded.shape().length);
        double[] a = unfolded.value().toDoubleArray();
        double[] b = folded.toDoubleArray();
        double worst = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        assertTrue(worst <= 1e-5 * scale, "folded and unfolded differ by " + worst + " (largest value " + scale + ")");
    }

    @Test
    void convolutionNormAndActivationFoldAtInference() {
        foldedEqualsUnfolded(trained(ConvNormActivation.of(5, 8, 3, 2, 1, true), 5, 1), 5, 1);
        foldedEqualsUnfolded(trained(ConvNormActivation.of(6, 6, 5, 1, 6, false), 6, 2), 6, 2);
        // SiLU applied as the convolution writes: depthwise, and a 1x1 over the batch of small maps
        foldedEqualsUnfolded(trained(ConvNormActivation.of(6, 6, 3, 1, 6, true), 6, 4), 6, 4);
        foldedEqualsUnfolded(trained(ConvNormActivation.of(6, 10, 1, 1, 1, true), 6, 5), 6, 5);
        foldedEqualsUnfolded(trained(new Sequential(new Conv2d(4, 3, 1, 1, 0, 1, true), new BatchNorm2d(3)), 4, 3),
                4, 3);
    }

    @Test
    void trainingModeAndMismatchedChannelsAreNotFolded() {
        Tensor x = new Rng(9).normal(DType.FLOAT32, 0, 1, 2, 2, 5, 5);
        try (Autograd.NoGradScope s = Autograd.noGrad()) {
            // training mode normalises with the batch's own statistics: per channel, mean 0 before the SiLU
            Sequential noAct = new Sequential(new Conv2d(2, 4, 3, 1, 1, 1, false), new BatchNorm2d(4));
            noAct.train(true);
            double mean = noAct.forward(Variable.constant(x)).value().mean(false, 0, 2, 3).abs().max().item();
            assertTrue(mean < 1e-5, "batch statistics used: channel means " + mean);
        }
        Sequential wrong = new Sequential(new Conv2d(2, 4, 1, 1, 0, 1, false), new BatchNorm2d(3));
        wrong.eval();
        try (Autograd.NoGradScope s = Autograd.noGrad()) {
            Exception e = assertThrows(RuntimeException.class,
                    () -> wrong.forward(Variable.constant(x)));
            assertTrue(e.getMessage().contains("BatchNorm2d(3)"), e.getMessage());
        }
    }
}

package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Autograd;
import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.Activation;
import io.github.cola4j.nn.Linear;
import io.github.cola4j.nn.Losses;
import io.github.cola4j.nn.Metrics;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.Sequential;
import io.github.cola4j.nn.data.Batch;
import io.github.cola4j.nn.data.DataLoader;
import io.github.cola4j.nn.data.TensorDataset;
import io.github.cola4j.nn.optim.Adam;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The root README's "Train a model" snippet, statement for statement; where the README prints, this test records
 * the loss and asserts. Keep the two in step.
 */
class ReadmeTrainingTest {

    @Test
    void theReadmesMlpLearnsXor() {
        double firstEpochLoss = 0;
        double lastEpochLoss = 0;

        // --- the README's snippet, from here
        // 512 points in the plane; class 1 where both coordinates have the same sign (XOR: no line separates it)
        Tensor x = new Rng(0).normal(DType.FLOAT32, 0, 1, 512, 2);
        float[] p = x.toFloatArray();
        int[] y = new int[512];
        for (int i = 0; i < 512; i++) {
            y[i] = p[2 * i] * p[2 * i + 1] > 0 ? 1 : 0;
        }
        DataLoader loader = new DataLoader(TensorDataset.ofClasses(x, y), 32).withShuffle(1);

        Randomness.seed(1);                                      // the weights' initialisation repeats
        Sequential model = new Sequential(new Linear(2, 32, true), Activation.relu(), new Linear(32, 2, true));
        Adam adam = new Adam(model.parameters(), 1e-2);
        model.train(true);
        for (int epoch = 0; epoch < 20; epoch++) {
            double sum = 0;
            for (Batch b : loader) {                             // each pass over the loader is a new shuffle
                Variable loss = Losses.crossEntropy(model.call(Variable.constant(b.features())), b.classLabels());
                adam.zeroGrad();
                loss.backward();
                adam.step();
                sum += loss.value().item();
            }
            double meanLoss = sum / loader.batchesPerEpoch();
            // README: System.out.printf("epoch %d: loss %.3f%n", epoch, meanLoss);
            if (epoch == 0) {
                firstEpochLoss = meanLoss;
            }
            lastEpochLoss = meanLoss;
        }
        model.eval();
        double accuracy;
        try (Autograd.NoGradScope noGrad = Autograd.noGrad()) {
            accuracy = Metrics.accuracy(model.call(Variable.constant(x)).value(), y);
        }
        // README: System.out.printf("training accuracy %.1f %%%n", 100 * accuracy);
        // --- to here

        assertTrue(lastEpochLoss < 0.5 * firstEpochLoss, "loss " + firstEpochLoss + " -> " + lastEpochLoss);
        assertTrue(accuracy > 0.9, "accuracy " + accuracy + " (chance 0.5)");
    }
}

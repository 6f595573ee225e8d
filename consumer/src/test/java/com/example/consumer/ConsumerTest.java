package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Losses;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.optim.Adam;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.cpu.VectorSupport;
import org.junit.jupiter.api.Test;

/** Uses cola4j by its coordinates: a small network trains, and the library runs without the Vector API module. */
class ConsumerTest {

    @Test
    void aSmallEfficientNetTrainsWithoutTheVectorModule() {
        assertFalse(VectorSupport.enabled(), "this JVM runs without --add-modules jdk.incubator.vector");
        Randomness.seed(7);
        EfficientNet net = new EfficientNet(new EfficientNetConfig(0.25, 0.25, 1, 0.0,
                EfficientNetConfig.Pooling.AVG), 3, 0.0);
        Tensor x = new Rng(8).normal(DType.FLOAT32, 0, 1, 6, 1, 32, 32);
        int[] labels = {0, 1, 2, 0, 1, 2};
        Adam adam = new Adam(net.parameters(), 1e-2);
        double first = 0;
        double last = 0;
        for (int step = 0; step < 15; step++) {
            Variable loss = Losses.crossEntropy(net.forward(Variable.constant(x)), labels);
            adam.zeroGrad();
            loss.backward();
            adam.step();
            last = loss.value().item();
            if (step == 0) {
                first = last;
            }
        }
        assertTrue(last < 0.5 * first, "loss " + first + " -> " + last);
    }
}

package io.github.cola4j.cola.eval;

import io.github.cola4j.cola.data.Augmentation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.cola.ColaConfig;
import io.github.cola4j.cola.ColaModel;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.tensor.Rng;
import java.util.Set;
import org.junit.jupiter.api.Test;

class GenreClassifierTest {

    @Test
    void shapesKeysAndPretrainedEncoder() {
        Randomness.seed(5);
        ColaModel cola = new ColaModel(ColaConfig.paper().toBuilder().encoder(FineTuningTest.tiny()).build());
        GenreClassifier g = new GenreClassifier(cola.encoder(), 8);
        assertSame(cola.encoder(), g.encoder());
        Set<String> keys = g.stateDict().keySet();
        for (String k : new String[] {"head.0.weight", "head.1.weight", "head.3.weight", "head.5.weight",
            "head.5.bias"}) {
            assertTrue(keys.contains(k), k);
        }
        assertTrue(keys.stream().anyMatch(k -> k.startsWith("encoder.features.")));
        // the encoder's keys are the COLA model's, so pre-trained weights load by name
        cola.stateDict().keySet().stream().filter(k -> k.startsWith("encoder."))
                .forEach(k -> assertTrue(keys.contains(k), k));
        int f = FineTuningTest.tiny().featureWidth();
        assertArrayEquals(new int[] {512, f}, g.stateDict().get("head.0.weight").tensor().shape());
        assertArrayEquals(new int[] {256, 512}, g.stateDict().get("head.3.weight").tensor().shape());
        assertArrayEquals(new int[] {8, 256}, g.stateDict().get("head.5.weight").tensor().shape());

        Variable x = Variable.constant(new Rng(1).normal(io.github.cola4j.tensor.DType.FLOAT32, 0, 1, 3, 1, 40, 64));
        g.eval();
        assertArrayEquals(new int[] {3, 8}, g.forward(x).shape());

        LinearProbe probe = new LinearProbe(f, 8);
        assertArrayEquals(new int[] {3, 8}, new ProbedEncoder(cola.encoder(), probe).forward(x).shape());

        assertThrows(IllegalArgumentException.class,
                () -> new GenreClassifier(new EfficientNet(FineTuningTest.tiny(), 4, 0.2), 8));
    }

    @Test
    void augmentationMasksWithTheMeanAndScales() {
        float[] crop = new float[200 * 64];
        for (int i = 0; i < crop.length; i++) {
            crop[i] = i / 64;
        }
        float mean = (float) (199 / 2.0);
        new Augmentation(0.3, 0.5, 1, 1).apply(crop, new Rng(4));
        int masked = 0;
        for (int t = 0; t < 200; t++) {
            if (crop[t * 64] != t) {
                masked++;
                for (int b = 0; b < 64; b++) {
                    assertEquals(mean, crop[t * 64 + b], 1e-3);
                }
            }
        }
        assertTrue(masked > 20 && masked < 150, "masked " + masked);

        float[] ones = new float[64 * 4];
        java.util.Arrays.fill(ones, 1f);
        new Augmentation(0, 0, 0.9, 1.1).apply(ones, new Rng(9));
        assertTrue(ones[0] >= 0.9f && ones[0] <= 1.1f && ones[0] != 1f);
        assertEquals(ones[0], ones[255]);
        assertTrue(!Augmentation.none().isActive() && Augmentation.seed().isActive());
    }
}

package io.github.cola4j.cola.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.Rng;
import org.junit.jupiter.api.Test;

class AugmentationTest {

    /** The gain applied to a one-value crop holding 1. */
    private static double gain(Augmentation a, long seed) {
        float[] one = {1f};
        a.apply(one, 0, 1, 1, 0f, new Rng(seed));
        return one[0];
    }

    @Test
    void theGainIsDrawnFromTheHalfOpenRange() {
        // ends exactly representable as floats; rounding the factor to float could only give gainMax for a draw
        // within about 1e-7 of it, which these seeds do not make
        Augmentation a = new Augmentation(0, 0, 0.5, 2.0);
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (long seed = 0; seed < 2000; seed++) {
            double g = gain(a, seed);
            assertTrue(g >= 0.5 && g < 2.0, "gain " + g);
            lo = Math.min(lo, g);
            hi = Math.max(hi, g);
        }
        // and it covers the range
        assertTrue(lo < 0.55 && hi > 1.95, lo + " .. " + hi);
    }

    @Test
    void equalEndsGiveExactlyThatGain() {
        Augmentation a = new Augmentation(0, 0, 0.75, 0.75);
        for (long seed = 0; seed < 20; seed++) {
            assertEquals(0.75, gain(a, seed), 0.0);
        }
    }
}

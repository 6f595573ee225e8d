package io.github.cola4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class LaneSumsTest {

    /** The documented order in scalar code: lane i plus lane i + L/2, then i + L/4, ..., then lane 0. */
    private static float tree(float[] x) {
        float[] s = x.clone();
        int n = s.length;
        for (int h = n / 2; h >= 1; h /= 2) {
            float[] t = new float[n];
            for (int i = 0; i < n; i++) {
                t[i] = s[i] + s[(i + h) % n];
            }
            s = t;
        }
        return s[0];
    }

    @Test
    void sumsTheLanesInTheDocumentedTreeOrderBitForBit() {
        Assumptions.assumeTrue(VectorSupport.enabled(), "needs --add-modules jdk.incubator.vector");
        int n = FloatVector.SPECIES_PREFERRED.length();
        Random r = new Random(3);
        for (int k = 0; k < 2000; k++) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                // wide magnitudes, so that another order would round differently
                x[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(8) - 4));
            }
            // as the kernels use it: the vector stored to an array, then summed
            float[] lanes = new float[n + 3];
            FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0).intoArray(lanes, 3);
            float got = LaneSums.sum(lanes, 3, n);
            float gotVector = LaneSums.sum(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, x, 0));
            assertEquals(Float.floatToIntBits(tree(x)), Float.floatToIntBits(got), "lanes " + java.util.Arrays.toString(x));
            assertEquals(Float.floatToIntBits(tree(x)), Float.floatToIntBits(gotVector), "lanes " + java.util.Arrays.toString(x));
        }
    }
}

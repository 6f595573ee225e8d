package io.github.cola4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The row-dot kernel's sums are the documented ones bit for bit: per vector lane, the products of that lane's
 * positions added by fused multiply-adds in order, then the lanes added in {@link LaneSums}' tree order, so that
 * the in-register lane reduction of its 4 x 4 blocks and the scalar one give the same training runs.
 */
class SgemmRowDotTest {

    /** One element of C as the kernel documents it, for a depth that is a whole number of vectors. */
    private static float documentedDot(float[] a, int a0, float[] b, int b0, int k, int lanes) {
        float[] acc = new float[lanes];
        for (int p = 0; p < k; p++) {
            acc[p % lanes] = Math.fma(a[a0 + p], b[b0 + p], acc[p % lanes]);
        }
        return LaneSums.sum(acc, 0, lanes);
    }

    @Test
    void blocksSumTheirLanesInTheDocumentedOrderBitForBit() {
        Assumptions.assumeTrue(VectorSupport.enabled() && SgemmRowDot.SUITED,
                "the row-dot kernel runs only with the Vector API and vectors of 16 lanes or more");
        int lanes = FloatVector.SPECIES_PREFERRED.length();
        Random r = new Random(11);
        // m, n: whole 4 x 4 blocks and ragged edges; k: within one pass and over several (KC)
        int[][] shapes = {{4, 4, 16 * 5}, {8, 12, 16 * 70}, {7, 6, SgemmRowDot.KC + 16 * 9}};
        for (int[] shape : shapes) {
            int m = shape[0];
            int n = shape[1];
            int k = shape[2];
            float[] a = new float[m * k];
            float[] b = new float[n * k];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(6) - 3));
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(6) - 3));
            }
            float[] c = new float[m * n];
            SgemmRowDot.rows(0, m, n, k, 1f, a, 0, k, b, 0, k, 0f, c, 0, n);
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    // passes of KC elements are summed one after another into C
                    float want = 0f;
                    for (int p0 = 0; p0 < k; p0 += SgemmRowDot.KC) {
                        int kc = Math.min(SgemmRowDot.KC, k - p0);
                        float pass = documentedDot(a, i * k + p0, b, j * k + p0, kc, lanes);
                        want = p0 == 0 ? pass : pass + want;
                    }
                    assertEquals(Float.floatToIntBits(want), Float.floatToIntBits(c[i * n + j]),
                            "C[" + i + "][" + j + "] of " + m + " x " + n + " x " + k + ": " + want + " vs "
                                    + c[i * n + j]);
                }
            }
        }
    }
}

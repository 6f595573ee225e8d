package io.github.cola4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Vector API logarithm of the log-mel path against {@code Math.log}. */
class VectorLogTest {

    @Test
    void withinTwoUlpOfMathLogOverTheClampedRanges() {
        assumeTrue(Dot.VECTOR, "needs --add-modules jdk.incubator.vector");
        int lanes = VectorLog.LANES;
        Random r = new Random(3);
        float[] a = new float[lanes * 4096];
        for (int i = 0; i < a.length; i++) {
            // log-uniform over [1e-12, 1e9], plus exact powers of two and values near 1 and sqrt(1/2)
            a[i] = switch (i % 4) {
                case 0 -> (float) Math.pow(10, -12 + 21 * r.nextDouble());
                case 1 -> (float) Math.scalb(1.0, r.nextInt(60) - 40);
                case 2 -> (float) (1 + (r.nextDouble() - 0.5) * 1e-3);
                default -> (float) (Math.sqrt(0.5) * (1 + (r.nextDouble() - 0.5) * 1e-4));
            };
        }
        float[] x = a.clone();
        VectorLog.lnClamped(a, a.length, 1e-10f, 1e8f);
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            double want = Math.log(Math.min(Math.max(x[i], 1e-10f), 1e8f));
            double err = Math.abs(a[i] - want) / Math.ulp((float) want == 0 ? Float.MIN_NORMAL : (float) want);
            worst = Math.max(worst, Math.abs(a[i] - want) < 1e-7 ? 0 : err);
        }
        assertTrue(worst <= 2, "worst error " + worst + " ulp");

        float[] b = x.clone();
        float max = VectorLog.tenLog10(b, b.length, 1e-10f);
        float top = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < b.length; i++) {
            double want = 10 * Math.log10(Math.max(x[i], 1e-10f));
            assertEquals(want, b[i], 2e-5 * Math.max(1, Math.abs(want)));
            top = Math.max(top, b[i]);
        }
        assertEquals(top, max);
    }
}

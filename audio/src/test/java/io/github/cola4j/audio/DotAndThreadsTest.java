package io.github.cola4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class DotAndThreadsTest {

    @Test
    void vectorAndScalarDotProductsAgree() {
        Random r = new Random(5);
        for (int n : new int[] {0, 1, 7, 16, 31, 119, 319, 1000}) {
            float[] a = new float[n + 3];
            float[] b = new float[n + 5];
            for (int i = 0; i < a.length; i++) {
                a[i] = r.nextFloat() - 0.5f;
            }
            for (int i = 0; i < b.length; i++) {
                b[i] = r.nextFloat() - 0.5f;
            }
            double exact = 0;
            for (int i = 0; i < n; i++) {
                exact += (double) a[i + 3] * b[i + 5];
            }
            assertEquals(exact, Dot.dot(a, 3, b, 5, n), 1e-4);
            assertEquals(exact, Dot.scalar(a, 3, b, 5, n), 1e-4);
        }
    }

    @Test
    void fftLeavesNoNonDaemonThreads() {
        // a transform large enough that JTransforms would normally split it over its own pool
        Stft big = Stft.torch(1 << 16, 1 << 16, 1 << 15, Stft.Padding.REFLECT, Stft.Spectrum.POWER);
        big.compute(new float[1 << 17]);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && !t.isDaemon() && t != Thread.currentThread()) {
                assertTrue(!t.getName().startsWith("pool-") && !t.getName().contains("jtransforms"),
                        "non-daemon thread left running: " + t.getName());
            }
        }
    }
}

package io.github.cola4j.opencl;

import static io.github.cola4j.opencl.OpenClTestSupport.assertClose;
import static io.github.cola4j.opencl.OpenClTestSupport.between;
import static io.github.cola4j.opencl.OpenClTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.Losses;
import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.LossAndGrad;
import io.github.cola4j.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fused softmax cross-entropy kernel against the CPU backend, and what one call moves. */
class OpenClCrossEntropyTest {
    private final Backend cpu = Backends.cpu();

    private static int[] labels(Random rnd, int n, int c) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = rnd.nextInt(c);
        }
        // the first and the last class are labels too
        l[0] = 0;
        l[n - 1] = c - 1;
        return l;
    }

    /** Logits of a few units, or with about one entry in five set to +-80 (exp overflows without the max). */
    private static Tensor logits(Random rnd, int n, int c, boolean large) {
        Tensor x = random(rnd, n, c).mul(3);
        if (!large) {
            return x;
        }
        float[] v = x.toFloatArray();
        for (int i = 0; i < v.length; i++) {
            int r = rnd.nextInt(10);
            if (r == 0) {
                v[i] = 80f;
            } else if (r == 1) {
                v[i] = -80f;
            }
        }
        return Tensor.wrap(cpu().fromHost(DType.FLOAT32, v), n, c);
    }

    private static Backend cpu() {
        return Backends.cpu();
    }

    private static void compare(LossAndGrad got, LossAndGrad want, String where) {
        assertEquals(0, got.loss().rank(), where + ": the loss is 0-d");
        assertArrayEquals(want.grad().shape(), got.grad().shape(), where + ": gradient shape");
        assertEquals(DType.FLOAT32, got.loss().dtype());
        assertEquals(DType.FLOAT32, got.grad().dtype());
        assertClose(got.loss(), want.loss(), where + " loss");
        assertClose(got.grad(), want.grad(), where + " gradient");
    }

    @Test
    void deviceOpMatchesTheCpu() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        Random rnd = new Random(19);
        int[][] shapes = {{1, 1}, {1, 10}, {1, 65}, {3, 2}, {7, 63}, {5, 64}, {9, 129}, {33, 1000},
            {between(rnd, 2, 40) * 2 + 1, between(rnd, 2, 300)}};
        for (int[] s : shapes) {
            for (boolean large : new boolean[] {false, true}) {
                for (double eps : new double[] {0.0, 0.1}) {
                    int n = s[0];
                    int c = s[1];
                    Tensor x = logits(rnd, n, c, large);
                    int[] y = labels(rnd, n, c);
                    String where = n + "x" + c + (large ? " +-80" : "") + " eps " + eps;
                    LossAndGrad want = cpu.softmaxCrossEntropy(x, y, eps);
                    LossAndGrad got = gpu.softmaxCrossEntropy(x.to(gpu), y, eps);
                    assertSame(gpu, got.loss().backend(), where);
                    assertSame(gpu, got.grad().backend(), where);
                    assertTrue(Double.isFinite(got.loss().item()), where + ": finite loss");
                    compare(got, want, where);
                }
            }
        }
    }

    /** Strided logits (a transposed view) are made dense on the device first. */
    @Test
    void stridedLogitsMatchTheCpu() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        Random rnd = new Random(4);
        Tensor xt = random(rnd, 37, 11).mul(4);
        int[] y = labels(rnd, 11, 37);
        LossAndGrad want = cpu.softmaxCrossEntropy(xt.t().contiguous(), y, 0.1);
        LossAndGrad got = gpu.softmaxCrossEntropy(xt.to(gpu).t(), y, 0.1);
        compare(got, want, "transposed 11x37");
    }

    /** float64 logits stay on the host and give exactly what the CPU backend gives. */
    @Test
    void float64RunsOnTheHost() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        Random rnd = new Random(8);
        Tensor x = random(rnd, 6, 13).to(DType.FLOAT64);
        int[] y = labels(rnd, 6, 13);
        LossAndGrad want = cpu.softmaxCrossEntropy(x, y, 0.1);
        Tensor xd = Tensor.wrap(gpu.fromHost(DType.FLOAT64, x.toDoubleArray()), 6, 13);
        OpenClBackend.Stats before = gpu.stats();
        LossAndGrad got = gpu.softmaxCrossEntropy(xd, y, 0.1);
        OpenClBackend.Stats after = gpu.stats();
        assertEquals(DType.FLOAT64, got.loss().dtype());
        assertEquals(before.uploads(), after.uploads());
        assertEquals(before.launches(), after.launches());
        assertEquals(before.totalRoundTrips(), after.totalRoundTrips());
        assertEquals(want.loss().item(), got.loss().item());
        assertArrayEquals(want.grad().toDoubleArray(), got.grad().toDoubleArray());
    }

    /**
     * One call uploads only the labels (N floats), downloads nothing and makes three launches; crossEntropy's
     * backward adds the scaling by the upstream gradient. The loss stays on the device until read.
     */
    @Test
    void onlyTheLabelsGoUp() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        Random rnd = new Random(2);
        int n = 32;
        int c = 1000;
        Tensor x = random(rnd, n, c).to(gpu);
        int[] y = labels(rnd, n, c);

        OpenClBackend.Stats a = gpu.stats();
        LossAndGrad r = gpu.softmaxCrossEntropy(x, y, 0.1);
        OpenClBackend.Stats b = gpu.stats();
        assertEquals(1, b.uploads() - a.uploads(), "uploads");
        assertEquals(n, b.uploadedFloats() - a.uploadedFloats(), "uploaded floats");
        assertEquals(0, b.downloads() - a.downloads(), "downloads");
        assertEquals(3, b.launches() - a.launches(), "labels upload, rows, mean");
        assertEquals(a.totalRoundTrips(), b.totalRoundTrips());
        assertEquals(a.hostOps(), b.hostOps());
        r.loss().item();
        assertEquals(1, gpu.stats().downloads() - b.downloads(), "reading the loss downloads it");

        Variable logits = Variable.param(x);
        Tensor one = Tensor.wrap(gpu.fromHost(DType.FLOAT32, new float[] {1f}));
        OpenClBackend.Stats s0 = gpu.stats();
        Variable loss = Losses.crossEntropy(logits, y, 0.1);
        OpenClBackend.Stats s1 = gpu.stats();
        loss.backward(one);
        OpenClBackend.Stats s2 = gpu.stats();
        System.out.printf("crossEntropy %dx%d on the device: forward %d launches, %d uploads (%d floats), %d downloads;"
                + " backward %d launches, %d uploads, %d downloads%n", n, c, s1.launches() - s0.launches(),
                s1.uploads() - s0.uploads(), s1.uploadedFloats() - s0.uploadedFloats(), s1.downloads() - s0.downloads(),
                s2.launches() - s1.launches(), s2.uploads() - s1.uploads(), s2.downloads() - s1.downloads());
        assertEquals(1, s1.uploads() - s0.uploads());
        assertEquals(n, s1.uploadedFloats() - s0.uploadedFloats());
        assertEquals(0, s2.uploads() - s1.uploads());
        assertEquals(0, s2.downloads() - s0.downloads());
        assertEquals(s0.totalRoundTrips(), s2.totalRoundTrips());

        LossAndGrad want = cpu.softmaxCrossEntropy(x.to(cpu), y, 0.1);
        assertClose(loss.value(), want.loss(), "crossEntropy loss");
        assertClose(logits.grad(), want.grad(), "crossEntropy gradient");
    }
}

package io.github.cola4j.opencl;

import static io.github.cola4j.opencl.OpenClTestSupport.assertClose;
import static io.github.cola4j.opencl.OpenClTestSupport.between;
import static io.github.cola4j.opencl.OpenClTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.Conv2dOptions;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.UnaryOp;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Ops that take one launch where they took two: a 1x1 convolution with a bias adds the bias as the SGEMM stores
 * its result (no separate broadcast add), and a unary op reads a broadcast view in place (no dense copy first).
 * Each gives what the CPU backend gives.
 */
class FewerLaunchesTest {
    private final Backend cpu = Backends.cpu();

    /**
     * The three shapes of the pointwise product (1x1 images with the samples as rows, small images with (sample,
     * pixel) columns, one product per sample) and one sample of a small image, each with a bias, in one launch.
     */
    @Test
    void pointwiseConvolutionAddsItsBiasInTheProduct() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        Random rnd = new Random(41);
        int[][] images = {{1, 1}, {7, 7}, {9, 11}, {3, 5}};
        int[] samples = {3, 4, 2, 1};
        Conv2dOptions opt = Conv2dOptions.defaults();
        for (int t = 0; t < images.length; t++) {
            for (int kernel : new int[] {OpenClBackend.GEMM_TILED, OpenClBackend.GEMM_BLOCKED,
                OpenClBackend.GEMM_CPU}) {
                int c = between(rnd, 1, 40);
                int o = between(rnd, 1, 70);
                Tensor x = random(rnd, samples[t], c, images[t][0], images[t][1]);
                Tensor w = random(rnd, o, c, 1, 1);
                Tensor b = random(rnd, o);
                Tensor want = cpu.conv2d(x, w, b, opt);
                Tensor dx = x.to(gpu);
                Tensor dw = w.to(gpu);
                Tensor db = b.to(gpu);
                gpu.gemmKernel = kernel;
                try {
                    long before = gpu.stats().launches();
                    Tensor got = gpu.conv2d(dx, dw, db, opt);
                    assertEquals(1, gpu.stats().launches() - before, "launches of a 1x1 convolution with a bias");
                    assertClose(got, want, "1x1 convolution with a bias, x " + Arrays.toString(x.shape()) + ", "
                            + o + " outputs, " + (kernel == OpenClBackend.GEMM_TILED ? "tiled"
                                    : kernel == OpenClBackend.GEMM_BLOCKED ? "blocked" : "cpu"));
                    // the next product has no bias
                    assertClose(gpu.conv2d(dx, dw, null, opt), cpu.conv2d(x, w, null, opt), "the same without a bias");
                } finally {
                    gpu.gemmKernel = OpenClBackend.GEMM_AUTO;
                }
            }
        }
    }

    /** Unary ops on views broadcast over trailing, leading and all axes, as the mean's gradient makes them. */
    @Test
    void unaryOpsReadBroadcastViewsInPlace() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        Random rnd = new Random(43);
        UnaryOp[] ops = {UnaryOp.MUL_SCALAR, UnaryOp.SILU, UnaryOp.NEG, UnaryOp.CLAMP};
        for (int t = 0; t < 8; t++) {
            int n = between(rnd, 1, 4);
            int c = between(rnd, 1, 30);
            int h = between(rnd, 1, 9);
            int w = between(rnd, 1, 9);
            Tensor small = t % 3 == 0 ? random(rnd, n, c, 1, 1) : t % 3 == 1 ? random(rnd, 1, c, h, w)
                    : random(rnd, 1, 1, 1, 1);
            int[] shape = {n, c, h, w};
            UnaryOp op = ops[t % ops.length];
            Tensor want = cpu.unary(op, small.expand(shape), 0.25, 0.5);
            Tensor view = small.to(gpu).expand(shape);
            long before = gpu.stats().launches();
            Tensor got = gpu.unary(op, view, 0.25, 0.5);
            assertEquals(1, gpu.stats().launches() - before, "launches of " + op + " on a broadcast view");
            assertClose(got, want, op + " of " + Arrays.toString(small.shape()) + " broadcast to "
                    + Arrays.toString(shape));
        }
    }

    /**
     * Batch norm's training forward, with and without SiLU, updates the running statistics in the same launch, with
     * the values of the CPU backend's composition (the forward, then {@code batchNormRunningStats}).
     */
    @Test
    void batchNormForwardUpdatesTheRunningStatisticsInTheSameLaunch() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        Random rnd = new Random(47);
        int[][] shapes = {{2, 3, 5, 7}, {1, 17, 1, 2}, {4, 70, 9, 9}};
        for (int t = 0; t < shapes.length; t++) {
            int[] s = shapes[t];
            boolean silu = t % 2 == 0;
            double momentum = t == 2 ? 0.01 : 0.1;
            Tensor x = random(rnd, s);
            Tensor gamma = random(rnd, s[1]);
            Tensor beta = random(rnd, s[1]);
            Tensor rm = random(rnd, s[1]);
            Tensor rv = OpenClTestSupport.positive(rnd, s[1]);
            Tensor drm = rm.to(gpu);
            Tensor drv = rv.to(gpu);
            Tensor dx = x.to(gpu);
            Tensor dg = gamma.to(gpu);
            Tensor db = beta.to(gpu);
            io.github.cola4j.tensor.BatchNormResult want = cpu.batchNormTrainingUpdating(x, gamma, beta, 1e-5, silu,
                    rm, rv, momentum);
            long before = gpu.stats().launches();
            io.github.cola4j.tensor.BatchNormResult got = gpu.batchNormTrainingUpdating(dx, dg, db, 1e-5, silu, drm,
                    drv, momentum);
            assertEquals(1, gpu.stats().launches() - before, "launches of batch norm with its running statistics");
            String what = Arrays.toString(s) + (silu ? " with SiLU" : "");
            assertClose(got.y(), want.y(), "output " + what);
            assertClose(got.mean(), want.mean(), "mean " + what);
            assertClose(got.variance(), want.variance(), "variance " + what);
            assertClose(drm, rm, "running mean " + what);
            assertClose(drv, rv, "running variance " + what);
        }
    }

    /**
     * Squeeze-excitation forward and backward against the CPU backend's composition: one and two launches on planes
     * of at most 64 values, three and four on larger ones.
     */
    @Test
    void squeezeExcitationTakesOneLaunchForwardAndTwoBackwardOnSmallPlanes() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        Random rnd = new Random(59);
        int[][] sizes = {{2, 6, 3, 3, 5}, {1, 1, 1, 1, 1}, {5, 200, 50, 8, 8}, {3, 130, 140, 9, 9}, {2, 7, 3, 13, 8}};
        for (int[] size : sizes) {
            int n = size[0];
            int c = size[1];
            int s = size[2];
            boolean small = size[3] * size[4] <= 64;
            Tensor x = random(rnd, n, c, size[3], size[4]);
            Tensor w1 = random(rnd, s, c, 1, 1);
            Tensor b1 = random(rnd, s);
            Tensor w2 = random(rnd, c, s, 1, 1);
            Tensor b2 = random(rnd, c);
            Tensor g = random(rnd, n, c, size[3], size[4]);
            String what = n + " samples, " + c + " channels of " + size[3] + " x " + size[4] + " squeezed to " + s;
            io.github.cola4j.tensor.SqueezeExcitationResult want = cpu.squeezeExcitation(x, w1, b1, w2, b2);
            io.github.cola4j.tensor.SqueezeExcitationGrads dWant = cpu.squeezeExcitationBackward(g, x, want, w1, w2);
            Tensor[] up = {x.to(gpu), w1.to(gpu), b1.to(gpu), w2.to(gpu), b2.to(gpu), g.to(gpu)};
            long before = gpu.stats().launches();
            io.github.cola4j.tensor.SqueezeExcitationResult got = gpu.squeezeExcitation(up[0], up[1], up[2], up[3],
                    up[4]);
            assertEquals(small ? 1 : 3, gpu.stats().launches() - before, "forward launches, " + what);
            assertClose(got.y(), want.y(), "y, " + what);
            assertClose(got.pooled(), want.pooled(), "pooled, " + what);
            assertClose(got.z1(), want.z1(), "z1, " + what);
            assertClose(got.hidden(), want.hidden(), "hidden, " + what);
            assertClose(got.gate(), want.gate(), "gate, " + what);
            before = gpu.stats().launches();
            io.github.cola4j.tensor.SqueezeExcitationGrads dGot = gpu.squeezeExcitationBackward(up[5], up[0], got,
                    up[1], up[3]);
            assertEquals(small ? 2 : 4, gpu.stats().launches() - before, "backward launches, " + what);
            assertClose(dGot.dx(), dWant.dx(), "dx, " + what);
            assertClose(dGot.dW1(), dWant.dW1(), "dW1, " + what);
            assertClose(dGot.dB1(), dWant.dB1(), "dB1, " + what);
            assertClose(dGot.dW2(), dWant.dW2(), "dW2, " + what);
            assertClose(dGot.dB2(), dWant.dB2(), "dB2, " + what);
        }
    }

    /** A residual block's end, branch times a per-sample mask plus skip, in one launch, as the CPU computes it. */
    @Test
    void multiplyAddTakesOneLaunch() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        Random rnd = new Random(61);
        int[][] shapes = {{3, 4, 5, 6}, {1, 1, 1, 1}, {5, 17, 7, 4}};
        for (int[] s : shapes) {
            Tensor a = random(rnd, s);
            Tensor b = random(rnd, s[0], 1, 1, 1);
            Tensor c = random(rnd, s);
            Tensor want = cpu.multiplyAdd(a, b, c);
            Tensor da = a.to(gpu);
            Tensor db = b.to(gpu);
            Tensor dc = c.to(gpu);
            long before = gpu.stats().launches();
            Tensor got = gpu.multiplyAdd(da, db, dc);
            assertEquals(1, gpu.stats().launches() - before, "launches of a * b + c");
            assertClose(got, want, "a * b + c of " + Arrays.toString(s));
        }
    }
}

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
            for (int kernel : new int[] {OpenClBackend.GEMM_TILED, OpenClBackend.GEMM_BLOCKED}) {
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
                            + o + " outputs, " + (kernel == OpenClBackend.GEMM_TILED ? "tiled" : "blocked"));
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

    /** Squeeze-excitation's gate and input gradients, one launch each, against the CPU backend's composition. */
    @Test
    void squeezeExcitationGradientsTakeOneLaunchEach() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        Random rnd = new Random(53);
        int[][] shapes = {{2, 6, 5, 7}, {1, 3, 1, 1}, {4, 40, 9, 8}};
        for (int[] s : shapes) {
            Tensor g = random(rnd, s);
            Tensor x = random(rnd, s);
            Tensor gate = random(rnd, s[0], s[1], 1, 1).sigmoid();
            Tensor dPooled = random(rnd, s[0], s[1], 1, 1);
            Tensor dg = g.to(gpu);
            Tensor dx = x.to(gpu);
            Tensor dgate = gate.to(gpu);
            Tensor dp = dPooled.to(gpu);
            long before = gpu.stats().launches();
            Tensor gateGrad = gpu.squeezeExcitationGateGrad(dg, dx, dgate);
            assertEquals(1, gpu.stats().launches() - before, "launches of the gate gradient");
            assertClose(gateGrad, cpu.squeezeExcitationGateGrad(g, x, gate), "gate gradient " + Arrays.toString(s));
            before = gpu.stats().launches();
            Tensor inputGrad = gpu.squeezeExcitationInputGrad(dg, dgate, dp);
            assertEquals(1, gpu.stats().launches() - before, "launches of the input gradient");
            assertClose(inputGrad, cpu.squeezeExcitationInputGrad(g, gate, dPooled), "input gradient "
                    + Arrays.toString(s));
        }
    }

    /**
     * Squeeze-excitation's gate in one launch and its backward to the pooled input, weights and biases in two,
     * against the CPU backend's composition of convolutions, SiLU, sigmoid and sums.
     */
    @Test
    void squeezeExcitationGateTakesOneLaunchAndItsBackwardTwo() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        Random rnd = new Random(59);
        int[][] sizes = {{2, 6, 3}, {1, 1, 1}, {5, 200, 50}, {3, 130, 140}};
        for (int[] size : sizes) {
            int n = size[0];
            int c = size[1];
            int s = size[2];
            Tensor pooled = random(rnd, n, c, 1, 1);
            Tensor w1 = random(rnd, s, c, 1, 1);
            Tensor b1 = random(rnd, s);
            Tensor w2 = random(rnd, c, s, 1, 1);
            Tensor b2 = random(rnd, c);
            Tensor dz2 = random(rnd, n, c, 1, 1);
            String what = n + " samples, " + c + " channels squeezed to " + s;
            io.github.cola4j.tensor.SqueezeExcitationGate want = cpu.squeezeExcitationGate(pooled, w1, b1, w2, b2);
            long before = gpu.stats().launches();
            io.github.cola4j.tensor.SqueezeExcitationGate got = gpu.squeezeExcitationGate(pooled.to(gpu),
                    w1.to(gpu), b1.to(gpu), w2.to(gpu), b2.to(gpu));
            assertEquals(5 + 1, gpu.stats().launches() - before, "uploads and the gate's launch, " + what);
            assertClose(got.z1(), want.z1(), "z1, " + what);
            assertClose(got.hidden(), want.hidden(), "hidden, " + what);
            assertClose(got.gate(), want.gate(), "gate, " + what);
            io.github.cola4j.tensor.SqueezeExcitationGrads dWant = cpu.squeezeExcitationGateBackward(dz2, pooled,
                    want.z1(), want.hidden(), w1, w2);
            Tensor[] dev = {dz2.to(gpu), pooled.to(gpu), want.z1().to(gpu), want.hidden().to(gpu), w1.to(gpu),
                w2.to(gpu)};
            before = gpu.stats().launches();
            io.github.cola4j.tensor.SqueezeExcitationGrads dGot = gpu.squeezeExcitationGateBackward(dev[0], dev[1],
                    dev[2], dev[3], dev[4], dev[5]);
            assertEquals(2, gpu.stats().launches() - before, "launches of the gate's backward, " + what);
            assertClose(dGot.dPooled(), dWant.dPooled(), "dPooled, " + what);
            assertClose(dGot.dW1(), dWant.dW1(), "dW1, " + what);
            assertClose(dGot.dB1(), dWant.dB1(), "dB1, " + what);
            assertClose(dGot.dW2(), dWant.dW2(), "dW2, " + what);
            assertClose(dGot.dB2(), dWant.dB2(), "dB2, " + what);
        }
    }
}

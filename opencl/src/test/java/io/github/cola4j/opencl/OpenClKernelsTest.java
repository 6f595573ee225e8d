package io.github.cola4j.opencl;

import static io.github.cola4j.opencl.OpenClTestSupport.assertClose;
import static io.github.cola4j.opencl.OpenClTestSupport.between;
import static io.github.cola4j.opencl.OpenClTestSupport.positive;
import static io.github.cola4j.opencl.OpenClTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.BatchNormGrads;
import io.github.cola4j.tensor.BatchNormResult;
import io.github.cola4j.tensor.BinaryOp;
import io.github.cola4j.tensor.Conv2dOptions;
import io.github.cola4j.tensor.Pool2dOptions;
import io.github.cola4j.tensor.ReduceOp;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.UnaryOp;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every device kernel against the CPU backend on random shapes: odd sizes, batch 1, channel counts that are not
 * multiples of the work-group sizes; norm-wise relative error at most 1e-4.
 */
class OpenClKernelsTest {
    private OpenClBackend gpu;
    private final Backend cpu = Backends.cpu();

    @BeforeEach
    void setUp() {
        gpu = OpenClTestSupport.backend();
    }

    private Tensor dev(Tensor t) {
        Tensor d = t.to(gpu);
        assertSame(gpu, d.backend());
        return d;
    }

    @Test
    void unaryOpsMatchCpu() {
        Random rnd = new Random(1);
        for (UnaryOp op : UnaryOp.values()) {
            int[] shape = {between(rnd, 1, 3), between(rnd, 1, 37), between(rnd, 1, 9)};
            boolean needsPositive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW_SCALAR;
            Tensor x = needsPositive ? positive(rnd, shape) : random(rnd, shape);
            double p = op == UnaryOp.CLAMP || op == UnaryOp.IN_RANGE ? -0.5 : 1.7;
            double q = 0.8;
            assertClose(dev(x).apply(op, p, q), x.apply(op, p, q), op.name());
            // a non-contiguous view goes through the device copy first
            Tensor t = x.transpose(0, 2);
            assertClose(dev(x).transpose(0, 2).apply(op, p, q), t.apply(op, p, q), op + " on a view");
        }
    }

    @Test
    void binaryOpsBroadcastLikeCpu() {
        Random rnd = new Random(2);
        for (BinaryOp op : BinaryOp.values()) {
            int n = between(rnd, 1, 3);
            int c = between(rnd, 1, 70);
            int h = between(rnd, 1, 7);
            int w = between(rnd, 1, 7);
            boolean pow = op == BinaryOp.POW;
            Tensor a = pow ? positive(rnd, n, c, h, w) : random(rnd, n, c, h, w);
            Tensor[] others = {
                random(rnd, n, c, h, w), // same shape
                random(rnd, 1, c, 1, 1), // per channel (batch norm)
                random(rnd, n, c, 1, 1), // per sample and channel (squeeze-excite gate)
                random(rnd, w), // trailing axis
                Tensor.scalar(io.github.cola4j.tensor.DType.FLOAT32, 0.3),
                // the general strided kernel: broadcast between kept axes, a transposed view
                random(rnd, n, 1, h, 1),
                random(rnd, n, c, w, h).transpose(2, 3),
            };
            for (Tensor b : others) {
                assertClose(dev(a).apply(op, dev(b)), a.apply(op, b), op + " with " + java.util.Arrays.toString(b.shape()));
                assertClose(dev(b).apply(op, dev(a)), b.apply(op, a), op + " reversed");
            }
        }
    }

    @Test
    void binaryOperandsIndexedSimplyWhenTheyAreOneContiguousRun() {
        int[] out = {2, 3, 4, 5};
        assertArrayEquals(new int[] {1, 120}, OpenClBackend.simpleIndexing(Tensor.zeros(2, 3, 4, 5), out));
        assertArrayEquals(new int[] {20, 3}, OpenClBackend.simpleIndexing(Tensor.zeros(1, 3, 1, 1).expand(out), out));
        assertArrayEquals(new int[] {20, 6}, OpenClBackend.simpleIndexing(Tensor.zeros(2, 3, 1, 1).expand(out), out));
        assertArrayEquals(new int[] {1, 5}, OpenClBackend.simpleIndexing(Tensor.zeros(1, 1, 1, 5).expand(out), out));
        assertArrayEquals(new int[] {1, 1}, OpenClBackend.simpleIndexing(Tensor.zeros(1, 1, 1, 1).expand(out), out));
        assertEquals(null, OpenClBackend.simpleIndexing(Tensor.zeros(2, 1, 4, 1).expand(out), out));
        assertEquals(null, OpenClBackend.simpleIndexing(Tensor.zeros(2, 3, 5, 4).transpose(2, 3), out));
    }

    @Test
    void reductionsMatchCpu() {
        Random rnd = new Random(3);
        int[][] axesSets = {{}, {0}, {1}, {2, 3}, {0, 2, 3}, {1, 3}, {0, 1, 2, 3}};
        for (int trial = 0; trial < 4; trial++) {
            Tensor x = random(rnd, between(rnd, 1, 3), between(rnd, 1, 41), between(rnd, 1, 13), between(rnd, 1, 9));
            for (ReduceOp op : ReduceOp.values()) {
                for (int[] axes : axesSets) {
                    assertClose(dev(x).reduce(op, true, axes), x.reduce(op, true, axes),
                            op + " over " + java.util.Arrays.toString(axes));
                    Tensor v = x.permute(2, 0, 3, 1);
                    assertClose(dev(x).permute(2, 0, 3, 1).reduce(op, false, axes), v.reduce(op, false, axes),
                            op + " of a permuted view");
                }
            }
        }
        // a long reduction: the global average pool of a large map, and a full sum
        Tensor big = random(rnd, 2, 5, 57, 61);
        assertClose(dev(big).mean(true, 2, 3), big.mean(true, 2, 3), "global average pool");
        assertClose(dev(big).sum(), big.sum(), "full sum");
        assertClose(dev(big).max(false, 2, 3), big.max(false, 2, 3), "global max pool");
    }

    @Test
    void softmaxAndLogSoftmaxMatchCpu() {
        Random rnd = new Random(4);
        for (int trial = 0; trial < 4; trial++) {
            Tensor x = random(rnd, between(rnd, 1, 5), between(rnd, 1, 1001), between(rnd, 1, 3)).mul(4);
            for (int axis = 0; axis < 3; axis++) {
                assertClose(dev(x).softmax(axis), x.softmax(axis), "softmax axis " + axis);
                assertClose(dev(x).logSoftmax(axis), x.logSoftmax(axis), "logSoftmax axis " + axis);
            }
        }
    }

    @Test
    void matmulMatchesCpu() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 8; trial++) {
            int m = between(rnd, 1, 70);
            int k = between(rnd, 1, 90);
            int n = between(rnd, 1, 50);
            Tensor a = random(rnd, m, k);
            Tensor b = random(rnd, k, n);
            assertClose(dev(a).matmul(dev(b)), a.matmul(b), "matmul " + m + "x" + k + "x" + n);
            // transposed operands (Linear's x @ W^T) and a batch broadcast against a matrix
            Tensor wt = random(rnd, n, k);
            assertClose(dev(a).matmul(dev(wt).t()), a.matmul(wt.t()), "matmul with a transposed view");
            Tensor batch = random(rnd, 3, m, k);
            assertClose(dev(batch).matmul(dev(b)), batch.matmul(b), "batched matmul");
        }
    }

    /** Sizes around the SGEMM tiles (16) and blocks (64): 1, odd, one below, at and above, several blocks. */
    private static final int[] GEMM_SIZES = {1, 3, 15, 16, 17, 63, 64, 65, 100, 129, 300};
    /**
     * The SGEMM kernels, each pinned for a whole shape sweep: the GPU kernels (tiled, blocked) and the CPU-device
     * ones (wide or dots where the strides allow, else by size).
     */
    private static final int[] GEMM_KERNELS = {OpenClBackend.GEMM_TILED, OpenClBackend.GEMM_BLOCKED,
        OpenClBackend.GEMM_CPU};

    private static String gemmKernelName(int kernel) {
        return kernel == OpenClBackend.GEMM_BLOCKED ? "blocked" : kernel == OpenClBackend.GEMM_CPU ? "cpu" : "tiled";
    }

    /** Operand layouts of the sweep: see {@link #gemmBase}. */
    private static final String[] GEMM_LAYOUTS = {"dense", "transposed", "batch-shared"};

    /**
     * The tensor behind a [batch, rows, cols] operand: dense (layout 0); a [batch, cols, rows] tensor whose
     * transpose(1, 2) is the operand, with stride 1 along rows (layout 1); or a [rows, cols] matrix that matmul
     * broadcasts over the batch with batch stride 0 (layout 2).
     */
    private static Tensor gemmBase(Random rnd, int batch, int rows, int cols, int layout) {
        if (layout == 1) {
            return random(rnd, batch, cols, rows);
        }
        return layout == 2 ? random(rnd, rows, cols) : random(rnd, batch, rows, cols);
    }

    /** The operand view of a {@link #gemmBase} tensor (on the host or on the device). */
    private static Tensor gemmOperand(Tensor base, int layout) {
        return layout == 1 ? base.transpose(1, 2) : base;
    }

    /**
     * Every m, n, k of {@link #GEMM_SIZES} through both kernels, each with a random batch (1 or 3) and random
     * layouts of A and B.
     */
    @Test
    void gemmKernelsMatchCpuOnEveryEdgeShape() {
        Random rnd = new Random(12);
        try {
            for (int m : GEMM_SIZES) {
                for (int n : GEMM_SIZES) {
                    for (int k : GEMM_SIZES) {
                        int batch = rnd.nextBoolean() ? 1 : 3;
                        int layoutA = rnd.nextInt(3);
                        int layoutB = rnd.nextInt(3);
                        Tensor baseA = gemmBase(rnd, batch, m, k, layoutA);
                        Tensor baseB = gemmBase(rnd, batch, k, n, layoutB);
                        Tensor want = gemmOperand(baseA, layoutA).matmul(gemmOperand(baseB, layoutB));
                        Tensor devA = dev(baseA);
                        Tensor devB = dev(baseB);
                        for (int kernel : GEMM_KERNELS) {
                            gpu.gemmKernel = kernel;
                            assertClose(gemmOperand(devA, layoutA).matmul(gemmOperand(devB, layoutB)), want,
                                    gemmKernelName(kernel) + " matmul batch " + batch + ", " + m + "x" + k + " "
                                            + GEMM_LAYOUTS[layoutA] + " @ " + k + "x" + n + " "
                                            + GEMM_LAYOUTS[layoutB]);
                        }
                    }
                }
            }
        } finally {
            gpu.gemmKernel = OpenClBackend.GEMM_AUTO;
        }
    }

    @Test
    void gemmKernelChoiceFollowsTheResultSize() {
        assertEquals(OpenClBackend.GEMM_AUTO, gpu.gemmKernel);
        assertTrue(gpu.gemmBlocked(64, 1568));
        assertTrue(gpu.gemmBlocked(33, 33));
        assertFalse(gpu.gemmBlocked(32, 1568), "too few rows for 64 x 64 blocks");
        assertFalse(gpu.gemmBlocked(1280, 4), "too few columns for 64 x 64 blocks");
        assertEquals(gpu.cpuDevice, gpu.gemmCpu(), "the CPU-device kernels on a CPU device only");
    }

    /**
     * 1x1 convolutions go through the SGEMM: forward W @ x[n], input gradient W^T @ g[n] (a transposed view of
     * W), weight gradient sum over n of g[n] @ x[n]^T, one launch per sample that adds into dW after the first.
     * Output and input channels run over the edge sizes, the spatial size too (as h x w).
     */
    @Test
    void pointwiseConvolutionGemmsMatchCpuWithBothKernels() {
        Random rnd = new Random(13);
        int[][] spatial = {{1, 1}, {1, 3}, {3, 5}, {4, 4}, {1, 17}, {7, 9}, {8, 8}, {5, 13}, {10, 10}, {3, 43},
            {15, 20}};
        Conv2dOptions opt = Conv2dOptions.defaults();
        try {
            for (int oi = 0; oi < GEMM_SIZES.length; oi++) {
                for (int ci = 0; ci < GEMM_SIZES.length; ci++) {
                    int o = GEMM_SIZES[oi];
                    int c = GEMM_SIZES[ci];
                    int[] hw = spatial[(oi + 3 * ci) % spatial.length];
                    // 1 sample, and counts the weight gradient splits into 2, 3, 4 or 6 groups of samples
                    int n = new int[] {1, 3, 4, 6}[(oi + ci) % 4];
                    Tensor x = random(rnd, n, c, hw[0], hw[1]);
                    Tensor w = random(rnd, o, c, 1, 1);
                    Tensor g = random(rnd, n, o, hw[0], hw[1]);
                    Tensor wantY = cpu.conv2d(x, w, null, opt);
                    Tensor wantDx = cpu.conv2dBackwardInput(g, w, x.shape(), opt);
                    Tensor wantDw = cpu.conv2dBackwardWeight(g, x, w.shape(), opt);
                    Tensor dx = dev(x);
                    Tensor dw = dev(w);
                    Tensor dg = dev(g);
                    for (int kernel : GEMM_KERNELS) {
                        gpu.gemmKernel = kernel;
                        String what = gemmKernelName(kernel) + " 1x1 conv n=" + n + " " + c + "->" + o + " at "
                                + hw[0] + "x" + hw[1];
                        assertClose(gpu.conv2d(dx, dw, null, opt), wantY, what + " forward");
                        assertClose(gpu.conv2dBackwardInput(dg, dw, x.shape(), opt), wantDx, what + " input gradient");
                        assertClose(gpu.conv2dBackwardWeight(dg, dx, w.shape(), opt), wantDw,
                                what + " weight gradient");
                    }
                }
            }
        } finally {
            gpu.gemmKernel = OpenClBackend.GEMM_AUTO;
        }
    }

    /**
     * The CPU-device SGEMMs on the products of an EfficientNet step's 1x1 convolutions, pinned and checked to run:
     * images whose pixel count is a multiple of 4 (8 and 28 pixels: columns (sample, pixel) split in runs that do
     * not line up with an item's 16 columns; 4, 12 and 100), channel counts that are not multiples of the items'
     * 4 rows or 16 columns, the weight gradient's k split over samples (one product, and groups of samples), and
     * the bias added in the store. The forward and input gradient run {@code gemmWide}, the weight gradient
     * {@code gemmDots}.
     */
    @Test
    void cpuGemmKernelsMatchCpuOnPointwiseConvolutions() {
        Random rnd = new Random(17);
        int[][] spatial = {{4, 2}, {7, 4}, {2, 2}, {3, 4}, {10, 10}, {4, 2}};
        int[][] channels = {{3, 5}, {40, 17}, {16, 96}, {24, 36}, {5, 33}, {65, 130}};
        Conv2dOptions opt = Conv2dOptions.defaults();
        try {
            for (int t = 0; t < spatial.length; t++) {
                int[] hw = spatial[t];
                int c = channels[t][0];
                int o = channels[t][1];
                int n = new int[] {1, 3, 4, 6, 2, 16}[t];
                Tensor x = random(rnd, n, c, hw[0], hw[1]);
                Tensor w = random(rnd, o, c, 1, 1);
                Tensor bias = random(rnd, o);
                Tensor g = random(rnd, n, o, hw[0], hw[1]);
                Tensor dx = dev(x);
                Tensor dw = dev(w);
                Tensor dg = dev(g);
                gpu.gemmKernel = OpenClBackend.GEMM_CPU;
                String what = "cpu 1x1 conv n=" + n + " " + c + "->" + o + " at " + hw[0] + "x" + hw[1];
                OpenClBackend.Stats before = gpu.stats();
                assertClose(gpu.conv2d(dx, dw, dev(bias), opt), cpu.conv2d(x, w, bias, opt), what + " forward");
                assertClose(gpu.conv2dBackwardInput(dg, dw, x.shape(), opt), cpu.conv2dBackwardInput(g, w, x.shape(),
                        opt), what + " input gradient");
                OpenClBackend.Stats mid = gpu.stats();
                assertClose(gpu.conv2dBackwardWeight(dg, dx, w.shape(), opt), cpu.conv2dBackwardWeight(g, x,
                        w.shape(), opt), what + " weight gradient");
                OpenClBackend.Stats after = gpu.stats();
                assertEquals(2L, mid.launchesByKernel().getOrDefault("gemmWide", 0L)
                        - before.launchesByKernel().getOrDefault("gemmWide", 0L), what + ": gemmWide launches");
                assertEquals(1L, after.launchesByKernel().getOrDefault("gemmDots", 0L)
                        - mid.launchesByKernel().getOrDefault("gemmDots", 0L), what + ": gemmDots launches");
            }
        } finally {
            gpu.gemmKernel = OpenClBackend.GEMM_AUTO;
        }
    }

    @Test
    void weightGradientSplitsSamplesIntoDivisorsWithinTheMemoryBound() {
        for (int samples : new int[] {1, 2, 7, 12, 64, 100}) {
            for (int[] oc : new int[][] {{16, 96}, {1, 1}, {1280, 320}, {24, 144}, {4096, 4096}}) {
                int parts = OpenClBackend.weightGradParts(samples, oc[0], oc[1], 528);
                String what = samples + " samples, " + oc[0] + "x" + oc[1];
                assertTrue(parts >= 1 && samples % parts == 0, what + ": " + parts + " parts");
                assertTrue(parts == 1 || (long) parts * oc[0] * oc[1] <= 4L << 20, what + ": partials too big");
            }
        }
        // for a 132-unit GPU: small products at batch 64 split; the head's 1280 x 320 has work groups enough
        assertTrue(OpenClBackend.weightGradParts(64, 16, 96, 528) > 1);
        assertEquals(1, OpenClBackend.weightGradParts(64, 1280, 320, 528));
    }

    private void checkConv(Random rnd, int n, int c, int o, int h, int w, int kh, int kw, Conv2dOptions opt,
            boolean bias, String what) {
        Tensor x = random(rnd, n, c, h, w);
        Tensor wt = random(rnd, o, c / opt.groups(), kh, kw);
        Tensor b = bias ? random(rnd, o) : null;
        Tensor want = x.conv2d(wt, b, opt);
        Tensor g = random(rnd, want.shape());
        Tensor wantDx = cpu.conv2dBackwardInput(g, wt, x.shape(), opt);
        Tensor wantDw = cpu.conv2dBackwardWeight(g, x, wt.shape(), opt);
        // both sets of direct kernels: one item per element (GPUs) and per row or weight (CPU devices)
        try {
            for (int kernel : new int[] {OpenClBackend.WINDOW_GPU, OpenClBackend.WINDOW_CPU}) {
                gpu.windowKernel = kernel;
                String name = what + (kernel == OpenClBackend.WINDOW_CPU ? " (cpu kernels)" : "");
                OpenClBackend.Stats before = gpu.stats();
                Tensor got = dev(x).conv2d(dev(wt), bias ? dev(b) : null, opt);
                assertClose(got, want, name + " forward");
                assertClose(gpu.conv2dBackwardInput(dev(g), dev(wt), x.shape(), opt), wantDx, name + " input gradient");
                assertClose(gpu.conv2dBackwardWeight(dev(g), dev(x), wt.shape(), opt), wantDw, name + " weight gradient");
                OpenClBackend.Stats after = gpu.stats();
                boolean rows = kernel == OpenClBackend.WINDOW_CPU && c == opt.groups() && (kh > 1 || kw > 1);
                for (String k : new String[] {"convRows", "convBackWeightRows"}) {
                    assertEquals(rows ? 1L : 0L, after.launchesByKernel().getOrDefault(k, 0L)
                            - before.launchesByKernel().getOrDefault(k, 0L), name + ": " + k + " launches");
                }
            }
        } finally {
            gpu.windowKernel = OpenClBackend.WINDOW_AUTO;
        }
    }

    @Test
    void pointwiseConvolutionMatchesCpu() {
        Random rnd = new Random(6);
        for (int trial = 0; trial < 5; trial++) {
            int n = trial == 0 ? 1 : between(rnd, 1, 3);
            checkConv(rnd, n, between(rnd, 1, 40), between(rnd, 1, 70), between(rnd, 1, 11), between(rnd, 1, 11),
                    1, 1, Conv2dOptions.defaults(), trial % 2 == 0, "1x1 conv");
        }
    }

    @Test
    void stemConvolutionMatchesCpu() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 3; trial++) {
            int n = trial == 0 ? 1 : 2;
            checkConv(rnd, n, 3, between(rnd, 5, 33), between(rnd, 5, 23), between(rnd, 5, 23), 3, 3,
                    Conv2dOptions.of(2, 1, 1), trial == 1, "3x3 stride-2 stem");
            // one input channel (a log-mel spectrogram): the CPU-device kernels apply
            checkConv(rnd, n, 1, between(rnd, 5, 33), between(rnd, 5, 23), between(rnd, 5, 23), 3, 3,
                    Conv2dOptions.of(2, 1, 1), trial == 1, "3x3 stride-2 stem, one input channel");
        }
    }

    @Test
    void depthwiseConvolutionMatchesCpu() {
        Random rnd = new Random(8);
        int[][] cases = {{3, 1}, {3, 2}, {5, 1}, {5, 2}};
        for (int[] kc : cases) {
            int kernel = kc[0];
            int stride = kc[1];
            for (int trial = 0; trial < 2; trial++) {
                int c = between(rnd, 1, 70);
                int n = trial == 0 ? 1 : between(rnd, 2, 3);
                checkConv(rnd, n, c, c, between(rnd, kernel, 19), between(rnd, kernel, 19), kernel, kernel,
                        Conv2dOptions.of(stride, kernel / 2, c), false, "depthwise k" + kernel + " s" + stride);
            }
        }
        // a grouped convolution with several channels per group goes through the same direct kernels
        checkConv(rnd, 2, 6, 9, 7, 8, 3, 3, Conv2dOptions.of(1, 1, 3), true, "grouped conv");
        // two output channels per input channel, a bias, uneven strides and padding; then dilation 2 (whose input
        // gradient keeps the per-element kernel)
        checkConv(rnd, 2, 5, 10, 9, 11, 3, 5, new Conv2dOptions(2, 1, 1, 2, 1, 1, 5), true, "depthwise x2 channels");
        checkConv(rnd, 3, 7, 7, 12, 10, 3, 3, Conv2dOptions.of(1, 2, 7).withDilation(2, 2), false,
                "depthwise dilation 2");
    }

    @Test
    void batchNormMatchesCpu() {
        Random rnd = new Random(9);
        for (int trial = 0; trial < 4; trial++) {
            int n = trial == 0 ? 1 : between(rnd, 2, 4);
            int c = between(rnd, 1, 70);
            Tensor x = random(rnd, n, c, between(rnd, 1, 15), between(rnd, 1, 15)).mul(3).add(2);
            Tensor gamma = random(rnd, c);
            Tensor beta = random(rnd, c);
            BatchNormResult want = cpu.batchNormTraining(x, gamma, beta, 1e-3);
            BatchNormResult got = gpu.batchNormTraining(dev(x), dev(gamma), dev(beta), 1e-3);
            assertClose(got.y(), want.y(), "batch norm y");
            assertClose(got.mean(), want.mean(), "batch norm mean");
            assertClose(got.invStd(), want.invStd(), "batch norm invStd");
            assertClose(got.variance(), want.variance(), "batch norm variance");
            Tensor g = random(rnd, x.shape());
            BatchNormGrads wantB = cpu.batchNormBackward(g, x, want.mean(), want.invStd(), gamma);
            BatchNormGrads gotB = gpu.batchNormBackward(dev(g), dev(x), got.mean(), got.invStd(), dev(gamma));
            assertClose(gotB.dx(), wantB.dx(), "batch norm backward dx");
            assertClose(gotB.dGamma(), wantB.dGamma(), "batch norm backward dGamma");
            assertClose(gotB.dBeta(), wantB.dBeta(), "batch norm backward dBeta");
            // eval mode: the running statistics, one launch
            Tensor rm = random(rnd, c);
            Tensor rv = positive(rnd, c);
            Tensor dxv = dev(x);
            Tensor drm = dev(rm);
            Tensor drv = dev(rv);
            Tensor dgamma = dev(gamma);
            Tensor dbeta = dev(beta);
            long before = gpu.stats().launches();
            Tensor eval = gpu.batchNormInference(dxv, drm, drv, dgamma, dbeta, 1e-3);
            assertEquals(1, gpu.stats().launches() - before, "launches of batch norm in evaluation");
            assertClose(eval, cpu.batchNormInference(x, rm, rv, gamma, beta, 1e-3), "batch norm eval");
        }
    }

    /** Values in {-2, ..., 2}: many equal values. */
    private static Tensor smallIntegers(Random rnd, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = rnd.nextInt(5) - 2;
        }
        return Tensor.of(v, shape);
    }

    @Test
    void argmaxMatchesCpuAlongEveryAxisWithTies() {
        Random rnd = new Random(21);
        for (int trial = 0; trial < 3; trial++) {
            int[] shape = {between(rnd, 1, 5), between(rnd, 1, 70), between(rnd, 1, 9)};
            // small integers: many ties, where the first largest must win
            Tensor x = smallIntegers(rnd, shape);
            for (int axis = 0; axis < 3; axis++) {
                long trips = gpu.stats().totalRoundTrips();
                assertClose(dev(x).argmax(axis, true), x.argmax(axis, true), "argmax along " + axis);
                assertClose(dev(x).transpose(0, 2).argmax(axis, false), x.transpose(0, 2).argmax(axis, false),
                        "argmax of a view along " + axis);
                assertEquals(trips, gpu.stats().totalRoundTrips(), "argmax went through the host");
            }
        }
    }

    @Test
    void windowedPoolingMatchesCpuForwardAndBackward() {
        Random rnd = new Random(22);
        int[][] options = {{2, 2, 0}, {3, 2, 1}, {3, 1, 1}, {1, 1, 0}, {5, 3, 2}, {2, 1, 1}};
        for (int[] opt : options) {
            for (boolean max : new boolean[] {true, false}) {
                Pool2dOptions o = Pool2dOptions.of(opt[0], opt[1], opt[2]);
                int n = between(rnd, 1, 3);
                int c = between(rnd, 1, 5);
                int h = between(rnd, opt[0], 13);
                int w = between(rnd, opt[0], 11);
                // rounded values tie inside windows: the gradient must go to the first largest element only
                Tensor x = smallIntegers(rnd, n, c, h, w);
                Tensor g = random(rnd, n, c, o.outH(h), o.outW(w));
                String what = (max ? "max" : "avg") + " pool " + Arrays.toString(opt) + " on " + n + "x" + c + "x"
                        + h + "x" + w;
                long trips = gpu.stats().totalRoundTrips();
                assertClose(gpu.pool2d(dev(x), o, max), cpu.pool2d(x, o, max), what);
                assertClose(gpu.pool2dBackward(dev(g), dev(x), o, max), cpu.pool2dBackward(g, x, o, max),
                        what + " backward");
                assertEquals(trips, gpu.stats().totalRoundTrips(), what + " went through the host");
            }
        }
        // NaN in a window propagates through max pooling, as on the CPU
        Tensor x = Tensor.of(new float[] {1, Float.NaN, 3, 4}, 1, 1, 2, 2);
        Pool2dOptions all = Pool2dOptions.of(2, 2, 0);
        assertTrue(Float.isNaN(gpu.pool2d(dev(x), all, true).toFloatArray()[0]), "NaN lost by max pooling");
    }

    @Test
    void copiesAssignmentAndConcatenationMatchCpu() {
        Random rnd = new Random(10);
        Tensor x = random(rnd, 3, 5, 7);
        Tensor d = dev(x);
        assertClose(d.permute(2, 0, 1).contiguous(), x.permute(2, 0, 1).contiguous(), "permuted copy");
        assertClose(d.slice(1, 1, 5, 2).copy(), x.slice(1, 1, 5, 2).copy(), "strided slice copy");
        Tensor target = dev(Tensor.zeros(3, 5, 7));
        target.slice(2, 0, 3).assign(d.slice(2, 4, 7));
        Tensor want = Tensor.zeros(3, 5, 7);
        want.slice(2, 0, 3).assign(x.slice(2, 4, 7));
        assertClose(target, want, "assign into a slice");
        target.assign(dev(random(rnd, 5, 1)).to(gpu));
        assertEquals(15 * 7, target.size() / 1, "assign broadcasts");
        Tensor a = random(rnd, 2, 3);
        Tensor b = random(rnd, 2, 4);
        assertClose(Tensor.concat(1, dev(a), dev(b)), Tensor.concat(1, a, b), "concat");
        assertClose(Tensor.stack(0, dev(a), dev(a)), Tensor.stack(0, a, a), "stack");
        assertTrue(gpu.stats().launches() > 0);
    }
}

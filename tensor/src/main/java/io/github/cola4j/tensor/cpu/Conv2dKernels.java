package io.github.cola4j.tensor.cpu;

import io.github.cola4j.tensor.UnaryOp;
import java.util.Arrays;

/**
 * Fast float32 2-d convolution: forward pass and the three gradients, on NCHW arrays laid out as described by
 * {@link Conv2dGeometry}.
 *
 * <p>Strategy by shape:
 * <ul>
 *   <li>depthwise ({@link Conv2dGeometry#isDepthwise()}): {@link DepthwiseBlocked}, which works on blocks of
 *       channels stored channels-last so that the inner loops run over channels (Vector API when enabled);</li>
 *   <li>1x1, stride 1, no padding: a matrix product per image (and group) with {@link Sgemm}; when the image is
 *       small the batch is gathered into one wide matrix so that the product stays efficient;</li>
 *   <li>everything else: im2col into a per-thread buffer, then {@link Sgemm}; the input gradient goes through
 *       col2im.</li>
 * </ul>
 * Work runs on the {@link Parallel} pool, over images (or channels) where there are enough of them and inside
 * the matrix product otherwise. Weight gradients are reduced without races: per channel block for depthwise,
 * per-chunk partial sums added at the end otherwise. All output arrays are overwritten.
 */
public final class Conv2dKernels {

    /** Below this many output positions per image, 1x1 convolutions gather the batch into one product. */
    private static final int SMALL_IMAGE = 128;

    private static final ThreadLocal<Scratch> COLUMNS = Scratch.perThread();
    private static final ThreadLocal<Scratch> GATHER_IN = Scratch.perThread();
    private static final ThreadLocal<Scratch> GATHER_OUT = Scratch.perThread();
    private static final ThreadLocal<Scratch> ROWS = Scratch.perThread();

    private Conv2dKernels() {
    }

    /**
     * Forward pass: {@code y = conv(x, w) + bias}; {@code y} ([N, outC, outH, outW]) is overwritten.
     *
     * @param x input [N, inC, inH, inW], read only
     * @param w weight [outC, inC/groups, kH, kW], read only
     * @param bias per output channel, or null for none
     * @param g the sizes; every array must hold at least the elements it describes
     * @param y output [N, outC, outH, outW]
     * @throws IllegalArgumentException if an array is shorter than {@code g} needs
     */
    public static void forward(float[] x, float[] w, float[] bias, Conv2dGeometry g, float[] y) {
        forward(x, w, bias, g, y, false);
    }

    /**
     * {@link #forward(float[], float[], float[], Conv2dGeometry, float[])}, then SiLU of every output when
     * {@code silu}: applied to each block of the output right after it is computed, while it is in cache, instead
     * of in a pass of its own over the whole output.
     *
     * @param x input [N, inC, inH, inW], read only
     * @param w weight [outC, inC/groups, kH, kW], read only
     * @param bias per output channel, or null for none
     * @param g the sizes; every array must hold at least the elements it describes
     * @param y output [N, outC, outH, outW]
     * @param silu whether the output is {@code silu(conv(x, w) + bias)}
     * @throws IllegalArgumentException if an array is shorter than {@code g} needs
     */
    public static void forward(float[] x, float[] w, float[] bias, Conv2dGeometry g, float[] y, boolean silu) {
        checkSizes(g, x, w, y);
        if (bias != null) {
            Conv2dReference.requireLength("bias", bias, g.outChannels());
        }
        if (g.isDepthwise()) {
            DepthwiseBlocked.forward(x, w, bias, g, y, VectorSupport.enabled(), silu);
        } else if (g.isPointwise() && g.outH() * g.outW() < SMALL_IMAGE && g.batch() > 1) {
            pointwiseBatched(Pass.FORWARD, g, x, y, w, bias, silu);
        } else {
            gemmForward(x, w, bias, g, y, silu);
        }
    }

    /**
     * Gradient with respect to the input; {@code dx} ([N, inC, inH, inW]) is overwritten.
     *
     * @param dy gradient of the output [N, outC, outH, outW], read only
     * @param w weight [outC, inC/groups, kH, kW], read only
     * @param g the sizes; every array must hold at least the elements it describes
     * @param dx receives the input gradient [N, inC, inH, inW]
     * @throws IllegalArgumentException if an array is shorter than {@code g} needs
     */
    public static void backwardInput(float[] dy, float[] w, Conv2dGeometry g, float[] dx) {
        checkSizes(g, dx, w, dy);
        if (g.isDepthwise()) {
            DepthwiseBlocked.backwardInput(dy, w, g, dx, VectorSupport.enabled());
        } else if (g.isPointwise() && g.outH() * g.outW() < SMALL_IMAGE && g.batch() > 1) {
            pointwiseBatched(Pass.INPUT_GRADIENT, g, dx, dy, w, null, false);
        } else {
            gemmBackwardInput(dy, w, g, dx);
        }
    }

    /**
     * Gradient with respect to the weight; {@code dw} ([outC, inC/groups, kH, kW]) is overwritten.
     *
     * @param dy gradient of the output [N, outC, outH, outW], read only
     * @param x input of the forward pass [N, inC, inH, inW], read only
     * @param g the sizes; every array must hold at least the elements it describes
     * @param dw receives the weight gradient, summed over the batch
     * @throws IllegalArgumentException if an array is shorter than {@code g} needs
     */
    public static void backwardWeight(float[] dy, float[] x, Conv2dGeometry g, float[] dw) {
        checkSizes(g, x, dw, dy);
        if (g.isDepthwise()) {
            DepthwiseBlocked.backwardWeight(dy, x, g, dw, VectorSupport.enabled());
        } else if (g.isPointwise() && g.outH() * g.outW() < SMALL_IMAGE && g.batch() > 1) {
            pointwiseBatched(Pass.WEIGHT_GRADIENT, g, x, dy, dw, null, false);
        } else {
            gemmBackwardWeight(dy, x, g, dw);
        }
    }

    /**
     * Gradient with respect to the bias (sum of {@code dy} over batch and positions); {@code db} is overwritten.
     *
     * @param dy gradient of the output [N, outC, outH, outW], read only
     * @param g the sizes; {@code dy} must hold at least {@code g.outputSize()} elements
     * @param db receives one sum per output channel [outC]
     * @throws IllegalArgumentException if {@code dy} or {@code db} is shorter than {@code g} needs
     */
    public static void backwardBias(float[] dy, Conv2dGeometry g, float[] db) {
        Conv2dReference.requireLength("dy", dy, g.outputSize());
        Conv2dReference.requireLength("db", db, g.outChannels());
        int hw = g.outH() * g.outW();
        int outC = g.outChannels();
        int batch = g.batch();
        Parallel.forRange(outC, Math.max(1, 65536 / Math.max(1, batch * hw)), (from, to) -> {
            Scratch s = ROWS.get();
            float[] acc = s.acquire(hw);
            try {
                for (int o = from; o < to; o++) {
                    Arrays.fill(acc, 0, hw, 0f);
                    for (int n = 0; n < batch; n++) {
                        int base = (n * outC + o) * hw;
                        for (int p = 0; p < hw; p++) {
                            acc[p] += dy[base + p];
                        }
                    }
                    double sum = 0;
                    for (int p = 0; p < hw; p++) {
                        sum += acc[p];
                    }
                    db[o] = (float) sum;
                }
            } finally {
                s.release();
            }
        });
    }

    // ---------------------------------------------------------------- im2col + GEMM

    /** True when the columns of an image group are the input itself (1x1 kernel, stride 1, no padding). */
    private static boolean columnsAreInput(Conv2dGeometry g) {
        return g.kernelH() == 1 && g.kernelW() == 1 && g.strideH() == 1 && g.strideW() == 1
                && g.padH() == 0 && g.padW() == 0;
    }

    /** Images run in parallel (each with a one-thread product) when there are enough of them. */
    private static boolean parallelOverImages(Conv2dGeometry g) {
        return g.batch() >= Parallel.threads() && Parallel.threads() > 1;
    }

    private static void gemmForward(float[] x, float[] w, float[] bias, Conv2dGeometry g, float[] y,
                                    boolean silu) {
        boolean perImage = parallelOverImages(g);
        Parallel.Range body = (from, to) -> {
            for (int n = from; n < to; n++) {
                forwardImage(x, w, bias, g, y, n, !perImage, silu);
            }
        };
        if (perImage) {
            Parallel.forRange(g.batch(), 1, body);
        } else {
            body.run(0, g.batch());
        }
    }

    private static void forwardImage(float[] x, float[] w, float[] bias, Conv2dGeometry g, float[] y, int n,
                                     boolean parallelGemm, boolean silu) {
        int hwOut = g.outH() * g.outW();
        int opg = g.outChannelsPerGroup();
        int kk = g.inChannelsPerGroup() * g.kernelH() * g.kernelW();
        withColumns(x, g, n, (grp, cols, colsOff) -> gemm(parallelGemm, false, false, opg, hwOut, kk,
                w, grp * opg * kk, kk, cols, colsOff, hwOut,
                0f, y, (n * g.outChannels() + grp * opg) * hwOut, hwOut));
        if (bias != null) {
            for (int o = 0; o < g.outChannels(); o++) {
                int base = (n * g.outChannels() + o) * hwOut;
                float bo = bias[o];
                for (int p = 0; p < hwOut; p++) {
                    y[base + p] += bo;
                }
            }
        }
        if (silu) {
            int base = n * g.outChannels() * hwOut;
            ElementwiseKernels.unary(UnaryOp.SILU, y, y, base, base + g.outChannels() * hwOut, 0f, 0f);
        }
    }

    private static void gemmBackwardInput(float[] dy, float[] w, Conv2dGeometry g, float[] dx) {
        boolean perImage = parallelOverImages(g);
        Parallel.Range body = (from, to) -> {
            for (int n = from; n < to; n++) {
                backwardInputImage(dy, w, g, dx, n, !perImage);
            }
        };
        if (perImage) {
            Parallel.forRange(g.batch(), 1, body);
        } else {
            body.run(0, g.batch());
        }
    }

    private static void backwardInputImage(float[] dy, float[] w, Conv2dGeometry g, float[] dx, int n,
                                           boolean parallelGemm) {
        int hwOut = g.outH() * g.outW();
        int hwIn = g.inH() * g.inW();
        int cpg = g.inChannelsPerGroup();
        int opg = g.outChannelsPerGroup();
        int kk = cpg * g.kernelH() * g.kernelW();
        boolean direct = columnsAreInput(g);
        Scratch s = COLUMNS.get();
        float[] col = direct ? null : s.acquire(kk * hwOut);
        try {
            for (int grp = 0; grp < g.groups(); grp++) {
                int dxOff = (n * g.inChannels() + grp * cpg) * hwIn;
                int dyOff = (n * g.outChannels() + grp * opg) * hwOut;
                if (direct) {
                    gemm(parallelGemm, true, false, kk, hwOut, opg, w, grp * opg * kk, kk, dy, dyOff, hwOut,
                            0f, dx, dxOff, hwOut);
                } else {
                    gemm(parallelGemm, true, false, kk, hwOut, opg, w, grp * opg * kk, kk, dy, dyOff, hwOut,
                            0f, col, 0, hwOut);
                    col2im(col, g, dx, dxOff);
                }
            }
        } finally {
            if (!direct) {
                s.release();
            }
        }
    }

    private static void gemmBackwardWeight(float[] dy, float[] x, Conv2dGeometry g, float[] dw) {
        int chunks = parallelOverImages(g) ? Math.min(g.batch(), Parallel.threads()) : 1;
        int wSize = g.weightSize();
        float[][] partial = new float[chunks][];
        partial[0] = dw;
        for (int i = 1; i < chunks; i++) {
            partial[i] = new float[wSize];
        }
        int batch = g.batch();
        Parallel.forRange(chunks, 1, (from, to) -> {
            for (int chunk = from; chunk < to; chunk++) {
                int n0 = (int) ((long) batch * chunk / chunks);
                int n1 = (int) ((long) batch * (chunk + 1) / chunks);
                for (int n = n0; n < n1; n++) {
                    weightImage(dy, x, g, partial[chunk], n, n > n0, chunks == 1);
                }
            }
        });
        if (chunks > 1) {
            Parallel.forRange(wSize, 16384, (from, to) -> {
                for (int i = 1; i < chunks; i++) {
                    float[] p = partial[i];
                    for (int j = from; j < to; j++) {
                        dw[j] += p[j];
                    }
                }
            });
        }
    }

    private static void weightImage(float[] dy, float[] x, Conv2dGeometry g, float[] dw, int n, boolean accumulate,
                                    boolean parallelGemm) {
        int hwOut = g.outH() * g.outW();
        int opg = g.outChannelsPerGroup();
        int kk = g.inChannelsPerGroup() * g.kernelH() * g.kernelW();
        withColumns(x, g, n, (grp, cols, colsOff) -> gemm(parallelGemm, false, true, opg, kk, hwOut,
                dy, (n * g.outChannels() + grp * opg) * hwOut, hwOut, cols, colsOff, hwOut,
                accumulate ? 1f : 0f, dw, grp * opg * kk, kk));
    }

    /** What to do with the columns of one group: {@code cols[colsOff ..]}, [inC/groups * kH * kW, outH * outW]. */
    @FunctionalInterface
    private interface GroupColumns {
        void accept(int group, float[] cols, int colsOff);
    }

    /**
     * Hands {@code body} the im2col columns of each group of image {@code n}: the input itself when the
     * convolution reads it as is (1x1, stride 1, no padding), else a per-thread scratch filled by im2col.
     */
    private static void withColumns(float[] x, Conv2dGeometry g, int n, GroupColumns body) {
        int hwIn = g.inH() * g.inW();
        int cpg = g.inChannelsPerGroup();
        boolean direct = columnsAreInput(g);
        Scratch s = COLUMNS.get();
        float[] col = direct ? null : s.acquire(cpg * g.kernelH() * g.kernelW() * g.outH() * g.outW());
        try {
            for (int grp = 0; grp < g.groups(); grp++) {
                int xOff = (n * g.inChannels() + grp * cpg) * hwIn;
                if (direct) {
                    body.accept(grp, x, xOff);
                } else {
                    im2col(x, xOff, g, col);
                    body.accept(grp, col, 0);
                }
            }
        } finally {
            if (!direct) {
                s.release();
            }
        }
    }

    private static void gemm(boolean parallel, boolean transA, boolean transB, int m, int n, int k,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        if (parallel) {
            Sgemm.gemm(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        } else {
            Sgemm.gemmSerial(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * Unfolds the input channels of one image group starting at {@code x[xOff]} into
     * {@code col[(c*kH + kh)*kW + kw][oh*outW + ow]}, with zeros where the kernel reads padding.
     */
    static void im2col(float[] x, int xOff, Conv2dGeometry g, float[] col) {
        int inH = g.inH();
        int inW = g.inW();
        int outH = g.outH();
        int outW = g.outW();
        int kH = g.kernelH();
        int kW = g.kernelW();
        int sW = g.strideW();
        int row = 0;
        for (int c = 0; c < g.inChannelsPerGroup(); c++) {
            int plane = xOff + c * inH * inW;
            for (int kh = 0; kh < kH; kh++) {
                for (int kw = 0; kw < kW; kw++, row++) {
                    int shift = kw * g.dilationW() - g.padW();
                    int lo = Math.min(outW, firstInside(shift, sW));
                    int hi = Math.max(lo, lastInside(shift, sW, inW, outW));
                    int dst = row * outH * outW;
                    for (int oh = 0; oh < outH; oh++, dst += outW) {
                        int ih = oh * g.strideH() - g.padH() + kh * g.dilationH();
                        if (ih < 0 || ih >= inH) {
                            Arrays.fill(col, dst, dst + outW, 0f);
                            continue;
                        }
                        Arrays.fill(col, dst, dst + lo, 0f);
                        int src = plane + ih * inW + shift;
                        if (sW == 1) {
                            if (hi > lo) {
                                System.arraycopy(x, src + lo, col, dst + lo, hi - lo);
                            }
                        } else {
                            for (int ow = lo; ow < hi; ow++) {
                                col[dst + ow] = x[src + ow * sW];
                            }
                        }
                        Arrays.fill(col, dst + hi, dst + outW, 0f);
                    }
                }
            }
        }
    }

    /** Adjoint of {@link #im2col}: overwrites the group's input planes at {@code dx[dxOff]} with the folded sum. */
    static void col2im(float[] col, Conv2dGeometry g, float[] dx, int dxOff) {
        int inH = g.inH();
        int inW = g.inW();
        int outH = g.outH();
        int outW = g.outW();
        int kH = g.kernelH();
        int kW = g.kernelW();
        int sW = g.strideW();
        Arrays.fill(dx, dxOff, dxOff + g.inChannelsPerGroup() * inH * inW, 0f);
        int row = 0;
        for (int c = 0; c < g.inChannelsPerGroup(); c++) {
            int plane = dxOff + c * inH * inW;
            for (int kh = 0; kh < kH; kh++) {
                for (int kw = 0; kw < kW; kw++, row++) {
                    int shift = kw * g.dilationW() - g.padW();
                    int lo = Math.min(outW, firstInside(shift, sW));
                    int hi = Math.max(lo, lastInside(shift, sW, inW, outW));
                    int src = row * outH * outW;
                    for (int oh = 0; oh < outH; oh++, src += outW) {
                        int ih = oh * g.strideH() - g.padH() + kh * g.dilationH();
                        if (ih < 0 || ih >= inH) {
                            continue;
                        }
                        int dst = plane + ih * inW + shift;
                        if (sW == 1) {
                            for (int ow = lo; ow < hi; ow++) {
                                dx[dst + ow] += col[src + ow];
                            }
                        } else {
                            for (int ow = lo; ow < hi; ow++) {
                                dx[dst + ow * sW] += col[src + ow];
                            }
                        }
                    }
                }
            }
        }
    }

    /** First output column whose input column {@code ow*stride + shift} is not left of the image. */
    private static int firstInside(int shift, int stride) {
        return shift >= 0 ? 0 : (-shift + stride - 1) / stride;
    }

    /** One past the last output column whose input column {@code ow*stride + shift} is inside the image. */
    private static int lastInside(int shift, int stride, int inW, int outW) {
        int last = inW - 1 - shift;
        if (last < 0) {
            return 0;
        }
        return Math.min(outW, last / stride + 1);
    }

    // ---------------------------------------------------------------- 1x1 on small images: one product per batch

    /** Channels per task of the layout changes: a few thousand floats each. */
    private static int channelGrain(int batch, int hw) {
        return Math.max(1, 4096 / Math.max(1, batch * hw));
    }

    /** dst[c][n*hw + p] = src[n][c][p], channels in parallel. */
    private static void gather(float[] src, int batch, int channels, int hw, float[] dst) {
        int wide = batch * hw;
        Parallel.forRange(channels, channelGrain(batch, hw), (from, to) -> {
            for (int c = from; c < to; c++) {
                for (int n = 0; n < batch; n++) {
                    System.arraycopy(src, (n * channels + c) * hw, dst, c * wide + n * hw, hw);
                }
            }
        });
    }

    /**
     * dst[n][c][p] = src[c][n*hw + p] (+ bias[c] when there is a bias, then SiLU when {@code silu}: each channel's row
     * of src is finished in place just before it is copied out), channels in parallel.
     */
    private static void scatter(float[] src, int batch, int channels, int hw, float[] bias, boolean silu,
                                float[] dst) {
        int wide = batch * hw;
        Parallel.forRange(channels, channelGrain(batch, hw), (from, to) -> {
            for (int c = from; c < to; c++) {
                int row = c * wide;
                if (bias != null) {
                    float b = bias[c];
                    for (int p = row, end = row + wide; p < end; p++) {
                        src[p] += b;
                    }
                }
                if (silu) {
                    ElementwiseKernels.unary(UnaryOp.SILU, src, src, row, row + wide, 0f, 0f);
                }
                for (int n = 0; n < batch; n++) {
                    System.arraycopy(src, row + n * hw, dst, (n * channels + c) * hw, hw);
                }
            }
        });
    }

    /**
     * y[n][c][p] += bias[c] (when there is a bias), then SiLU of every element (when {@code silu}), a sample's
     * channels at a time so that they are still in cache for the SiLU; samples in parallel.
     */
    private static void biasAndSilu(float[] y, int batch, int channels, int hw, float[] bias, boolean silu) {
        int slab = channels * hw;
        Parallel.forRange(batch, Math.max(1, 16384 / Math.max(1, slab)), (from, to) -> {
            for (int n = from; n < to; n++) {
                int base = n * slab;
                if (bias != null) {
                    for (int c = 0; c < channels; c++) {
                        float b = bias[c];
                        for (int p = base + c * hw, end = p + hw; p < end; p++) {
                            y[p] += b;
                        }
                    }
                }
                if (silu) {
                    ElementwiseKernels.unary(UnaryOp.SILU, y, y, base, base + slab, 0f, 0f);
                }
            }
        });
    }

    /** The pass of a 1x1 convolution that {@link #pointwiseBatched} runs. */
    private enum Pass { FORWARD, INPUT_GRADIENT, WEIGHT_GRADIENT }

    /**
     * One pass of a 1x1 convolution on small images as a single product over the whole batch. The in-channel
     * side {@code in} ([N, inC, hw]: x, or dx) and the out-channel side {@code out} ([N, outC, hw]: y, or dy) are
     * used as [C, N*hw] matrices in per-thread scratch, gathered where the pass reads them and scattered back
     * where it writes them.
     *
     * <ul>
     *   <li>FORWARD: y = w x (+ bias); reads {@code in} and {@code weight}, writes {@code out};</li>
     *   <li>INPUT_GRADIENT: dx = w^T dy; reads {@code out} and {@code weight}, writes {@code in};</li>
     *   <li>WEIGHT_GRADIENT: dw = dy x^T; reads {@code in} and {@code out}, writes {@code weight} (dw).</li>
     * </ul>
     */
    private static void pointwiseBatched(Pass pass, Conv2dGeometry g, float[] in, float[] out, float[] weight,
                                         float[] bias, boolean silu) {
        int hw = g.outH() * g.outW();
        int batch = g.batch();
        int wide = batch * hw;
        int inC = g.inChannels();
        int outC = g.outChannels();
        if (hw == 1 && pass != Pass.WEIGHT_GRADIENT) {
            // [N, C, 1, 1] is the row-major N x C matrix itself: y = x w^T, dx = dy w
            if (pass == Pass.FORWARD) {
                Sgemm.gemm(false, true, batch, outC, inC, 1f, in, 0, inC, weight, 0, inC, 0f, out, 0, outC);
                if (bias != null || silu) {
                    biasAndSilu(out, batch, outC, 1, bias, silu);
                }
            } else {
                Sgemm.gemm(false, false, batch, inC, outC, 1f, out, 0, outC, weight, 0, inC, 0f, in, 0, inC);
            }
            return;
        }
        if (VectorSupport.enabled() && pass != Pass.WEIGHT_GRADIENT) {
            // the vector product reads and writes the [N, C, hw] tensors in place as [C, N hw] matrices
            if (pass == Pass.FORWARD) {
                Sgemm.gemmColumnBlocks(false, outC, wide, inC, weight, 0, inC, in, 0, hw, out, 0, hw,
                        new Sgemm.ColumnBlocks(hw, inC * hw, outC * hw));
                if (bias != null || silu) {
                    biasAndSilu(out, batch, outC, hw, bias, silu);
                }
            } else {
                Sgemm.gemmColumnBlocks(true, inC, wide, outC, weight, 0, inC, out, 0, hw, in, 0, hw,
                        new Sgemm.ColumnBlocks(hw, outC * hw, inC * hw));
            }
            return;
        }
        Scratch si = GATHER_IN.get();
        Scratch so = GATHER_OUT.get();
        float[] ins = si.acquire(inC * wide);
        float[] outs = so.acquire(outC * wide);
        try {
            if (pass != Pass.INPUT_GRADIENT) {
                gather(in, batch, inC, hw, ins);
            }
            if (pass != Pass.FORWARD) {
                gather(out, batch, outC, hw, outs);
            }
            switch (pass) {
                case FORWARD -> {
                    Sgemm.gemm(false, false, outC, wide, inC, 1f, weight, 0, inC, ins, 0, wide, 0f, outs, 0, wide);
                    scatter(outs, batch, outC, hw, bias, silu, out);
                }
                case INPUT_GRADIENT -> {
                    Sgemm.gemm(true, false, inC, wide, outC, 1f, weight, 0, inC, outs, 0, wide, 0f, ins, 0, wide);
                    scatter(ins, batch, inC, hw, null, false, in);
                }
                case WEIGHT_GRADIENT ->
                    Sgemm.gemm(false, true, outC, inC, wide, 1f, outs, 0, wide, ins, 0, wide, 0f, weight, 0, inC);
            }
        } finally {
            so.release();
            si.release();
        }
    }

    private static void checkSizes(Conv2dGeometry g, float[] input, float[] weight, float[] output) {
        Conv2dReference.requireLength("input", input, g.inputSize());
        Conv2dReference.requireLength("weight", weight, g.weightSize());
        Conv2dReference.requireLength("output", output, g.outputSize());
    }
}

package io.github.cola4j.tensor.cpu;

import io.github.cola4j.tensor.UnaryOp;
import java.util.Arrays;

/**
 * Depthwise convolution ({@code groups == inChannels == outChannels}, any kernel, stride, padding, dilation) on
 * blocks of channels stored channels-last.
 *
 * <p>A block is {@code lanes} consecutive channels of one image. Its input planes are interleaved into a
 * zero-bordered scratch plane {@code xp[(row * wpad + col) * lanes + lane]} (row and col in padded
 * coordinates), so that every kernel tap of every output position reads {@code lanes} consecutive floats with
 * no bounds tests: the innermost loop runs over channels with unit stride whatever the size of the image. This
 * keeps small planes (7x4, 4x2) as cheap per element as large ones: there is no per-plane padding, fill or
 * call. The micro-kernels are {@link DepthwiseVector} (one Vector API register per block) when the Vector API
 * is in use, and plain loops over the lanes otherwise.
 *
 * <p>Passes: the forward pass and the weight gradient read the padded input block; with stride 1 the input
 * gradient is the forward pass of the output gradient (padded by {@code dilation (k - 1) - pad}) with rotated
 * kernels, and with larger strides each input position gathers its (tap, output position) pairs from a table
 * built once per call. Stride-1 layers with wide output rows go to {@link DepthwiseWide} instead.
 *
 * <p>Scratch buffers are per thread and reused between calls; the zero border of the padded input is written
 * once per parallel range, since packing only ever overwrites the interior.
 */
final class DepthwiseBlocked {

    /** Channels per block of the plain kernels. */
    static final int PLAIN_LANES = 8;

    /** Multiply-adds a parallel task should hold at least. */
    private static final int TASK_WORK = 1 << 15;

    private static final ThreadLocal<Scratch> PACKED_IN = Scratch.perThread();
    private static final ThreadLocal<Scratch> PACKED_OUT = Scratch.perThread();
    private static final ThreadLocal<Scratch> PACKED_W = Scratch.perThread();

    private DepthwiseBlocked() {
    }

    /** Lanes of a block for the chosen kernels. */
    static int lanes(boolean vector) {
        return vector ? DepthwiseVector.LANES : PLAIN_LANES;
    }

    /** Shape facts shared by the three passes. */
    record Shape(int channels, int batch, int inH, int inW, int outH, int outW, int kH, int kW,
                 int sH, int sW, int dH, int dW, int padH, int padW, int lanes, int blocks,
                 int wpad, int hpad, int rowStride, int taps) {

        static Shape of(Conv2dGeometry g, boolean vector) {
            int lanes = DepthwiseBlocked.lanes(vector);
            int wpad = g.inW() + 2 * g.padW();
            int hpad = g.inH() + 2 * g.padH();
            return new Shape(g.inChannels(), g.batch(), g.inH(), g.inW(), g.outH(), g.outW(), g.kernelH(),
                    g.kernelW(), g.strideH(), g.strideW(), g.dilationH(), g.dilationW(), g.padH(), g.padW(),
                    lanes, (g.inChannels() + lanes - 1) / lanes, wpad, hpad, wpad * lanes,
                    g.kernelH() * g.kernelW());
        }

        /** True when input planes move as 16 x 16 tiles that span rows (Vector API, rows narrower than 16). */
        boolean narrowTiles(boolean vector) {
            return vector && lanes == 16 && inW < 16 && inH * inW >= 16;
        }

        /** Offset in the padded plane of each input position (row-major), for lane 0. */
        int[] inputOffsets() {
            int[] off = new int[inH * inW];
            for (int ih = 0, q = 0; ih < inH; ih++) {
                for (int iw = 0; iw < inW; iw++, q++) {
                    off[q] = (ih + padH) * rowStride + (iw + padW) * lanes;
                }
            }
            return off;
        }

        int paddedSize() {
            return hpad * rowStride;
        }

        int outPositions() {
            return outH * outW;
        }

        /** Channels in block {@code blk}. */
        int width(int blk) {
            return Math.min(lanes, channels - blk * lanes);
        }

        int taskGrain() {
            long work = (long) outH * outW * taps * lanes;
            return (int) Math.max(1, TASK_WORK / Math.max(1, work));
        }
    }

    // ---------------------------------------------------------------- passes

    /**
     * Forward pass; {@code vector} picks the Vector API micro-kernels (only when the Vector API is enabled), and
     * {@code silu} applies SiLU to each tile of the output before it leaves the cache.
     */
    static void forward(float[] x, float[] w, float[] bias, Conv2dGeometry g, float[] y, boolean vector,
                        boolean silu) {
        forward(x, w, false, bias, g, y, vector, silu);
    }

    /** Forward pass, with each channel's kernel rotated by 180 degrees when {@code flip}. */
    private static void forward(float[] x, float[] w, boolean flip, float[] bias, Conv2dGeometry g, float[] y,
                                boolean vector, boolean silu) {
        if (DepthwiseWide.applies(g, vector)) {
            DepthwiseWide.forward(x, w, flip, bias, g, y, vector, silu);
            return;
        }
        Shape s = Shape.of(g, vector);
        int[] inMap = vector ? DepthwiseVector.laneOffsets(s.inH * s.inW) : null;
        int[] inOffsets = s.narrowTiles(vector) ? s.inputOffsets() : null;
        int[] outMap = vector ? DepthwiseVector.laneOffsets(s.outPositions()) : null;
        Scratch sw = PACKED_W.get();
        float[] wt = sw.acquire(s.blocks * (s.taps + 1) * s.lanes);
        try {
            packWeights(w, flip, bias, s, wt);
            Parallel.forRange(s.batch * s.blocks, s.taskGrain(), (from, to) -> {
                Scratch si = PACKED_IN.get();
                Scratch so = PACKED_OUT.get();
                float[] xp = si.acquire(s.paddedSize());
                float[] yt = so.acquire(s.outPositions() * s.lanes);
                try {
                    Arrays.fill(xp, 0, s.paddedSize(), 0f);
                    for (int task = from; task < to; task++) {
                        int n = task / s.blocks;
                        int blk = task % s.blocks;
                        packInput(x, n, blk, s, xp, inMap, inOffsets);
                        int wo = blk * (s.taps + 1) * s.lanes;
                        if (vector) {
                            DepthwiseVector.forward(xp, wt, wo, s.outH, s.outW, s.kH, s.kW, s.sH, s.sW, s.dH,
                                    s.dW, s.rowStride, yt);
                        } else {
                            forwardPlain(xp, wt, wo, s, yt);
                        }
                        if (silu) {
                            ElementwiseKernels.unary(UnaryOp.SILU, yt, yt, 0, s.outPositions() * s.lanes, 0f, 0f);
                        }
                        unpack(yt, n, blk, s, s.outPositions(), y, outMap);
                    }
                } finally {
                    so.release();
                    si.release();
                }
            });
        } finally {
            sw.release();
        }
    }

    /** Input gradient; {@code dx} is overwritten. */
    static void backwardInput(float[] dy, float[] w, Conv2dGeometry g, float[] dx, boolean vector) {
        if (g.strideH() == 1 && g.strideW() == 1 && g.padH() <= g.dilationH() * (g.kernelH() - 1)
                && g.padW() <= g.dilationW() * (g.kernelW() - 1)) {
            // With stride 1 the input gradient is the forward pass of dy, padded by dilation (k - 1) - pad, with
            // the kernels rotated: a gather per input position instead of scattered updates.
            Conv2dGeometry t = new Conv2dGeometry(g.batch(), g.inChannels(), g.outH(), g.outW(), g.inChannels(),
                    g.kernelH(), g.kernelW(), 1, 1, g.dilationH() * (g.kernelH() - 1) - g.padH(),
                    g.dilationW() * (g.kernelW() - 1) - g.padW(), g.dilationH(), g.dilationW(), g.inChannels());
            forward(dy, w, true, null, t, dx, vector, false);
            return;
        }
        // Otherwise each input position gathers its taps from a table built once per call (kernel tap and
        // output position of every pair that meets there), so every input position is written once.
        Shape s = Shape.of(g, vector);
        int inHw = s.inH * s.inW;
        int[] inMap = vector ? DepthwiseVector.laneOffsets(inHw) : null;
        int[] outMap = vector ? DepthwiseVector.laneOffsets(s.outPositions()) : null;
        int[] table = gatherTable(s);
        Scratch sw = PACKED_W.get();
        float[] wt = sw.acquire(s.blocks * (s.taps + 1) * s.lanes);
        try {
            packWeights(w, false, null, s, wt);
            Parallel.forRange(s.batch * s.blocks, s.taskGrain(), (from, to) -> {
                Scratch si = PACKED_IN.get();
                Scratch so = PACKED_OUT.get();
                float[] dxt = si.acquire(inHw * s.lanes);
                float[] dyt = so.acquire(s.outPositions() * s.lanes);
                try {
                    for (int task = from; task < to; task++) {
                        int n = task / s.blocks;
                        int blk = task % s.blocks;
                        pack(dy, n, blk, s, s.outPositions(), dyt, outMap);
                        int wo = blk * (s.taps + 1) * s.lanes;
                        if (vector) {
                            DepthwiseVector.backwardInputGather(dyt, wt, wo, table, inHw, dxt);
                        } else {
                            backwardInputGatherPlain(dyt, wt, wo, table, inHw, dxt);
                        }
                        unpack(dxt, n, blk, s, inHw, dx, inMap);
                    }
                } finally {
                    so.release();
                    si.release();
                }
            });
        } finally {
            sw.release();
        }
    }

    /**
     * For each input position q (row-major), the (tap, output position) pairs that read it: entries
     * {@code table[q] .. table[q + 1]} (indices into the pair list), pairs at {@code table[inHw + 1 + 2 e]}.
     */
    private static int[] gatherTable(Shape s) {
        int inHw = s.inH * s.inW;
        int count = 0;
        for (int pass = 0; pass < 2; pass++) {
            int[] table = pass == 0 ? null : new int[inHw + 1 + 2 * count];
            int e = 0;
            for (int ih = 0, q = 0; ih < s.inH; ih++) {
                for (int iw = 0; iw < s.inW; iw++, q++) {
                    if (table != null) {
                        table[q] = e;
                    }
                    for (int kh = 0; kh < s.kH; kh++) {
                        int r = ih + s.padH - kh * s.dH;
                        if (r < 0 || r % s.sH != 0 || r / s.sH >= s.outH) {
                            continue;
                        }
                        for (int kw = 0; kw < s.kW; kw++) {
                            int c = iw + s.padW - kw * s.dW;
                            if (c < 0 || c % s.sW != 0 || c / s.sW >= s.outW) {
                                continue;
                            }
                            if (table != null) {
                                table[inHw + 1 + 2 * e] = kh * s.kW + kw;
                                table[inHw + 2 + 2 * e] = (r / s.sH) * s.outW + c / s.sW;
                            }
                            e++;
                        }
                    }
                }
            }
            if (table != null) {
                table[inHw] = e;
                return table;
            }
            count = e;
        }
        throw new AssertionError();
    }

    /** Weight gradient; {@code dw} is overwritten. */
    static void backwardWeight(float[] dy, float[] x, Conv2dGeometry g, float[] dw, boolean vector) {
        if (DepthwiseWide.applies(g, vector)) {
            DepthwiseWide.backwardWeight(dy, x, g, dw, vector);
            return;
        }
        Shape s = Shape.of(g, vector);
        int[] inMap = vector ? DepthwiseVector.laneOffsets(s.inH * s.inW) : null;
        int[] inOffsets = s.narrowTiles(vector) ? s.inputOffsets() : null;
        int[] outMap = vector ? DepthwiseVector.laneOffsets(s.outPositions()) : null;
        // Split the batch as well when there are too few channel blocks to keep every thread busy; each
        // (chunk, block) task owns a slice of partial sums, added up at the end.
        int chunks = Math.min(s.batch, Math.max(1, (4 * Parallel.threads() + s.blocks - 1) / s.blocks));
        int slice = s.taps * s.lanes;
        Scratch sw = PACKED_W.get();
        float[] partial = sw.acquire(chunks * s.blocks * slice);
        try {
            Parallel.forRange(chunks * s.blocks, 1, (from, to) -> {
                Scratch si = PACKED_IN.get();
                Scratch so = PACKED_OUT.get();
                float[] xp = si.acquire(s.paddedSize());
                float[] dyt = so.acquire(s.outPositions() * s.lanes);
                try {
                    Arrays.fill(xp, 0, s.paddedSize(), 0f);
                    for (int task = from; task < to; task++) {
                        int chunk = task / s.blocks;
                        int blk = task % s.blocks;
                        int n0 = (int) ((long) s.batch * chunk / chunks);
                        int n1 = (int) ((long) s.batch * (chunk + 1) / chunks);
                        int acc = task * slice;
                        Arrays.fill(partial, acc, acc + slice, 0f);
                        for (int n = n0; n < n1; n++) {
                            packInput(x, n, blk, s, xp, inMap, inOffsets);
                            pack(dy, n, blk, s, s.outPositions(), dyt, outMap);
                            if (vector) {
                                DepthwiseVector.backwardWeight(dyt, xp, s.outH, s.outW, s.kH, s.kW, s.sH, s.sW,
                                        s.dH, s.dW, s.rowStride, partial, acc);
                            } else {
                                backwardWeightPlain(dyt, xp, s, partial, acc);
                            }
                        }
                    }
                } finally {
                    so.release();
                    si.release();
                }
            });
            for (int blk = 0; blk < s.blocks; blk++) {
                int cn = s.width(blk);
                for (int t = 0; t < s.taps; t++) {
                    for (int l = 0; l < cn; l++) {
                        float sum = 0f;
                        for (int chunk = 0; chunk < chunks; chunk++) {
                            sum += partial[(chunk * s.blocks + blk) * slice + t * s.lanes + l];
                        }
                        dw[(blk * s.lanes + l) * s.taps + t] = sum;
                    }
                }
            }
        } finally {
            sw.release();
        }
    }

    // ---------------------------------------------------------------- layout changes

    /**
     * Per block: {@code taps} groups of {@code lanes} weights (in reverse tap order when {@code flip}), then
     * {@code lanes} biases (zeros without bias); lanes past the last channel are zero.
     */
    private static void packWeights(float[] w, boolean flip, float[] bias, Shape s, float[] wt) {
        int per = (s.taps + 1) * s.lanes;
        Arrays.fill(wt, 0, s.blocks * per, 0f);
        for (int c = 0; c < s.channels; c++) {
            int blk = c / s.lanes;
            int l = c % s.lanes;
            int base = blk * per + l;
            for (int t = 0; t < s.taps; t++) {
                wt[base + t * s.lanes] = w[c * s.taps + (flip ? s.taps - 1 - t : t)];
            }
            if (bias != null) {
                wt[base + s.taps * s.lanes] = bias[c];
            }
        }
    }

    // With the Vector API, full blocks move as 16 x 16 tiles transposed in registers where 16 positions are
    // contiguous on both sides (LANES == 16), and with gathers / scatters otherwise. The plain copies walk
    // positions in the outer loop and channels in the inner one: the interleaved side is then written (read)
    // sequentially, and the lanes' planes are read (written) as that many sequential streams.

    /** Interleaves the block's input planes of image n into the interior of the padded plane. */
    static void packInput(float[] x, int n, int blk, Shape s, float[] xp, int[] map, int[] offsets) {
        int cn = s.width(blk);
        int hw = s.inH * s.inW;
        int lanes = s.lanes;
        int src0 = (n * s.channels + blk * lanes) * hw;
        if (offsets != null && cn == lanes) {
            // Narrow rows: tiles of 16 consecutive positions that span rows, stored one position at a time.
            int[] dst = offsets;
            int q = 0;
            for (; q + 16 <= hw; q += 16) {
                DepthwiseVector.transpose16(x, src0 + q, hw, xp, dst, q);
            }
            for (; q < hw; q++) {
                for (int l = 0; l < lanes; l++) {
                    xp[dst[q] + l] = x[src0 + l * hw + q];
                }
            }
            return;
        }
        if (map != null && cn == lanes) {
            boolean tiles = lanes == 16;
            for (int ih = 0; ih < s.inH; ih++) {
                int src = src0 + ih * s.inW;
                int dst = (ih + s.padH) * s.rowStride + s.padW * lanes;
                int iw = 0;
                for (; tiles && iw + 16 <= s.inW; iw += 16) {
                    DepthwiseVector.transpose16(x, src + iw, hw, xp, dst + iw * 16, 16);
                }
                DepthwiseVector.gather(x, src + iw, map, s.inW - iw, xp, dst + iw * lanes);
            }
            return;
        }
        for (int ih = 0, src = src0; ih < s.inH; ih++) {
            int dst = (ih + s.padH) * s.rowStride + s.padW * lanes;
            for (int iw = 0; iw < s.inW; iw++, dst += lanes, src++) {
                for (int l = 0, sl = src; l < cn; l++, sl += hw) {
                    xp[dst + l] = x[sl];
                }
            }
        }
    }

    /** Interleaves the block's planes of {@code hw} positions of image n: {@code yt[p * lanes + lane]}. */
    static void pack(float[] y, int n, int blk, Shape s, int hw, float[] yt, int[] map) {
        int cn = s.width(blk);
        int lanes = s.lanes;
        int src = (n * s.channels + blk * lanes) * hw;
        if (map != null && cn == lanes) {
            int p = 0;
            for (; lanes == 16 && p + 16 <= hw; p += 16) {
                DepthwiseVector.transpose16(y, src + p, hw, yt, p * 16, 16);
            }
            DepthwiseVector.gather(y, src + p, map, hw - p, yt, p * lanes);
            return;
        }
        for (int p = 0, dst = 0; p < hw; p++, dst += lanes, src++) {
            for (int l = 0, sl = src; l < cn; l++, sl += hw) {
                yt[dst + l] = y[sl];
            }
        }
    }

    /** Inverse of {@link #pack}. */
    static void unpack(float[] yt, int n, int blk, Shape s, int hw, float[] y, int[] map) {
        int cn = s.width(blk);
        int lanes = s.lanes;
        int dst = (n * s.channels + blk * lanes) * hw;
        if (map != null && cn == lanes) {
            int p = 0;
            for (; lanes == 16 && p + 16 <= hw; p += 16) {
                DepthwiseVector.transpose16(yt, p * 16, 16, y, dst + p, hw);
            }
            DepthwiseVector.scatter(yt, p * lanes, map, hw - p, y, dst + p);
            return;
        }
        for (int p = 0, src = 0; p < hw; p++, src += lanes, dst++) {
            for (int l = 0, dl = dst; l < cn; l++, dl += hw) {
                y[dl] = yt[src + l];
            }
        }
    }

    // ---------------------------------------------------------------- plain micro-kernels

    private static void forwardPlain(float[] xp, float[] wt, int wo, Shape s, float[] yt) {
        final int lanes = PLAIN_LANES;
        int bo = wo + s.taps * lanes;
        for (int oh = 0, o = 0; oh < s.outH; oh++) {
            for (int ow = 0; ow < s.outW; ow++, o += lanes) {
                int base = oh * s.sH * s.rowStride + ow * s.sW * lanes;
                System.arraycopy(wt, bo, yt, o, lanes);
                for (int kh = 0, t = wo; kh < s.kH; kh++) {
                    int row = base + kh * s.dH * s.rowStride;
                    for (int kw = 0; kw < s.kW; kw++, t += lanes) {
                        int xo = row + kw * s.dW * lanes;
                        for (int l = 0; l < lanes; l++) {
                            yt[o + l] += wt[t + l] * xp[xo + l];
                        }
                    }
                }
            }
        }
    }

    private static void backwardInputGatherPlain(float[] dyt, float[] wt, int wo, int[] table, int positions,
                                                 float[] dxt) {
        final int lanes = PLAIN_LANES;
        int pairs = positions + 1;
        for (int q = 0; q < positions; q++) {
            int o = q * lanes;
            Arrays.fill(dxt, o, o + lanes, 0f);
            for (int e = table[q], end = table[q + 1]; e < end; e++) {
                int t = wo + table[pairs + 2 * e] * lanes;
                int d = table[pairs + 2 * e + 1] * lanes;
                for (int l = 0; l < lanes; l++) {
                    dxt[o + l] += wt[t + l] * dyt[d + l];
                }
            }
        }
    }

    private static void backwardWeightPlain(float[] dyt, float[] xp, Shape s, float[] acc, int accOff) {
        final int lanes = PLAIN_LANES;
        for (int kh = 0, t = accOff; kh < s.kH; kh++) {
            for (int kw = 0; kw < s.kW; kw++, t += lanes) {
                int shift = kh * s.dH * s.rowStride + kw * s.dW * lanes;
                for (int oh = 0, o = 0; oh < s.outH; oh++) {
                    for (int ow = 0; ow < s.outW; ow++, o += lanes) {
                        int xo = oh * s.sH * s.rowStride + ow * s.sW * lanes + shift;
                        for (int l = 0; l < lanes; l++) {
                            acc[t + l] += dyt[o + l] * xp[xo + l];
                        }
                    }
                }
            }
        }
    }
}

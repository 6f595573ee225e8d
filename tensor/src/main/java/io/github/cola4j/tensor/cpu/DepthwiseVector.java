package io.github.cola4j.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API micro-kernels of the depthwise convolution. For {@link DepthwiseBlocked} one vector holds the
 * {@link #LANES} channels of a block at one position, so each kernel tap is one fused multiply-add on
 * unit-stride loads; for {@link DepthwiseWide} a vector holds consecutive positions of one channel's padded
 * plane ({@link #forwardFlat}, {@link #weightFlat}). Also the layout changes: gathers, scatters and a 16 x 16
 * register transpose.
 *
 * <p>Only loaded when {@link VectorSupport#enabled()}; signatures use primitives and arrays only. Block layouts
 * are those of {@link DepthwiseBlocked}: padded input {@code xp[row * rowStride + col * LANES + lane]}, outputs
 * {@code yt[(oh * outW + ow) * LANES + lane]}, packed weights {@code wt[wo + tap * LANES + lane]} followed by
 * the biases.
 */
final class DepthwiseVector {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    /** Channels per block: the length of the preferred float vector. */
    static final int LANES = S.length();

    // Lane shuffles and masks of the four stages of transpose16 (block sizes 8, 4, 2, 1).
    private static final VectorShuffle<Float> UP8 = shuffle(8, true);
    private static final VectorShuffle<Float> DOWN8 = shuffle(8, false);
    private static final VectorMask<Float> HI8 = highHalves(8);
    private static final VectorShuffle<Float> UP4 = shuffle(4, true);
    private static final VectorShuffle<Float> DOWN4 = shuffle(4, false);
    private static final VectorMask<Float> HI4 = highHalves(4);
    private static final VectorShuffle<Float> UP2 = shuffle(2, true);
    private static final VectorShuffle<Float> DOWN2 = shuffle(2, false);
    private static final VectorMask<Float> HI2 = highHalves(2);
    private static final VectorShuffle<Float> UP1 = shuffle(1, true);
    private static final VectorShuffle<Float> DOWN1 = shuffle(1, false);
    private static final VectorMask<Float> HI1 = highHalves(1);

    private DepthwiseVector() {
    }

    /**
     * Output block {@code yt} from the padded input block {@code xp}. Four output positions (in row-major
     * order, possibly across rows) are computed together so that four independent chains of fused
     * multiply-adds share each weight load. Loops that carry a vector are kept single-level (taps walked with
     * wrap-around counters) so that the JIT keeps the vectors in registers.
     */
    static void forward(float[] xp, float[] wt, int wo, int outH, int outW, int kH, int kW, int sH, int sW,
                        int dH, int dW, int rowStride, float[] yt) {
        final int l = LANES;
        int taps = kH * kW;
        int hw = outH * outW;
        FloatVector bias = FloatVector.fromArray(S, wt, wo + taps * l);
        int tapStep = dW * l;
        int tapRowJump = dH * rowStride - (kW - 1) * tapStep;
        int colStep = sW * l;
        int rowJump = sH * rowStride - (outW - 1) * colStep;
        int end = wo + taps * l;
        int p = 0;
        int ow = 0;
        int pos = 0;
        for (; p + 3 < hw; p += 4) {
            int x0 = pos;
            pos = next(pos, ++ow == outW, colStep, rowJump);
            ow = ow == outW ? 0 : ow;
            int x1 = pos;
            pos = next(pos, ++ow == outW, colStep, rowJump);
            ow = ow == outW ? 0 : ow;
            int x2 = pos;
            pos = next(pos, ++ow == outW, colStep, rowJump);
            ow = ow == outW ? 0 : ow;
            int x3 = pos;
            pos = next(pos, ++ow == outW, colStep, rowJump);
            ow = ow == outW ? 0 : ow;
            FloatVector a0 = bias;
            FloatVector a1 = bias;
            FloatVector a2 = bias;
            FloatVector a3 = bias;
            int off = 0;
            int kw = 0;
            for (int t = wo; t < end; t += l) {
                FloatVector wv = FloatVector.fromArray(S, wt, t);
                a0 = FloatVector.fromArray(S, xp, x0 + off).fma(wv, a0);
                a1 = FloatVector.fromArray(S, xp, x1 + off).fma(wv, a1);
                a2 = FloatVector.fromArray(S, xp, x2 + off).fma(wv, a2);
                a3 = FloatVector.fromArray(S, xp, x3 + off).fma(wv, a3);
                if (++kw == kW) {
                    kw = 0;
                    off += tapRowJump;
                } else {
                    off += tapStep;
                }
            }
            int o = p * l;
            a0.intoArray(yt, o);
            a1.intoArray(yt, o + l);
            a2.intoArray(yt, o + 2 * l);
            a3.intoArray(yt, o + 3 * l);
        }
        for (; p < hw; p++) {
            FloatVector a = bias;
            int off = pos;
            int kw = 0;
            for (int t = wo; t < end; t += l) {
                a = FloatVector.fromArray(S, xp, off).fma(FloatVector.fromArray(S, wt, t), a);
                if (++kw == kW) {
                    kw = 0;
                    off += tapRowJump;
                } else {
                    off += tapStep;
                }
            }
            a.intoArray(yt, p * l);
            pos = next(pos, ++ow == outW, colStep, rowJump);
            ow = ow == outW ? 0 : ow;
        }
    }

    /** Offset of the next output position's window: one column on, or the start of the next row. */
    private static int next(int pos, boolean wrap, int colStep, int rowJump) {
        return pos + (wrap ? rowJump : colStep);
    }

    /**
     * Input gradient of a block by gathering: for each input position q, the sum over the (tap, output
     * position) pairs of {@code table} (see {@code DepthwiseBlocked.gatherTable}) of weight times output
     * gradient, written to {@code dxt[q * LANES ...]}.
     */
    static void backwardInputGather(float[] dyt, float[] wt, int wo, int[] table, int positions, float[] dxt) {
        final int l = LANES;
        int pairs = positions + 1;
        for (int q = 0; q < positions; q++) {
            FloatVector a = FloatVector.zero(S);
            for (int e = table[q], end = table[q + 1]; e < end; e++) {
                int t = wo + table[pairs + 2 * e] * l;
                int d = table[pairs + 2 * e + 1] * l;
                a = FloatVector.fromArray(S, dyt, d).fma(FloatVector.fromArray(S, wt, t), a);
            }
            a.intoArray(dxt, q * l);
        }
    }

    /**
     * Adds the block's per-tap weight gradients to {@code acc[accOff + tap * LANES + lane]}: four taps per sweep
     * over the positions (four independent accumulators, one load of {@code dyt} for all four).
     */
    static void backwardWeight(float[] dyt, float[] xp, int outH, int outW, int kH, int kW, int sH, int sW,
                               int dH, int dW, int rowStride, float[] acc, int accOff) {
        final int l = LANES;
        int taps = kH * kW;
        int hw = outH * outW;
        int colStep = sW * l;
        int rowJump = sH * rowStride - (outW - 1) * colStep;
        int t = 0;
        for (; t + 3 < taps; t += 4) {
            int s0 = shift(t, kW, dH, dW, rowStride);
            int s1 = shift(t + 1, kW, dH, dW, rowStride) - s0;
            int s2 = shift(t + 2, kW, dH, dW, rowStride) - s0;
            int s3 = shift(t + 3, kW, dH, dW, rowStride) - s0;
            int at = accOff + t * l;
            FloatVector a0 = FloatVector.fromArray(S, acc, at);
            FloatVector a1 = FloatVector.fromArray(S, acc, at + l);
            FloatVector a2 = FloatVector.fromArray(S, acc, at + 2 * l);
            FloatVector a3 = FloatVector.fromArray(S, acc, at + 3 * l);
            int xo = s0;
            int ow = 0;
            for (int p = 0, o = 0; p < hw; p++, o += l) {
                FloatVector d = FloatVector.fromArray(S, dyt, o);
                a0 = d.fma(FloatVector.fromArray(S, xp, xo), a0);
                a1 = d.fma(FloatVector.fromArray(S, xp, xo + s1), a1);
                a2 = d.fma(FloatVector.fromArray(S, xp, xo + s2), a2);
                a3 = d.fma(FloatVector.fromArray(S, xp, xo + s3), a3);
                if (++ow == outW) {
                    ow = 0;
                    xo += rowJump;
                } else {
                    xo += colStep;
                }
            }
            a0.intoArray(acc, at);
            a1.intoArray(acc, at + l);
            a2.intoArray(acc, at + 2 * l);
            a3.intoArray(acc, at + 3 * l);
        }
        for (; t < taps; t++) {
            int at = accOff + t * l;
            FloatVector a0 = FloatVector.fromArray(S, acc, at);
            FloatVector a1 = FloatVector.zero(S);
            int xo = shift(t, kW, dH, dW, rowStride);
            int ow = 0;
            int p = 0;
            int o = 0;
            // Pairs of positions into two accumulators; the wrap test runs per position.
            for (; p + 1 < hw; p += 2, o += 2 * l) {
                a0 = FloatVector.fromArray(S, dyt, o).fma(FloatVector.fromArray(S, xp, xo), a0);
                if (++ow == outW) {
                    ow = 0;
                    xo += rowJump;
                } else {
                    xo += colStep;
                }
                a1 = FloatVector.fromArray(S, dyt, o + l).fma(FloatVector.fromArray(S, xp, xo), a1);
                if (++ow == outW) {
                    ow = 0;
                    xo += rowJump;
                } else {
                    xo += colStep;
                }
            }
            if (p < hw) {
                a0 = FloatVector.fromArray(S, dyt, o).fma(FloatVector.fromArray(S, xp, xo), a0);
            }
            a0.add(a1).intoArray(acc, at);
        }
    }

    /** Offset in the padded plane of kernel tap {@code t} (row-major over the kernel). */
    private static int shift(int t, int kW, int dH, int dW, int rowStride) {
        return (t / kW) * dH * rowStride + (t % kW) * dW * LANES;
    }

    /** Index map {@code {0, stride, 2 stride, ...}} for {@link #gather} and {@link #scatter}. */
    static int[] laneOffsets(int stride) {
        int[] map = new int[LANES];
        for (int l = 0; l < LANES; l++) {
            map[l] = l * stride;
        }
        return map;
    }

    /** {@code dst[dstOff + i * LANES + lane] = src[srcOff + i + map[lane]]} for {@code i < count}. */
    static void gather(float[] src, int srcOff, int[] map, int count, float[] dst, int dstOff) {
        for (int i = 0; i < count; i++) {
            FloatVector.fromArray(S, src, srcOff + i, map, 0).intoArray(dst, dstOff + i * LANES);
        }
    }

    /**
     * {@code dst[dstOff + i + map[lane]] = src[srcOff + i * LANES + lane]} for {@code i < count}. Plain stores, one
     * lane's run at a time: CPUs without a scatter instruction (AVX2) run the Vector API's scatter as Java code
     * that allocates a vector per call, which made the depthwise backward allocate gigabytes per training step.
     */
    static void scatter(float[] src, int srcOff, int[] map, int count, float[] dst, int dstOff) {
        for (int lane = 0; lane < LANES; lane++) {
            int d = dstOff + map[lane];
            int s = srcOff + lane;
            for (int i = 0; i < count; i++, s += LANES) {
                dst[d + i] = src[s];
            }
        }
    }

    // ---------------------------------------------------------------- wide planes, one channel at a time

    /**
     * One channel of a stride-1 convolution on a zero-bordered plane with row stride {@code wp}:
     * {@code yp[i] = bias + sum_t wc[t] * xp[i + shifts[t]]} for {@code i} below {@code len} rounded up to a
     * whole vector (the caller leaves that much room in both arrays). Four vectors of outputs per step.
     */
    static void forwardFlat(float[] xp, float[] wc, int[] shifts, int taps, float bias, int len, float[] yp) {
        final int l = LANES;
        FloatVector b = FloatVector.broadcast(S, bias);
        int i = 0;
        for (; i + 3 * l < len; i += 4 * l) {
            FloatVector a0 = b;
            FloatVector a1 = b;
            FloatVector a2 = b;
            FloatVector a3 = b;
            for (int t = 0; t < taps; t++) {
                FloatVector wv = FloatVector.broadcast(S, wc[t]);
                int o = i + shifts[t];
                a0 = FloatVector.fromArray(S, xp, o).fma(wv, a0);
                a1 = FloatVector.fromArray(S, xp, o + l).fma(wv, a1);
                a2 = FloatVector.fromArray(S, xp, o + 2 * l).fma(wv, a2);
                a3 = FloatVector.fromArray(S, xp, o + 3 * l).fma(wv, a3);
            }
            a0.intoArray(yp, i);
            a1.intoArray(yp, i + l);
            a2.intoArray(yp, i + 2 * l);
            a3.intoArray(yp, i + 3 * l);
        }
        for (; i < len; i += l) {
            FloatVector a = b;
            for (int t = 0; t < taps; t++) {
                a = FloatVector.fromArray(S, xp, i + shifts[t]).fma(FloatVector.broadcast(S, wc[t]), a);
            }
            a.intoArray(yp, i);
        }
    }

    /**
     * As {@link #forwardFlat} for output rows that are a whole number of vectors wide ({@code outW % LANES == 0}):
     * the output goes straight to its plane {@code y[yOff + oh * outW + ow]}, with no copy-out. Four output
     * vectors (in row-major order, possibly across rows) per step.
     */
    static void forwardRows(float[] xp, float[] wc, int[] shifts, int taps, float bias, int outH, int outW,
                            int wp, float[] y, int yOff) {
        final int l = LANES;
        FloatVector b = FloatVector.broadcast(S, bias);
        int perRow = outW / l;
        int total = outH * perRow;
        int rowJump = wp - (perRow - 1) * l;
        int v = 0;
        int col = 0;
        int xo = 0;
        for (; v + 3 < total; v += 4) {
            int x0 = xo;
            xo += ++col == perRow ? rowJump : l;
            col = col == perRow ? 0 : col;
            int x1 = xo;
            xo += ++col == perRow ? rowJump : l;
            col = col == perRow ? 0 : col;
            int x2 = xo;
            xo += ++col == perRow ? rowJump : l;
            col = col == perRow ? 0 : col;
            int x3 = xo;
            xo += ++col == perRow ? rowJump : l;
            col = col == perRow ? 0 : col;
            FloatVector a0 = b;
            FloatVector a1 = b;
            FloatVector a2 = b;
            FloatVector a3 = b;
            for (int t = 0; t < taps; t++) {
                FloatVector wv = FloatVector.broadcast(S, wc[t]);
                int sh = shifts[t];
                a0 = FloatVector.fromArray(S, xp, x0 + sh).fma(wv, a0);
                a1 = FloatVector.fromArray(S, xp, x1 + sh).fma(wv, a1);
                a2 = FloatVector.fromArray(S, xp, x2 + sh).fma(wv, a2);
                a3 = FloatVector.fromArray(S, xp, x3 + sh).fma(wv, a3);
            }
            int o = yOff + v * l;
            a0.intoArray(y, o);
            a1.intoArray(y, o + l);
            a2.intoArray(y, o + 2 * l);
            a3.intoArray(y, o + 3 * l);
        }
        for (; v < total; v++) {
            FloatVector a = b;
            for (int t = 0; t < taps; t++) {
                a = FloatVector.fromArray(S, xp, xo + shifts[t]).fma(FloatVector.broadcast(S, wc[t]), a);
            }
            a.intoArray(y, yOff + v * l);
            xo += ++col == perRow ? rowJump : l;
            col = col == perRow ? 0 : col;
        }
    }

    /**
     * Weight gradient of one channel and image on the layout of {@link #forwardFlat}: adds
     * {@code dyp[i] * xp[i + shifts[t]]} over {@code i} to the lanes of {@code acc[accOff + t * LANES ...]}. The extra
     * columns of {@code dyp} and its tail up to a whole vector must be zero.
     */
    static void weightFlat(float[] dyp, float[] xp, int[] shifts, int taps, int len, float[] acc, int accOff) {
        final int l = LANES;
        int t = 0;
        for (; t + 3 < taps; t += 4) {
            int s0 = shifts[t];
            int s1 = shifts[t + 1];
            int s2 = shifts[t + 2];
            int s3 = shifts[t + 3];
            FloatVector a0 = FloatVector.fromArray(S, acc, accOff + t * l);
            FloatVector a1 = FloatVector.fromArray(S, acc, accOff + (t + 1) * l);
            FloatVector a2 = FloatVector.fromArray(S, acc, accOff + (t + 2) * l);
            FloatVector a3 = FloatVector.fromArray(S, acc, accOff + (t + 3) * l);
            for (int i = 0; i < len; i += l) {
                FloatVector d = FloatVector.fromArray(S, dyp, i);
                a0 = d.fma(FloatVector.fromArray(S, xp, i + s0), a0);
                a1 = d.fma(FloatVector.fromArray(S, xp, i + s1), a1);
                a2 = d.fma(FloatVector.fromArray(S, xp, i + s2), a2);
                a3 = d.fma(FloatVector.fromArray(S, xp, i + s3), a3);
            }
            a0.intoArray(acc, accOff + t * l);
            a1.intoArray(acc, accOff + (t + 1) * l);
            a2.intoArray(acc, accOff + (t + 2) * l);
            a3.intoArray(acc, accOff + (t + 3) * l);
        }
        for (; t < taps; t++) {
            int s0 = shifts[t];
            FloatVector a0 = FloatVector.fromArray(S, acc, accOff + t * l);
            FloatVector a1 = FloatVector.zero(S);
            int i = 0;
            for (; i + l < len; i += 2 * l) {
                a0 = FloatVector.fromArray(S, dyp, i).fma(FloatVector.fromArray(S, xp, i + s0), a0);
                a1 = FloatVector.fromArray(S, dyp, i + l).fma(FloatVector.fromArray(S, xp, i + s0 + l), a1);
            }
            if (i < len) {
                a0 = FloatVector.fromArray(S, dyp, i).fma(FloatVector.fromArray(S, xp, i + s0), a0);
            }
            a0.add(a1).intoArray(acc, accOff + t * l);
        }
    }

    // ---------------------------------------------------------------- 16 x 16 transpose

    // The two transpose16 differ only in their stores and are two copies on purpose. A shared body that chooses
    // the stores once per tile measured 1 to 6 % slower on whole blocked depthwise layers (most on planes
    // narrower than 16, which use both forms); choosing per store made the transpose about 1.5 times slower.

    /** Lane p takes lane p - b (up) where bit b of p is set, or lane p + b (down) where it is clear. */
    private static VectorShuffle<Float> shuffle(int b, boolean up) {
        int[] idx = new int[LANES];
        for (int p = 0; p < LANES; p++) {
            boolean high = (p & b) != 0;
            idx[p] = up ? (high ? p - b : p) : (high ? p : (p + b) % LANES);
        }
        return VectorShuffle.fromArray(S, idx, 0);
    }

    /** Lanes whose index has bit b set. */
    private static VectorMask<Float> highHalves(int b) {
        boolean[] m = new boolean[LANES];
        for (int p = 0; p < LANES; p++) {
            m[p] = (p & b) != 0;
        }
        return VectorMask.fromArray(S, m, 0);
    }

    /**
     * Transposes a 16 x 16 tile: reads 16 vectors at {@code src[s0 + r * sStride]} and writes, for each lane
     * {@code p}, the vector of lane {@code p} of all 16 to {@code dst[d0 + p * dStride]}. Only for
     * {@code LANES == 16}.
     */
    static void transpose16(float[] src, int s0, int sStride, float[] dst, int d0, int dStride) {
        FloatVector v0 = FloatVector.fromArray(S, src, s0 + 0 * sStride);
        FloatVector v1 = FloatVector.fromArray(S, src, s0 + 1 * sStride);
        FloatVector v2 = FloatVector.fromArray(S, src, s0 + 2 * sStride);
        FloatVector v3 = FloatVector.fromArray(S, src, s0 + 3 * sStride);
        FloatVector v4 = FloatVector.fromArray(S, src, s0 + 4 * sStride);
        FloatVector v5 = FloatVector.fromArray(S, src, s0 + 5 * sStride);
        FloatVector v6 = FloatVector.fromArray(S, src, s0 + 6 * sStride);
        FloatVector v7 = FloatVector.fromArray(S, src, s0 + 7 * sStride);
        FloatVector v8 = FloatVector.fromArray(S, src, s0 + 8 * sStride);
        FloatVector v9 = FloatVector.fromArray(S, src, s0 + 9 * sStride);
        FloatVector v10 = FloatVector.fromArray(S, src, s0 + 10 * sStride);
        FloatVector v11 = FloatVector.fromArray(S, src, s0 + 11 * sStride);
        FloatVector v12 = FloatVector.fromArray(S, src, s0 + 12 * sStride);
        FloatVector v13 = FloatVector.fromArray(S, src, s0 + 13 * sStride);
        FloatVector v14 = FloatVector.fromArray(S, src, s0 + 14 * sStride);
        FloatVector v15 = FloatVector.fromArray(S, src, s0 + 15 * sStride);
        FloatVector u1 = v0.blend(v8.rearrange(UP8), HI8);
        v8 = v0.rearrange(DOWN8).blend(v8, HI8);
        v0 = u1;
        FloatVector u2 = v1.blend(v9.rearrange(UP8), HI8);
        v9 = v1.rearrange(DOWN8).blend(v9, HI8);
        v1 = u2;
        FloatVector u3 = v2.blend(v10.rearrange(UP8), HI8);
        v10 = v2.rearrange(DOWN8).blend(v10, HI8);
        v2 = u3;
        FloatVector u4 = v3.blend(v11.rearrange(UP8), HI8);
        v11 = v3.rearrange(DOWN8).blend(v11, HI8);
        v3 = u4;
        FloatVector u5 = v4.blend(v12.rearrange(UP8), HI8);
        v12 = v4.rearrange(DOWN8).blend(v12, HI8);
        v4 = u5;
        FloatVector u6 = v5.blend(v13.rearrange(UP8), HI8);
        v13 = v5.rearrange(DOWN8).blend(v13, HI8);
        v5 = u6;
        FloatVector u7 = v6.blend(v14.rearrange(UP8), HI8);
        v14 = v6.rearrange(DOWN8).blend(v14, HI8);
        v6 = u7;
        FloatVector u8 = v7.blend(v15.rearrange(UP8), HI8);
        v15 = v7.rearrange(DOWN8).blend(v15, HI8);
        v7 = u8;
        FloatVector u9 = v0.blend(v4.rearrange(UP4), HI4);
        v4 = v0.rearrange(DOWN4).blend(v4, HI4);
        v0 = u9;
        FloatVector u10 = v1.blend(v5.rearrange(UP4), HI4);
        v5 = v1.rearrange(DOWN4).blend(v5, HI4);
        v1 = u10;
        FloatVector u11 = v2.blend(v6.rearrange(UP4), HI4);
        v6 = v2.rearrange(DOWN4).blend(v6, HI4);
        v2 = u11;
        FloatVector u12 = v3.blend(v7.rearrange(UP4), HI4);
        v7 = v3.rearrange(DOWN4).blend(v7, HI4);
        v3 = u12;
        FloatVector u13 = v8.blend(v12.rearrange(UP4), HI4);
        v12 = v8.rearrange(DOWN4).blend(v12, HI4);
        v8 = u13;
        FloatVector u14 = v9.blend(v13.rearrange(UP4), HI4);
        v13 = v9.rearrange(DOWN4).blend(v13, HI4);
        v9 = u14;
        FloatVector u15 = v10.blend(v14.rearrange(UP4), HI4);
        v14 = v10.rearrange(DOWN4).blend(v14, HI4);
        v10 = u15;
        FloatVector u16 = v11.blend(v15.rearrange(UP4), HI4);
        v15 = v11.rearrange(DOWN4).blend(v15, HI4);
        v11 = u16;
        FloatVector u17 = v0.blend(v2.rearrange(UP2), HI2);
        v2 = v0.rearrange(DOWN2).blend(v2, HI2);
        v0 = u17;
        FloatVector u18 = v1.blend(v3.rearrange(UP2), HI2);
        v3 = v1.rearrange(DOWN2).blend(v3, HI2);
        v1 = u18;
        FloatVector u19 = v4.blend(v6.rearrange(UP2), HI2);
        v6 = v4.rearrange(DOWN2).blend(v6, HI2);
        v4 = u19;
        FloatVector u20 = v5.blend(v7.rearrange(UP2), HI2);
        v7 = v5.rearrange(DOWN2).blend(v7, HI2);
        v5 = u20;
        FloatVector u21 = v8.blend(v10.rearrange(UP2), HI2);
        v10 = v8.rearrange(DOWN2).blend(v10, HI2);
        v8 = u21;
        FloatVector u22 = v9.blend(v11.rearrange(UP2), HI2);
        v11 = v9.rearrange(DOWN2).blend(v11, HI2);
        v9 = u22;
        FloatVector u23 = v12.blend(v14.rearrange(UP2), HI2);
        v14 = v12.rearrange(DOWN2).blend(v14, HI2);
        v12 = u23;
        FloatVector u24 = v13.blend(v15.rearrange(UP2), HI2);
        v15 = v13.rearrange(DOWN2).blend(v15, HI2);
        v13 = u24;
        FloatVector u25 = v0.blend(v1.rearrange(UP1), HI1);
        v1 = v0.rearrange(DOWN1).blend(v1, HI1);
        v0 = u25;
        FloatVector u26 = v2.blend(v3.rearrange(UP1), HI1);
        v3 = v2.rearrange(DOWN1).blend(v3, HI1);
        v2 = u26;
        FloatVector u27 = v4.blend(v5.rearrange(UP1), HI1);
        v5 = v4.rearrange(DOWN1).blend(v5, HI1);
        v4 = u27;
        FloatVector u28 = v6.blend(v7.rearrange(UP1), HI1);
        v7 = v6.rearrange(DOWN1).blend(v7, HI1);
        v6 = u28;
        FloatVector u29 = v8.blend(v9.rearrange(UP1), HI1);
        v9 = v8.rearrange(DOWN1).blend(v9, HI1);
        v8 = u29;
        FloatVector u30 = v10.blend(v11.rearrange(UP1), HI1);
        v11 = v10.rearrange(DOWN1).blend(v11, HI1);
        v10 = u30;
        FloatVector u31 = v12.blend(v13.rearrange(UP1), HI1);
        v13 = v12.rearrange(DOWN1).blend(v13, HI1);
        v12 = u31;
        FloatVector u32 = v14.blend(v15.rearrange(UP1), HI1);
        v15 = v14.rearrange(DOWN1).blend(v15, HI1);
        v14 = u32;
        v0.intoArray(dst, d0 + 0 * dStride);
        v1.intoArray(dst, d0 + 1 * dStride);
        v2.intoArray(dst, d0 + 2 * dStride);
        v3.intoArray(dst, d0 + 3 * dStride);
        v4.intoArray(dst, d0 + 4 * dStride);
        v5.intoArray(dst, d0 + 5 * dStride);
        v6.intoArray(dst, d0 + 6 * dStride);
        v7.intoArray(dst, d0 + 7 * dStride);
        v8.intoArray(dst, d0 + 8 * dStride);
        v9.intoArray(dst, d0 + 9 * dStride);
        v10.intoArray(dst, d0 + 10 * dStride);
        v11.intoArray(dst, d0 + 11 * dStride);
        v12.intoArray(dst, d0 + 12 * dStride);
        v13.intoArray(dst, d0 + 13 * dStride);
        v14.intoArray(dst, d0 + 14 * dStride);
        v15.intoArray(dst, d0 + 15 * dStride);
    }

    /**
     * As {@link #transpose16}, writing the vector of lane {@code p} to {@code dst[offsets[o0 + p]]}: for
     * destinations that are not evenly spaced (rows of a padded plane narrower than 16). A copy of the strided
     * one up to the stores: see the note at the head of this section.
     */
    static void transpose16(float[] src, int s0, int sStride, float[] dst, int[] offsets, int o0) {
        FloatVector v0 = FloatVector.fromArray(S, src, s0 + 0 * sStride);
        FloatVector v1 = FloatVector.fromArray(S, src, s0 + 1 * sStride);
        FloatVector v2 = FloatVector.fromArray(S, src, s0 + 2 * sStride);
        FloatVector v3 = FloatVector.fromArray(S, src, s0 + 3 * sStride);
        FloatVector v4 = FloatVector.fromArray(S, src, s0 + 4 * sStride);
        FloatVector v5 = FloatVector.fromArray(S, src, s0 + 5 * sStride);
        FloatVector v6 = FloatVector.fromArray(S, src, s0 + 6 * sStride);
        FloatVector v7 = FloatVector.fromArray(S, src, s0 + 7 * sStride);
        FloatVector v8 = FloatVector.fromArray(S, src, s0 + 8 * sStride);
        FloatVector v9 = FloatVector.fromArray(S, src, s0 + 9 * sStride);
        FloatVector v10 = FloatVector.fromArray(S, src, s0 + 10 * sStride);
        FloatVector v11 = FloatVector.fromArray(S, src, s0 + 11 * sStride);
        FloatVector v12 = FloatVector.fromArray(S, src, s0 + 12 * sStride);
        FloatVector v13 = FloatVector.fromArray(S, src, s0 + 13 * sStride);
        FloatVector v14 = FloatVector.fromArray(S, src, s0 + 14 * sStride);
        FloatVector v15 = FloatVector.fromArray(S, src, s0 + 15 * sStride);
        FloatVector u1 = v0.blend(v8.rearrange(UP8), HI8);
        v8 = v0.rearrange(DOWN8).blend(v8, HI8);
        v0 = u1;
        FloatVector u2 = v1.blend(v9.rearrange(UP8), HI8);
        v9 = v1.rearrange(DOWN8).blend(v9, HI8);
        v1 = u2;
        FloatVector u3 = v2.blend(v10.rearrange(UP8), HI8);
        v10 = v2.rearrange(DOWN8).blend(v10, HI8);
        v2 = u3;
        FloatVector u4 = v3.blend(v11.rearrange(UP8), HI8);
        v11 = v3.rearrange(DOWN8).blend(v11, HI8);
        v3 = u4;
        FloatVector u5 = v4.blend(v12.rearrange(UP8), HI8);
        v12 = v4.rearrange(DOWN8).blend(v12, HI8);
        v4 = u5;
        FloatVector u6 = v5.blend(v13.rearrange(UP8), HI8);
        v13 = v5.rearrange(DOWN8).blend(v13, HI8);
        v5 = u6;
        FloatVector u7 = v6.blend(v14.rearrange(UP8), HI8);
        v14 = v6.rearrange(DOWN8).blend(v14, HI8);
        v6 = u7;
        FloatVector u8 = v7.blend(v15.rearrange(UP8), HI8);
        v15 = v7.rearrange(DOWN8).blend(v15, HI8);
        v7 = u8;
        FloatVector u9 = v0.blend(v4.rearrange(UP4), HI4);
        v4 = v0.rearrange(DOWN4).blend(v4, HI4);
        v0 = u9;
        FloatVector u10 = v1.blend(v5.rearrange(UP4), HI4);
        v5 = v1.rearrange(DOWN4).blend(v5, HI4);
        v1 = u10;
        FloatVector u11 = v2.blend(v6.rearrange(UP4), HI4);
        v6 = v2.rearrange(DOWN4).blend(v6, HI4);
        v2 = u11;
        FloatVector u12 = v3.blend(v7.rearrange(UP4), HI4);
        v7 = v3.rearrange(DOWN4).blend(v7, HI4);
        v3 = u12;
        FloatVector u13 = v8.blend(v12.rearrange(UP4), HI4);
        v12 = v8.rearrange(DOWN4).blend(v12, HI4);
        v8 = u13;
        FloatVector u14 = v9.blend(v13.rearrange(UP4), HI4);
        v13 = v9.rearrange(DOWN4).blend(v13, HI4);
        v9 = u14;
        FloatVector u15 = v10.blend(v14.rearrange(UP4), HI4);
        v14 = v10.rearrange(DOWN4).blend(v14, HI4);
        v10 = u15;
        FloatVector u16 = v11.blend(v15.rearrange(UP4), HI4);
        v15 = v11.rearrange(DOWN4).blend(v15, HI4);
        v11 = u16;
        FloatVector u17 = v0.blend(v2.rearrange(UP2), HI2);
        v2 = v0.rearrange(DOWN2).blend(v2, HI2);
        v0 = u17;
        FloatVector u18 = v1.blend(v3.rearrange(UP2), HI2);
        v3 = v1.rearrange(DOWN2).blend(v3, HI2);
        v1 = u18;
        FloatVector u19 = v4.blend(v6.rearrange(UP2), HI2);
        v6 = v4.rearrange(DOWN2).blend(v6, HI2);
        v4 = u19;
        FloatVector u20 = v5.blend(v7.rearrange(UP2), HI2);
        v7 = v5.rearrange(DOWN2).blend(v7, HI2);
        v5 = u20;
        FloatVector u21 = v8.blend(v10.rearrange(UP2), HI2);
        v10 = v8.rearrange(DOWN2).blend(v10, HI2);
        v8 = u21;
        FloatVector u22 = v9.blend(v11.rearrange(UP2), HI2);
        v11 = v9.rearrange(DOWN2).blend(v11, HI2);
        v9 = u22;
        FloatVector u23 = v12.blend(v14.rearrange(UP2), HI2);
        v14 = v12.rearrange(DOWN2).blend(v14, HI2);
        v12 = u23;
        FloatVector u24 = v13.blend(v15.rearrange(UP2), HI2);
        v15 = v13.rearrange(DOWN2).blend(v15, HI2);
        v13 = u24;
        FloatVector u25 = v0.blend(v1.rearrange(UP1), HI1);
        v1 = v0.rearrange(DOWN1).blend(v1, HI1);
        v0 = u25;
        FloatVector u26 = v2.blend(v3.rearrange(UP1), HI1);
        v3 = v2.rearrange(DOWN1).blend(v3, HI1);
        v2 = u26;
        FloatVector u27 = v4.blend(v5.rearrange(UP1), HI1);
        v5 = v4.rearrange(DOWN1).blend(v5, HI1);
        v4 = u27;
        FloatVector u28 = v6.blend(v7.rearrange(UP1), HI1);
        v7 = v6.rearrange(DOWN1).blend(v7, HI1);
        v6 = u28;
        FloatVector u29 = v8.blend(v9.rearrange(UP1), HI1);
        v9 = v8.rearrange(DOWN1).blend(v9, HI1);
        v8 = u29;
        FloatVector u30 = v10.blend(v11.rearrange(UP1), HI1);
        v11 = v10.rearrange(DOWN1).blend(v11, HI1);
        v10 = u30;
        FloatVector u31 = v12.blend(v13.rearrange(UP1), HI1);
        v13 = v12.rearrange(DOWN1).blend(v13, HI1);
        v12 = u31;
        FloatVector u32 = v14.blend(v15.rearrange(UP1), HI1);
        v15 = v14.rearrange(DOWN1).blend(v15, HI1);
        v14 = u32;
        v0.intoArray(dst, offsets[o0 + 0]);
        v1.intoArray(dst, offsets[o0 + 1]);
        v2.intoArray(dst, offsets[o0 + 2]);
        v3.intoArray(dst, offsets[o0 + 3]);
        v4.intoArray(dst, offsets[o0 + 4]);
        v5.intoArray(dst, offsets[o0 + 5]);
        v6.intoArray(dst, offsets[o0 + 6]);
        v7.intoArray(dst, offsets[o0 + 7]);
        v8.intoArray(dst, offsets[o0 + 8]);
        v9.intoArray(dst, offsets[o0 + 9]);
        v10.intoArray(dst, offsets[o0 + 10]);
        v11.intoArray(dst, offsets[o0 + 11]);
        v12.intoArray(dst, offsets[o0 + 12]);
        v13.intoArray(dst, offsets[o0 + 13]);
        v14.intoArray(dst, offsets[o0 + 14]);
        v15.intoArray(dst, offsets[o0 + 15]);
    }
}

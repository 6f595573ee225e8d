package io.github.cola4j.tensor.cpu;

import io.github.cola4j.tensor.UnaryOp;
import java.util.Arrays;

/**
 * Stride-1 depthwise convolution on planes at least one vector wide, one (image, channel) plane at a time,
 * with the {@link DepthwiseVector} flat kernels when the Vector API is in use and plain loops otherwise.
 *
 * <p>Each plane is copied into a zero-bordered scratch plane of row stride {@code wp = inW + 2 padW}; the output
 * gets the same row stride, so every kernel tap is one constant shift of the flat index and a whole plane is
 * one long unit-stride loop: with the Vector API the sums of all taps stay in registers; the plain loops
 * run tap by tap over the plane (which the JIT vectorises). Only the interior rows are copied
 * per plane: the border, the extra output columns and the slack past the end are zeroed once per parallel
 * range. Wide planes are large enough that this beats interleaving channels ({@link DepthwiseBlocked}), whose
 * layout changes cost more than the arithmetic there.
 */
final class DepthwiseWide {

    private static final ThreadLocal<Scratch> PLANE_IN = Scratch.perThread();
    private static final ThreadLocal<Scratch> PLANE_OUT = Scratch.perThread();
    private static final ThreadLocal<Scratch> TAPS = Scratch.perThread();

    private DepthwiseWide() {
    }

    /** Output rows at least this wide take this path on the plain kernels. */
    private static final int PLAIN_MIN_WIDTH = 8;

    /** True when this path applies: stride 1 and output rows of at least one vector. */
    static boolean applies(Conv2dGeometry g, boolean vector) {
        return g.strideH() == 1 && g.strideW() == 1
                && g.outW() >= (vector ? DepthwiseVector.LANES : PLAIN_MIN_WIDTH);
    }

    /** Slack past the end of the scratch planes: one vector (or plain step). */
    private static int slack(boolean vector) {
        return vector ? DepthwiseVector.LANES : PLAIN_MIN_WIDTH;
    }

    private static int[] shifts(Conv2dGeometry g, int wp) {
        int[] sh = new int[g.kernelH() * g.kernelW()];
        for (int kh = 0, t = 0; kh < g.kernelH(); kh++) {
            for (int kw = 0; kw < g.kernelW(); kw++, t++) {
                sh[t] = kh * g.dilationH() * wp + kw * g.dilationW();
            }
        }
        return sh;
    }

    /** Forward pass; each channel's kernel is rotated by 180 degrees when {@code flip}. */
    static void forward(float[] x, float[] w, boolean flip, float[] bias, Conv2dGeometry g, float[] y,
                        boolean vector, boolean silu) {
        int channels = g.inChannels();
        int inH = g.inH();
        int inW = g.inW();
        int outH = g.outH();
        int outW = g.outW();
        int padH = g.padH();
        int padW = g.padW();
        int wp = inW + 2 * padW;
        int hp = inH + 2 * padH;
        int taps = g.kernelH() * g.kernelW();
        int len = (outH - 1) * wp + outW;
        int slack = slack(vector);
        int[] shifts = shifts(g, wp);
        int grain = (int) Math.max(1, (1 << 15) / Math.max(1L, (long) len * taps));
        // Rows of whole vectors are written straight to the output plane.
        boolean direct = vector && outW % DepthwiseVector.LANES == 0;
        Parallel.forRange(g.batch() * channels, grain, (from, to) -> {
            Scratch si = PLANE_IN.get();
            Scratch so = PLANE_OUT.get();
            Scratch st = TAPS.get();
            float[] xp = si.acquire(hp * wp + slack);
            float[] yp = so.acquire(outH * wp + slack);
            float[] wc = st.acquire(taps);
            try {
                Arrays.fill(xp, 0, hp * wp + slack, 0f);
                for (int plane = from; plane < to; plane++) {
                    int c = plane % channels;
                    int src = plane * inH * inW;
                    for (int ih = 0; ih < inH; ih++) {
                        System.arraycopy(x, src + ih * inW, xp, (ih + padH) * wp + padW, inW);
                    }
                    for (int t = 0; t < taps; t++) {
                        wc[t] = w[c * taps + (flip ? taps - 1 - t : t)];
                    }
                    float b = bias == null ? 0f : bias[c];
                    int dst = plane * outH * outW;
                    if (direct) {
                        DepthwiseVector.forwardRows(xp, wc, shifts, taps, b, outH, outW, wp, y, dst);
                    } else {
                        if (vector) {
                            DepthwiseVector.forwardFlat(xp, wc, shifts, taps, b, len, yp);
                        } else {
                            forwardFlatPlain(xp, wc, shifts, taps, b, len, yp);
                        }
                        for (int oh = 0; oh < outH; oh++) {
                            System.arraycopy(yp, oh * wp, y, dst + oh * outW, outW);
                        }
                    }
                    if (silu) {
                        // the plane was just written: SiLU while it is in cache
                        ElementwiseKernels.unary(UnaryOp.SILU, y, y, dst, dst + outH * outW, 0f, 0f);
                    }
                }
            } finally {
                st.release();
                so.release();
                si.release();
            }
        });
    }

    static void backwardWeight(float[] dy, float[] x, Conv2dGeometry g, float[] dw, boolean vector) {
        int channels = g.inChannels();
        int inH = g.inH();
        int inW = g.inW();
        int outH = g.outH();
        int outW = g.outW();
        int padH = g.padH();
        int padW = g.padW();
        int wp = inW + 2 * padW;
        int hp = inH + 2 * padH;
        int taps = g.kernelH() * g.kernelW();
        int len = (outH - 1) * wp + outW;
        int slack = slack(vector);
        // Per tap, the vector kernels keep one vector of partial sums; the plain loop a whole row of them.
        int accWidth = vector ? DepthwiseVector.LANES : len;
        int[] shifts = shifts(g, wp);
        // The vector kernels keep the partial sums of every channel of the range and walk the planes in memory
        // order (image by image); the plain loop, with a row of partial sums per tap, one channel at a time.
        Parallel.forRange(channels, 1, (from, to) -> {
            int group = vector ? to - from : 1;
            int slot = taps * accWidth;
            Scratch si = PLANE_IN.get();
            Scratch so = PLANE_OUT.get();
            Scratch st = TAPS.get();
            float[] xp = si.acquire(hp * wp + slack);
            float[] dyp = so.acquire(outH * wp + slack);
            float[] acc = st.acquire(group * slot);
            try {
                Arrays.fill(xp, 0, hp * wp + slack, 0f);
                Arrays.fill(dyp, 0, outH * wp + slack, 0f);
                for (int c0 = from; c0 < to; c0 += group) {
                    int c1 = Math.min(to, c0 + group);
                    Arrays.fill(acc, 0, (c1 - c0) * slot, 0f);
                    for (int n = 0; n < g.batch(); n++) {
                        for (int c = c0; c < c1; c++) {
                            int plane = n * channels + c;
                            int xs = plane * inH * inW;
                            for (int ih = 0; ih < inH; ih++) {
                                System.arraycopy(x, xs + ih * inW, xp, (ih + padH) * wp + padW, inW);
                            }
                            int ys = plane * outH * outW;
                            for (int oh = 0; oh < outH; oh++) {
                                System.arraycopy(dy, ys + oh * outW, dyp, oh * wp, outW);
                            }
                            if (vector) {
                                DepthwiseVector.weightFlat(dyp, xp, shifts, taps, len, acc, (c - c0) * slot);
                            } else {
                                weightFlatPlain(dyp, xp, shifts, taps, len, acc);
                            }
                        }
                    }
                    for (int c = c0; c < c1; c++) {
                        for (int t = 0; t < taps; t++) {
                            double sum = 0;
                            for (int i = (c - c0) * slot + t * accWidth, end = i + accWidth; i < end; i++) {
                                sum += acc[i];
                            }
                            dw[c * taps + t] = (float) sum;
                        }
                    }
                }
            } finally {
                st.release();
                so.release();
                si.release();
            }
        });
    }

    /** Plain {@link DepthwiseVector#forwardFlat}: one elementwise pass over the plane per tap. */
    private static void forwardFlatPlain(float[] xp, float[] wc, int[] shifts, int taps, float bias, int len,
                                         float[] yp) {
        Arrays.fill(yp, 0, len, bias);
        for (int t = 0; t < taps; t++) {
            float wv = wc[t];
            int sh = shifts[t];
            for (int i = 0; i < len; i++) {
                yp[i] += wv * xp[i + sh];
            }
        }
    }

    /** Plain weight gradient: adds {@code dyp[i] * xp[i + shifts[t]]} to {@code acc[t * len + i]}. */
    private static void weightFlatPlain(float[] dyp, float[] xp, int[] shifts, int taps, int len, float[] acc) {
        for (int t = 0; t < taps; t++) {
            int sh = shifts[t];
            int a = t * len;
            for (int i = 0; i < len; i++) {
                acc[a + i] += dyp[i] * xp[i + sh];
            }
        }
    }
}

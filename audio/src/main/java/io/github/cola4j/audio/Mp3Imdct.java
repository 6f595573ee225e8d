package io.github.cola4j.audio;

/**
 * The inverse MDCTs of Layer III (ISO/IEC 11172-3 2.4.3.4.10.2): 18 lines to 36 samples for long blocks and
 * 6 lines to 12 samples for each short window, without the window. Both go through a DCT-IV of half the output
 * length, whose outputs the IMDCT's symmetries unfold; the 18-point DCT-IV is a 9-point complex FFT (3 x 3)
 * between a pre- and a post-twiddle, the 6-point one a small matrix product. One instance holds its scratch.
 */
final class Mp3Imdct {

    private static final float[] PRE_COS = new float[9];
    private static final float[] PRE_SIN = new float[9];
    private static final float[] POST_COS = new float[9];
    private static final float[] POST_SIN = new float[9];
    private static final float C3 = (float) Math.sqrt(3) / 2;
    /** exp(-2 pi i k / 9) for k = 1, 2, 4. */
    private static final float W1R = (float) Math.cos(2 * Math.PI / 9);
    private static final float W1I = (float) -Math.sin(2 * Math.PI / 9);
    private static final float W2R = (float) Math.cos(4 * Math.PI / 9);
    private static final float W2I = (float) -Math.sin(4 * Math.PI / 9);
    private static final float W4R = (float) Math.cos(8 * Math.PI / 9);
    private static final float W4I = (float) -Math.sin(8 * Math.PI / 9);
    /** The 6-point DCT-IV: cos(pi / 24 (2n + 1)(2k + 1)), [n * 6 + k]. */
    private static final float[] DCT6 = new float[36];

    static {
        for (int k = 0; k < 9; k++) {
            double a = Math.PI * (k + 0.25) / 18;
            PRE_COS[k] = (float) Math.cos(a);
            PRE_SIN[k] = (float) Math.sin(a);
            double b = Math.PI * k / 18;
            POST_COS[k] = (float) Math.cos(b);
            POST_SIN[k] = (float) Math.sin(b);
        }
        for (int n = 0; n < 6; n++) {
            for (int k = 0; k < 6; k++) {
                DCT6[n * 6 + k] = (float) Math.cos(Math.PI / 24 * (2 * n + 1) * (2 * k + 1));
            }
        }
    }

    private final float[] re = new float[9];
    private final float[] im = new float[9];
    private final float[] y = new float[18];
    private final float[] y6 = new float[6];

    /** {@code x[i] = sum_k in[off + k] cos(pi / 72 (2i + 19)(2k + 1))}, i < 36, k < 18. */
    void long36(float[] in, int off, float[] x) {
        float[] d = y;
        dct4(in, off, d);
        for (int i = 0; i < 9; i++) {
            x[i] = d[i + 9];
            x[27 + i] = -d[i];
        }
        for (int i = 9; i < 27; i++) {
            x[i] = -d[26 - i];
        }
    }

    /**
     * {@code x[i] = sum_k in[idx[base + 3k]] cos(pi / 24 (2i + 7)(2k + 1))}, i < 12, k < 6: one short window, its
     * lines read through an index table (the reordering of short blocks).
     */
    void short12(float[] in, int[] idx, int base, float[] x) {
        float x0 = in[idx[base]];
        float x1 = in[idx[base + 3]];
        float x2 = in[idx[base + 6]];
        float x3 = in[idx[base + 9]];
        float x4 = in[idx[base + 12]];
        float x5 = in[idx[base + 15]];
        float[] c = DCT6;
        float[] d = y6;
        for (int n = 0; n < 6; n++) {
            int r = n * 6;
            d[n] = x0 * c[r] + x1 * c[r + 1] + x2 * c[r + 2] + x3 * c[r + 3] + x4 * c[r + 4] + x5 * c[r + 5];
        }
        x[0] = d[3];
        x[1] = d[4];
        x[2] = d[5];
        for (int i = 3; i < 9; i++) {
            x[i] = -d[8 - i];
        }
        x[9] = -d[0];
        x[10] = -d[1];
        x[11] = -d[2];
    }

    /** The 18-point DCT-IV {@code out[n] = sum_k in[off + k] cos(pi / 18 (n + 1/2)(k + 1/2))}. */
    void dct4(float[] in, int off, float[] out) {
        float[] r = re;
        float[] m = im;
        for (int k = 0; k < 9; k++) {
            float a = in[off + 2 * k];
            float b = in[off + 17 - 2 * k];
            r[k] = a * PRE_COS[k] + b * PRE_SIN[k];
            m[k] = b * PRE_COS[k] - a * PRE_SIN[k];
        }
        fft9(r, m);
        for (int k = 0; k < 9; k++) {
            float zr = r[k];
            float zi = m[k];
            out[2 * k] = zr * POST_COS[k] + zi * POST_SIN[k];
            out[17 - 2 * k] = zr * POST_SIN[k] - zi * POST_COS[k];
        }
    }

    /**
     * In-place 3-point DFT of the complex values at {@code at}, {@code at + stride}, {@code at + 2 stride}: outputs
     * 0, 1, 2 in the same places.
     */
    private static void dft3(float[] r, float[] m, int at, int stride) {
        int b = at + stride;
        int c = b + stride;
        float ar = r[at];
        float ai = m[at];
        float br = r[b];
        float bi = m[b];
        float cr = r[c];
        float ci = m[c];
        float tr = br + cr;
        float ti = bi + ci;
        float dr = (br - cr) * C3;
        float di = (bi - ci) * C3;
        float mr = ar - 0.5f * tr;
        float mi = ai - 0.5f * ti;
        r[at] = ar + tr;
        m[at] = ai + ti;
        r[b] = mr + di;
        m[b] = mi - dr;
        r[c] = mr - di;
        m[c] = mi + dr;
    }

    /** In-place 9-point DFT {@code Z[m] = sum_k z[k] exp(-2 pi i m k / 9)} as 3 x 3 (k = k1 + 3 k2, m = m1 + 3 m2). */
    private static void fft9(float[] r, float[] m) {
        // 3-point DFTs over k2 for each k1: A[k1][m1], kept in place at index k1 + 3 m1
        for (int k1 = 0; k1 < 3; k1++) {
            dft3(r, m, k1, 3);
        }
        // twiddles W9^(k1 m1): (1,1) W1, (1,2) W2, (2,1) W2, (2,2) W4
        twiddle(r, m, 1 + 3, W1R, W1I);
        twiddle(r, m, 1 + 6, W2R, W2I);
        twiddle(r, m, 2 + 3, W2R, W2I);
        twiddle(r, m, 2 + 6, W4R, W4I);
        // 3-point DFTs over k1 for each m1: Z[m1 + 3 m2], stored at 3 m1 + m2 (transposed below)
        for (int m1 = 0; m1 < 3; m1++) {
            dft3(r, m, 3 * m1, 1);
        }
        // transpose 3 x 3: index 3 m1 + m2 -> m1 + 3 m2
        swap(r, m, 1, 3);
        swap(r, m, 2, 6);
        swap(r, m, 5, 7);
    }

    private static void twiddle(float[] r, float[] m, int i, float wr, float wi) {
        float a = r[i];
        float b = m[i];
        r[i] = a * wr - b * wi;
        m[i] = a * wi + b * wr;
    }

    private static void swap(float[] r, float[] m, int i, int j) {
        float t = r[i];
        r[i] = r[j];
        r[j] = t;
        t = m[i];
        m[i] = m[j];
        m[j] = t;
    }
}

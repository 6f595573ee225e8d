package io.github.cola4j.audio;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Spectra of {@code L} frames at once (L the lanes of the preferred vector species), on the Vector API: lane
 * {@code l} of every vector belongs to frame {@code first + l}, so every step of the FFT is a lane-wise vector
 * operation with no shuffles. A real FFT of size N is a complex FFT of size N / 2 over the even and odd samples
 * (radix 2, decimation in time, the input written in bit-reversed order as the frames are read), then the
 * usual split into the N / 2 + 1 bins of the real transform. The result is {@code [bins][L]}: bin {@code k}
 * of the batch's frame {@code l} at {@code k * L + l}. Loaded only when {@code jdk.incubator.vector} is present
 * (see {@link Dot}). Holds scratch buffers: one per thread.
 */
final class VectorStft {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Frames per batch. */
    static final int LANES = S.length();

    private final Stft stft;
    private final int half; // M = nFft / 2, the complex FFT size
    private final int bins;
    private final int hop;
    private final int start; // signal index under frame sample 0 of frame 0 (minus the centre padding)
    /** Frame-sample window, zero outside the window (length nFft). */
    private final float[] w;
    private final int[] rev;
    private final float[] twc; // cos(2 pi j / M), j < M / 2
    private final float[] tws; // sin(2 pi j / M)
    private final float[] splitc; // cos(2 pi k / N), k <= M
    private final float[] splits; // sin(2 pi k / N)
    /** First and last + 1 complex input index with a non-zero window sample. */
    private final int jFrom;
    private final int jTo;
    private final int[] laneHops;
    private final float[] re;
    private final float[] im;
    private final float[] spec;
    private final float[] lane = new float[2 * LANES];

    VectorStft(Stft stft) {
        this.stft = stft;
        int n = stft.nFft();
        this.half = n / 2;
        this.bins = half + 1;
        this.hop = stft.hop();
        this.start = -stft.centrePad();
        this.w = new float[n];
        float[] win = stft.windowValues();
        int off = stft.windowOffset();
        System.arraycopy(win, 0, w, off, win.length);
        this.jFrom = off / 2;
        this.jTo = (off + win.length + 1) / 2;
        int bits = Integer.numberOfTrailingZeros(half);
        this.rev = new int[half];
        for (int j = 0; j < half; j++) {
            rev[j] = bits == 0 ? 0 : Integer.reverse(j) >>> (32 - bits);
        }
        this.twc = new float[Math.max(1, half / 2)];
        this.tws = new float[twc.length];
        for (int j = 0; j < half / 2; j++) {
            twc[j] = (float) Math.cos(2 * Math.PI * j / half);
            tws[j] = (float) Math.sin(2 * Math.PI * j / half);
        }
        this.splitc = new float[half + 1];
        this.splits = new float[half + 1];
        for (int k = 0; k <= half; k++) {
            splitc[k] = (float) Math.cos(Math.PI * k / half);
            splits[k] = (float) Math.sin(Math.PI * k / half);
        }
        this.laneHops = new int[LANES];
        for (int l = 0; l < LANES; l++) {
            laneHops[l] = l * hop;
        }
        this.re = new float[half * LANES];
        this.im = new float[half * LANES];
        this.spec = new float[bins * LANES];
    }

    /** Whether this STFT can run here: an FFT size that is a power of two, at least 4. */
    static boolean supports(int nFft) {
        return nFft >= 4 && Integer.bitCount(nFft) == 1;
    }

    /** The batch's spectra, {@code [bins][LANES]}, as the last {@link #batch} left them. */
    float[] spectra() {
        return spec;
    }

    /**
     * Spectra of frames {@code first .. first + count - 1} of {@code scale * x} into {@link #spectra()};
     * lanes from {@code count} on hold no meaningful values.
     */
    void batch(float[] x, float scale, int first, int count) {
        fill(x, scale, first, count);
        fft();
        split(stft.spectrum() == Stft.Spectrum.POWER);
    }

    private void fill(float[] x, float scale, int first, int count) {
        int n = x.length;
        int s0 = first * hop + start; // signal index under frame sample 0 of lane 0
        boolean inside = count == LANES && s0 + 2 * jFrom >= 0 && s0 + (LANES - 1) * hop + 2 * jTo <= n;
        FloatVector zero = FloatVector.zero(S);
        for (int j = 0; j < half; j++) {
            int o = rev[j] * LANES;
            if (j < jFrom || j >= jTo) {
                zero.intoArray(re, o);
                zero.intoArray(im, o);
                continue;
            }
            int t = 2 * j;
            float w0 = w[t] * scale;
            float w1 = w[t + 1] * scale;
            if (inside) {
                // inside: every index s0 + l * hop + t (+1) lies in [0, n) since 2 * jFrom <= t < 2 * jTo - 1
                FloatVector.fromArray(S, x, s0 + t, laneHops, 0).mul(w0).intoArray(re, o);
                FloatVector.fromArray(S, x, s0 + t + 1, laneHops, 0).mul(w1).intoArray(im, o);
            } else {
                for (int l = 0; l < LANES; l++) {
                    if (l < count) {
                        int p = s0 + l * hop + t;
                        lane[l] = stft.sampleAt(x, p) * w0;
                        lane[LANES + l] = stft.sampleAt(x, p + 1) * w1;
                    } else {
                        lane[l] = 0f;
                        lane[LANES + l] = 0f;
                    }
                }
                FloatVector.fromArray(S, lane, 0).intoArray(re, o);
                FloatVector.fromArray(S, lane, LANES).intoArray(im, o);
            }
        }
    }

    private void fft() {
        final int m = half;
        final int l = LANES;
        final float[] r = re;
        final float[] i = im;
        // h = 1: twiddle 1
        for (int k = 0; k < m; k += 2) {
            int a = k * l;
            int b = a + l;
            FloatVector ar = FloatVector.fromArray(S, r, a);
            FloatVector ai = FloatVector.fromArray(S, i, a);
            FloatVector br = FloatVector.fromArray(S, r, b);
            FloatVector bi = FloatVector.fromArray(S, i, b);
            ar.add(br).intoArray(r, a);
            ai.add(bi).intoArray(i, a);
            ar.sub(br).intoArray(r, b);
            ai.sub(bi).intoArray(i, b);
        }
        for (int h = 2; h < m; h <<= 1) {
            int step = m / (2 * h);
            for (int j = 0; j < h; j++) {
                float c = twc[j * step];
                float s = tws[j * step];
                for (int k = j; k < m; k += 2 * h) {
                    int a = k * l;
                    int b = (k + h) * l;
                    FloatVector br = FloatVector.fromArray(S, r, b);
                    FloatVector bi = FloatVector.fromArray(S, i, b);
                    // t = (c - i s) * b
                    FloatVector tr = br.mul(c).add(bi.mul(s));
                    FloatVector ti = bi.mul(c).sub(br.mul(s));
                    FloatVector ar = FloatVector.fromArray(S, r, a);
                    FloatVector ai = FloatVector.fromArray(S, i, a);
                    ar.add(tr).intoArray(r, a);
                    ai.add(ti).intoArray(i, a);
                    ar.sub(tr).intoArray(r, b);
                    ai.sub(ti).intoArray(i, b);
                }
            }
        }
    }

    private void split(boolean power) {
        final int m = half;
        final int l = LANES;
        for (int k = 0; k <= m; k++) {
            int a = (k == m ? 0 : k) * l;
            int b = (k == 0 ? 0 : m - k) * l;
            FloatVector zr = FloatVector.fromArray(S, re, a);
            FloatVector zi = FloatVector.fromArray(S, im, a);
            FloatVector yr = FloatVector.fromArray(S, re, b);
            FloatVector yi = FloatVector.fromArray(S, im, b);
            // E = (Z[k] + conj(Z[M - k])) / 2, D = (Z[k] - conj(Z[M - k])) / 2
            FloatVector er = zr.add(yr).mul(0.5f);
            FloatVector ei = zi.sub(yi).mul(0.5f);
            FloatVector dr = zr.sub(yr).mul(0.5f);
            FloatVector di = zi.add(yi).mul(0.5f);
            float c = splitc[k];
            float s = splits[k];
            FloatVector xr = er.add(di.mul(c)).sub(dr.mul(s));
            FloatVector xi = ei.sub(dr.mul(c)).sub(di.mul(s));
            FloatVector p = xr.mul(xr).add(xi.mul(xi));
            (power ? p : p.sqrt()).intoArray(spec, k * l);
        }
    }

    /**
     * Mel band energies of the batch: {@code mel[band * LANES + l]} from {@link #spectra()} and the filterbank's
     * non-zero runs.
     */
    void mel(MelFilterbank fb, float[] mel) {
        int l = LANES;
        for (int band = 0; band < fb.mels(); band++) {
            float[] run = fb.run(band);
            int b = fb.runStart(band) * l;
            FloatVector acc = FloatVector.zero(S);
            for (int k = 0; k < run.length; k++) {
                acc = FloatVector.fromArray(S, spec, b + k * l).fma(FloatVector.broadcast(S, run[k]), acc);
            }
            acc.intoArray(mel, band * l);
        }
    }
}

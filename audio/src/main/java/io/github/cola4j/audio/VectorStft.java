package io.github.cola4j.audio;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Spectra of {@code L} frames at once (L the lanes of the preferred vector species), on the Vector API: lane
 * {@code l} of every vector belongs to frame {@code first + l}, so every step of the FFT is a lane-wise vector
 * operation with no shuffles. A real FFT of size N is a complex FFT of size N / 2 over the even and odd samples
 * (radix 4 with a radix-2 pass when needed, decimation in time, the input written in bit-reversed order as the frames are read), then the
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
    /** The complex FFT's data: element {@code e} has its real parts at {@code e * 2L}, imaginary at {@code + L}. */
    private final float[] z;
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
        this.z = new float[half * 2 * LANES];
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

    void fill(float[] x, float scale, int first, int count) {
        int n = x.length;
        int s0 = first * hop + start; // signal index under frame sample 0 of lane 0
        boolean inside = count == LANES && s0 + 2 * jFrom >= 0 && s0 + (LANES - 1) * hop + 2 * jTo <= n;
        FloatVector zero = FloatVector.zero(S);
        for (int j = 0; j < half; j++) {
            int o = rev[j] * 2 * LANES;
            if (j < jFrom || j >= jTo) {
                zero.intoArray(z, o);
                zero.intoArray(z, o + LANES);
                continue;
            }
            int t = 2 * j;
            float w0 = w[t] * scale;
            float w1 = w[t + 1] * scale;
            if (inside) {
                // inside: every index s0 + l * hop + t (+1) lies in [0, n) since 2 * jFrom <= t < 2 * jTo - 1
                FloatVector.fromArray(S, x, s0 + t, laneHops, 0).mul(w0).intoArray(z, o);
                FloatVector.fromArray(S, x, s0 + t + 1, laneHops, 0).mul(w1).intoArray(z, o + LANES);
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
                FloatVector.fromArray(S, lane, 0).intoArray(z, o);
                FloatVector.fromArray(S, lane, LANES).intoArray(z, o + LANES);
            }
        }
    }

    /** Complex FFT of size M in place on {@link #z}: radix-4 passes (two radix-2 stages each), one radix-2 if odd. */
    void fft() {
        final int m = half;
        final int l = LANES;
        final int l2 = 2 * l;
        final float[] d = z;
        int h = 1;
        if (m >= 4) {
            // stages h = 1 and 2 together: twiddles 1, 1 and -i
            for (int k = 0; k < m; k += 4) {
                int p0 = k * l2;
                int p1 = p0 + l2;
                int p2 = p1 + l2;
                int p3 = p2 + l2;
                FloatVector a0r = FloatVector.fromArray(S, d, p0);
                FloatVector a0i = FloatVector.fromArray(S, d, p0 + l);
                FloatVector a1r = FloatVector.fromArray(S, d, p1);
                FloatVector a1i = FloatVector.fromArray(S, d, p1 + l);
                FloatVector a2r = FloatVector.fromArray(S, d, p2);
                FloatVector a2i = FloatVector.fromArray(S, d, p2 + l);
                FloatVector a3r = FloatVector.fromArray(S, d, p3);
                FloatVector a3i = FloatVector.fromArray(S, d, p3 + l);
                FloatVector b0r = a0r.add(a1r);
                FloatVector b0i = a0i.add(a1i);
                FloatVector b1r = a0r.sub(a1r);
                FloatVector b1i = a0i.sub(a1i);
                FloatVector b2r = a2r.add(a3r);
                FloatVector b2i = a2i.add(a3i);
                FloatVector b3r = a2r.sub(a3r);
                FloatVector b3i = a2i.sub(a3i);
                b0r.add(b2r).intoArray(d, p0);
                b0i.add(b2i).intoArray(d, p0 + l);
                b0r.sub(b2r).intoArray(d, p2);
                b0i.sub(b2i).intoArray(d, p2 + l);
                // -i * b3 = (b3i, -b3r)
                b1r.add(b3i).intoArray(d, p1);
                b1i.sub(b3r).intoArray(d, p1 + l);
                b1r.sub(b3i).intoArray(d, p3);
                b1i.add(b3r).intoArray(d, p3 + l);
            }
            h = 4;
        }
        for (; 4 * h <= m; h *= 4) {
            int step1 = m / (2 * h); // twiddle W_{2h}^j = W_M^{j * step1}
            int step2 = m / (4 * h); // twiddle W_{4h}^j
            for (int j = 0; j < h; j++) {
                float c1 = twc[j * step1];
                float s1 = tws[j * step1];
                float c2 = twc[j * step2];
                float s2 = tws[j * step2];
                for (int k = j; k < m; k += 4 * h) {
                    int p0 = k * l2;
                    int p1 = p0 + h * l2;
                    int p2 = p1 + h * l2;
                    int p3 = p2 + h * l2;
                    FloatVector a1r = FloatVector.fromArray(S, d, p1);
                    FloatVector a1i = FloatVector.fromArray(S, d, p1 + l);
                    FloatVector a3r = FloatVector.fromArray(S, d, p3);
                    FloatVector a3i = FloatVector.fromArray(S, d, p3 + l);
                    // (c - i s) * a
                    FloatVector t1r = a1r.mul(c1).add(a1i.mul(s1));
                    FloatVector t1i = a1i.mul(c1).sub(a1r.mul(s1));
                    FloatVector t3r = a3r.mul(c1).add(a3i.mul(s1));
                    FloatVector t3i = a3i.mul(c1).sub(a3r.mul(s1));
                    FloatVector a0r = FloatVector.fromArray(S, d, p0);
                    FloatVector a0i = FloatVector.fromArray(S, d, p0 + l);
                    FloatVector a2r = FloatVector.fromArray(S, d, p2);
                    FloatVector a2i = FloatVector.fromArray(S, d, p2 + l);
                    FloatVector b0r = a0r.add(t1r);
                    FloatVector b0i = a0i.add(t1i);
                    FloatVector b1r = a0r.sub(t1r);
                    FloatVector b1i = a0i.sub(t1i);
                    FloatVector b2r = a2r.add(t3r);
                    FloatVector b2i = a2i.add(t3i);
                    FloatVector b3r = a2r.sub(t3r);
                    FloatVector b3i = a2i.sub(t3i);
                    // second stage: W_{4h}^j on b2, -i W_{4h}^j on b3
                    FloatVector u2r = b2r.mul(c2).add(b2i.mul(s2));
                    FloatVector u2i = b2i.mul(c2).sub(b2r.mul(s2));
                    FloatVector v3r = b3r.mul(c2).add(b3i.mul(s2));
                    FloatVector v3i = b3i.mul(c2).sub(b3r.mul(s2));
                    // u3 = -i * v3 = (v3i, -v3r)
                    b0r.add(u2r).intoArray(d, p0);
                    b0i.add(u2i).intoArray(d, p0 + l);
                    b0r.sub(u2r).intoArray(d, p2);
                    b0i.sub(u2i).intoArray(d, p2 + l);
                    b1r.add(v3i).intoArray(d, p1);
                    b1i.sub(v3r).intoArray(d, p1 + l);
                    b1r.sub(v3i).intoArray(d, p3);
                    b1i.add(v3r).intoArray(d, p3 + l);
                }
            }
        }
        for (; h < m; h *= 2) {
            int step = m / (2 * h);
            for (int j = 0; j < h; j++) {
                float c = twc[j * step];
                float s = tws[j * step];
                for (int k = j; k < m; k += 2 * h) {
                    int a = k * l2;
                    int b = (k + h) * l2;
                    FloatVector br = FloatVector.fromArray(S, d, b);
                    FloatVector bi = FloatVector.fromArray(S, d, b + l);
                    FloatVector tr = br.mul(c).add(bi.mul(s));
                    FloatVector ti = bi.mul(c).sub(br.mul(s));
                    FloatVector ar = FloatVector.fromArray(S, d, a);
                    FloatVector ai = FloatVector.fromArray(S, d, a + l);
                    ar.add(tr).intoArray(d, a);
                    ai.add(ti).intoArray(d, a + l);
                    ar.sub(tr).intoArray(d, b);
                    ai.sub(ti).intoArray(d, b + l);
                }
            }
        }
    }

    void split(boolean power) {
        final int m = half;
        final int l = LANES;
        for (int k = 0; k <= m; k++) {
            int a = (k == m ? 0 : k) * 2 * l;
            int b = (k == 0 ? 0 : m - k) * 2 * l;
            FloatVector zr = FloatVector.fromArray(S, z, a);
            FloatVector zi = FloatVector.fromArray(S, z, a + l);
            FloatVector yr = FloatVector.fromArray(S, z, b);
            FloatVector yi = FloatVector.fromArray(S, z, b + l);
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

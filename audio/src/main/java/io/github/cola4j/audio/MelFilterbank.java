package io.github.cola4j.audio;

/**
 * A mel filterbank: {@code nMels} triangular filters over the {@code nFreqs} bins of a spectrum.
 *
 * <p>{@link #htk} and {@link #slaney} build torchaudio's {@code melscale_fbanks} (and librosa's
 * {@code filters.mel}): band edges equally spaced on the mel scale, triangles linear in Hz over the bin
 * frequencies {@code linspace(0, sampleRate / 2, nFreqs)}, optionally Slaney area normalisation
 * {@code 2 / (f[m + 2] - f[m])}. {@link #tensorflow} builds TensorFlow's {@code linear_to_mel_weight_matrix}:
 * mel = 1127 ln(1 + f / 700), triangles linear in mel, the DC bin's weights zero.
 *
 * <p>Weights are stored as {@code [nFreqs][nMels]} (the layout of the reference implementations) and, for
 * speed, per filter as the contiguous run of bins where it is non-zero. Immutable and thread-safe.
 */
public final class MelFilterbank {

    /** Mel scales. */
    public enum Scale {
        /** 2595 log10(1 + f / 700). */
        HTK,
        /** Linear below 1 kHz (f / (200 / 3)), logarithmic above (Slaney's Auditory Toolbox, librosa's default). */
        SLANEY
    }

    private final int nFreqs;
    private final int nMels;
    private final float[] weights; // [nFreqs][nMels]
    private final int[] first; // per filter: first non-zero bin
    private final float[][] runs; // per filter: weights of bins first .. first + len - 1

    private MelFilterbank(int nFreqs, int nMels, double[] w) {
        this.nFreqs = nFreqs;
        this.nMels = nMels;
        this.weights = new float[nFreqs * nMels];
        this.first = new int[nMels];
        this.runs = new float[nMels][];
        for (int i = 0; i < w.length; i++) {
            weights[i] = (float) w[i];
        }
        for (int m = 0; m < nMels; m++) {
            int lo = -1;
            int hi = -1;
            for (int k = 0; k < nFreqs; k++) {
                if (weights[k * nMels + m] != 0f) {
                    if (lo < 0) {
                        lo = k;
                    }
                    hi = k;
                }
            }
            if (lo < 0) {
                first[m] = 0;
                runs[m] = new float[0];
                continue;
            }
            first[m] = lo;
            runs[m] = new float[hi - lo + 1];
            for (int k = lo; k <= hi; k++) {
                runs[m][k - lo] = weights[k * nMels + m];
            }
        }
    }

    /**
     * Hz to mel on the given scale.
     *
     * @param f a frequency in Hz, 0 or more
     * @param scale the mel scale ({@link Scale#SLANEY} for anything but {@link Scale#HTK})
     * @return the frequency in mels on that scale
     */
    public static double hzToMel(double f, Scale scale) {
        if (scale == Scale.HTK) {
            return 2595.0 * Math.log10(1.0 + f / 700.0);
        }
        double fSp = 200.0 / 3;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logStep = Math.log(6.4) / 27.0;
        return f < minLogHz ? f / fSp : minLogMel + Math.log(f / minLogHz) / logStep;
    }

    /**
     * Mel to Hz on the given scale.
     *
     * @param m a pitch in mels, 0 or more
     * @param scale the mel scale ({@link Scale#SLANEY} for anything but {@link Scale#HTK})
     * @return the frequency in Hz; the inverse of {@link #hzToMel(double, Scale)}
     */
    public static double melToHz(double m, Scale scale) {
        if (scale == Scale.HTK) {
            return 700.0 * (Math.pow(10.0, m / 2595.0) - 1.0);
        }
        double fSp = 200.0 / 3;
        double minLogHz = 1000.0;
        double minLogMel = minLogHz / fSp;
        double logStep = Math.log(6.4) / 27.0;
        return m < minLogMel ? fSp * m : minLogHz * Math.exp(logStep * (m - minLogMel));
    }

    /**
     * HTK-scale filterbank, triangles linear in Hz, as torchaudio's melscale_fbanks(mel_scale="htk").
     *
     * @param nFreqs spectrum bins per frame ({@code nFft / 2 + 1}), at least 2; spaced evenly from 0 Hz to
     *     the Nyquist frequency
     * @param fMin lower edge of the lowest band in Hz, 0 or more
     * @param fMax upper edge of the highest band in Hz, above {@code fMin}
     * @param nMels number of mel bands, at least 1
     * @param sampleRate sample rate of the analysed signal in Hz
     * @param slaneyNorm true to scale each triangle by {@code 2 / (f[m + 2] - f[m])} (equal area), false for
     *     a peak of 1
     * @return the filterbank
     * @throws IllegalArgumentException if a size or rate is out of range or {@code fMax <= fMin}
     */
    public static MelFilterbank htk(int nFreqs, double fMin, double fMax, int nMels, int sampleRate, boolean slaneyNorm) {
        return hzTriangles(nFreqs, fMin, fMax, nMels, sampleRate, slaneyNorm, Scale.HTK);
    }

    /**
     * Slaney-scale filterbank, triangles linear in Hz, as librosa's filters.mel(htk=False).
     *
     * @param nFreqs spectrum bins per frame ({@code nFft / 2 + 1}), at least 2; spaced evenly from 0 Hz to
     *     the Nyquist frequency
     * @param fMin lower edge of the lowest band in Hz, 0 or more
     * @param fMax upper edge of the highest band in Hz, above {@code fMin}
     * @param nMels number of mel bands, at least 1
     * @param sampleRate sample rate of the analysed signal in Hz
     * @param slaneyNorm true to scale each triangle by {@code 2 / (f[m + 2] - f[m])} (equal area), false for
     *     a peak of 1
     * @return the filterbank
     * @throws IllegalArgumentException if a size or rate is out of range or {@code fMax <= fMin}
     */
    public static MelFilterbank slaney(int nFreqs, double fMin, double fMax, int nMels, int sampleRate, boolean slaneyNorm) {
        return hzTriangles(nFreqs, fMin, fMax, nMels, sampleRate, slaneyNorm, Scale.SLANEY);
    }

    /**
     * Filterbank with triangles linear in Hz on either scale.
     *
     * @param nFreqs spectrum bins per frame ({@code nFft / 2 + 1}), at least 2; spaced evenly from 0 Hz to
     *     the Nyquist frequency
     * @param fMin lower edge of the lowest band in Hz, 0 or more
     * @param fMax upper edge of the highest band in Hz, above {@code fMin}
     * @param nMels number of mel bands, at least 1
     * @param sampleRate sample rate of the analysed signal in Hz
     * @param slaneyNorm true to scale each triangle by {@code 2 / (f[m + 2] - f[m])} (equal area), false for
     *     a peak of 1
     * @param scale the mel scale on which the band edges are equally spaced
     * @return the filterbank
     * @throws IllegalArgumentException if a size or rate is out of range or {@code fMax <= fMin}
     */
    public static MelFilterbank hzTriangles(int nFreqs, double fMin, double fMax, int nMels, int sampleRate,
            boolean slaneyNorm, Scale scale) {
        check(nFreqs, fMin, fMax, nMels, sampleRate);
        double mMin = hzToMel(fMin, scale);
        double mMax = hzToMel(fMax, scale);
        double[] f = new double[nMels + 2];
        for (int i = 0; i < f.length; i++) {
            f[i] = melToHz(mMin + (mMax - mMin) * i / (nMels + 1), scale);
        }
        double[] w = new double[nFreqs * nMels];
        double nyquist = sampleRate / 2.0;
        for (int k = 0; k < nFreqs; k++) {
            double fk = nFreqs == 1 ? 0 : nyquist * k / (nFreqs - 1);
            for (int m = 0; m < nMels; m++) {
                double down = (fk - f[m]) / (f[m + 1] - f[m]);
                double up = (f[m + 2] - fk) / (f[m + 2] - f[m + 1]);
                double v = Math.max(0, Math.min(down, up));
                if (slaneyNorm) {
                    v *= 2.0 / (f[m + 2] - f[m]);
                }
                w[k * nMels + m] = v;
            }
        }
        return new MelFilterbank(nFreqs, nMels, w);
    }

    /**
     * TensorFlow's linear_to_mel_weight_matrix: {@code nFreqs} spectrogram bins of a signal at
     * {@code sampleRate}, {@code nMels} bands between {@code fMin} and {@code fMax} Hz.
     *
     * @param nMels number of mel bands, at least 1
     * @param nFreqs spectrum bins per frame ({@code fft_length / 2 + 1}), at least 2
     * @param sampleRate sample rate of the analysed signal in Hz
     * @param fMin lower edge of the lowest band in Hz, 0 or more
     * @param fMax upper edge of the highest band in Hz, above {@code fMin}
     * @return the filterbank; the weights of the DC bin are all zero
     * @throws IllegalArgumentException if a size or rate is out of range or {@code fMax <= fMin}
     */
    public static MelFilterbank tensorflow(int nMels, int nFreqs, int sampleRate, double fMin, double fMax) {
        check(nFreqs, fMin, fMax, nMels, sampleRate);
        double mMin = tfMel(fMin);
        double mMax = tfMel(fMax);
        double[] edges = new double[nMels + 2];
        for (int i = 0; i < edges.length; i++) {
            edges[i] = mMin + (mMax - mMin) * i / (nMels + 1);
        }
        double nyquist = sampleRate / 2.0;
        double[] w = new double[nFreqs * nMels];
        for (int k = 1; k < nFreqs; k++) {
            double mk = tfMel(nyquist * k / (nFreqs - 1));
            for (int m = 0; m < nMels; m++) {
                double lower = (mk - edges[m]) / (edges[m + 1] - edges[m]);
                double upper = (edges[m + 2] - mk) / (edges[m + 2] - edges[m + 1]);
                w[k * nMels + m] = Math.max(0, Math.min(lower, upper));
            }
        }
        return new MelFilterbank(nFreqs, nMels, w);
    }

    private static double tfMel(double f) {
        return 1127.0 * Math.log(1.0 + f / 700.0);
    }

    private static void check(int nFreqs, double fMin, double fMax, int nMels, int sampleRate) {
        if (nFreqs < 2 || nMels < 1 || sampleRate <= 0 || fMin < 0 || fMax <= fMin) {
            throw new IllegalArgumentException("bad mel filterbank parameters: nFreqs=" + nFreqs + " nMels=" + nMels
                    + " sampleRate=" + sampleRate + " fMin=" + fMin + " fMax=" + fMax);
        }
    }

    /**
     * Number of frequency bins each filter spans (the input width, nFft / 2 + 1).
     *
     * @return the values per input spectrum row
     */
    public int freqs() {
        return nFreqs;
    }

    /**
     * Number of mel bands (the output width).
     *
     * @return the values per output row
     */
    public int mels() {
        return nMels;
    }

    /**
     * The weights, {@code [freqs()][mels()]} row-major (a copy).
     *
     * @return a new array of {@code freqs() * mels()} weights, 0 outside each triangle
     */
    public float[] weights() {
        return weights.clone();
    }

    /** First bin where filter {@code band} is non-zero (0 for an all-zero filter). */
    int runStart(int band) {
        return first[band];
    }

    /** Weights of filter {@code band} from bin {@link #runStart} on, as long as it is non-zero (shared, do not modify). */
    float[] run(int band) {
        return runs[band];
    }

    /**
     * Applies the filterbank to {@code frames} spectra {@code [frames][freqs()]} in {@code spec} starting at
     * {@code specOffset}, writing {@code [frames][mels()]} into {@code out} at {@code outOffset}.
     *
     * @param spec the input spectra (magnitudes or powers); not modified
     * @param specOffset index in {@code spec} of the first frame's first bin
     * @param frames number of consecutive spectra to transform
     * @param out the destination; {@code frames * mels()} values are overwritten
     * @param outOffset index in {@code out} of the first frame's first band
     */
    public void apply(float[] spec, int specOffset, int frames, float[] out, int outOffset) {
        for (int t = 0; t < frames; t++) {
            int s = specOffset + t * nFreqs;
            int o = outOffset + t * nMels;
            for (int m = 0; m < nMels; m++) {
                float[] r = runs[m];
                int b = s + first[m];
                float acc = 0;
                for (int k = 0; k < r.length; k++) {
                    acc += spec[b + k] * r[k];
                }
                out[o + m] = acc;
            }
        }
    }

    /**
     * Applies the filterbank to {@code [frames][freqs()]} spectra, returning {@code [frames][mels()]}.
     *
     * @param spec the spectra from index 0; not modified
     * @param frames number of spectra to transform
     * @return a new array of {@code frames * mels()} band energies, row-major
     */
    public float[] apply(float[] spec, int frames) {
        float[] out = new float[frames * nMels];
        apply(spec, 0, frames, out, 0);
        return out;
    }
}

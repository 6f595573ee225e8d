package io.github.cola4j.audio;

import java.util.Arrays;

/**
 * Short-time Fourier transform magnitudes or powers on JTransforms.
 *
 * <p>Two framings are offered. {@link Framing#TORCH} frames as {@code torch.stft}: frames of {@code nFft}
 * samples every {@code hop}, the window (of {@code winLength} &le; {@code nFft}) centred in the frame, and
 * optional centre padding of {@code nFft / 2} on both sides (reflect or zeros). {@link Framing#TENSORFLOW}
 * frames as {@code tf.signal.stft}: frames of {@code winLength} samples, each zero-padded at the end to
 * {@code nFft}, no padding of the signal. For the same frame position both give the same magnitudes.
 *
 * <p>Output is row-major {@code [frames][nFft / 2 + 1]}. An instance owns its FFT scratch buffers and is not
 * thread-safe; create one per thread (construction is cheap next to a clip's worth of frames).
 */
public final class Stft {

    /** How the signal is padded before framing. */
    public enum Padding {
        /** Reflect about the first and last sample, as numpy's and torch's "reflect". */
        REFLECT,
        /** Zeros. */
        CONSTANT,
        /** No padding. */
        NONE
    }

    /** How frames are laid out. */
    public enum Framing {
        /** As {@code torch.stft}: frames of {@code nFft} samples, the window centred, optional centre padding. */
        TORCH,
        /** As {@code tf.signal.stft}: frames of {@code winLength} samples zero-padded at the end to {@code nFft}. */
        TENSORFLOW
    }

    /** What each bin holds. */
    public enum Spectrum {
        /** |X|, the absolute value of each complex bin. */
        MAGNITUDE,
        /** |X|^2. */
        POWER
    }

    private final int nFft;
    private final int winLength;
    private final int hop;
    private final Padding padding;
    private final Framing framing;
    private final Spectrum spectrum;
    private final float[] window;
    private final Fft fft;
    private final float[] buf;
    /** The batched Vector API path, or {@code null} (no Vector API, or an FFT size that is not a power of two). */
    private VectorStft batched;
    private boolean batchedChecked;

    /**
     * @param nFft FFT size (even)
     * @param winLength window length, at most {@code nFft}
     * @param hop frame step
     * @param window the window, {@code winLength} values (for example {@link Window#hann})
     * @param padding centre padding ({@link Padding#NONE} for none); only for {@link Framing#TORCH}
     * @param framing frame layout
     * @param spectrum magnitude or power
     */
    public Stft(int nFft, int winLength, int hop, float[] window, Padding padding, Framing framing, Spectrum spectrum) {
        if (winLength <= 0 || winLength > nFft || hop <= 0 || window.length != winLength) {
            throw new IllegalArgumentException("bad STFT parameters: nFft=" + nFft + " winLength=" + winLength
                    + " hop=" + hop + " window length=" + window.length);
        }
        if (framing == Framing.TENSORFLOW && padding != Padding.NONE) {
            throw new IllegalArgumentException("TensorFlow framing does not pad the signal");
        }
        this.nFft = nFft;
        this.winLength = winLength;
        this.hop = hop;
        this.window = window.clone();
        this.padding = padding;
        this.framing = framing;
        this.spectrum = spectrum;
        this.fft = new Fft(nFft);
        this.buf = new float[nFft];
    }

    /**
     * torch.stft-style STFT with a periodic Hann window.
     *
     * @param nFft FFT size and frame length in samples (even, at least 2)
     * @param winLength Hann window length in samples, at most {@code nFft}; centred in the frame
     * @param hop frame step in samples, at least 1
     * @param padding centre padding of {@code nFft / 2} samples on both sides ({@link Padding#NONE} for none)
     * @param spectrum magnitude or power
     * @return a new STFT with its own scratch buffers
     * @throws IllegalArgumentException if {@code nFft} is odd or below 2, {@code winLength} is outside
     *     [1, nFft] or {@code hop} is below 1
     */
    public static Stft torch(int nFft, int winLength, int hop, Padding padding, Spectrum spectrum) {
        return new Stft(nFft, winLength, hop, Window.hann(winLength, true), padding, Framing.TORCH, spectrum);
    }

    /**
     * tf.signal.stft-style STFT with a periodic Hann window.
     *
     * @param frameLength frame and Hann window length in samples, at most {@code fftLength}
     * @param hop frame step in samples, at least 1
     * @param fftLength FFT size (even); each frame is zero-padded at the end to this length
     * @param spectrum magnitude or power
     * @return a new STFT with its own scratch buffers and no padding of the signal
     * @throws IllegalArgumentException if {@code fftLength} is odd or below 2, {@code frameLength} is outside
     *     [1, fftLength] or {@code hop} is below 1
     */
    public static Stft tensorflow(int frameLength, int hop, int fftLength, Spectrum spectrum) {
        return new Stft(fftLength, frameLength, hop, Window.hann(frameLength, true), Padding.NONE,
                Framing.TENSORFLOW, spectrum);
    }

    /**
     * Number of frequency bins per frame, nFft / 2 + 1.
     *
     * @return the values per spectrogram row, from 0 Hz up to the Nyquist frequency
     */
    public int bins() {
        return nFft / 2 + 1;
    }

    /**
     * Number of frames for a signal of {@code n} samples. An empty signal has no frames, whatever the padding
     * (centre padding alone does not make a frame), as a signal shorter than one frame has none.
     *
     * @param n the signal length in samples
     * @return the count of whole frames that fit the (padded) signal; 0 when it is empty or shorter than one
     *     frame
     */
    public int frames(int n) {
        if (n <= 0) {
            return 0;
        }
        if (framing == Framing.TENSORFLOW) {
            return n >= winLength ? 1 + (n - winLength) / hop : 0;
        }
        int padded = padding == Padding.NONE ? n : n + 2 * (nFft / 2);
        return padded >= nFft ? 1 + (padded - nFft) / hop : 0;
    }

    /**
     * The spectrogram of {@code x}, {@code [frames(x.length)][bins()]} row-major.
     *
     * @param x the signal; not modified
     * @return a new array of {@code frames(x.length) * bins()} magnitudes or powers (empty for an empty signal)
     */
    public float[] compute(float[] x) {
        return compute(x, 1f);
    }

    /**
     * The spectrogram of {@code scale * x}.
     *
     * @param x the signal; not modified
     * @param scale factor applied to every sample before windowing (1 for none)
     * @return a new array of {@code frames(x.length) * bins()} values, {@code [frames][bins]} row-major
     */
    public float[] compute(float[] x, float scale) {
        int frames = frames(x.length);
        float[] out = new float[frames * bins()];
        compute(x, scale, out, 0);
        return out;
    }

    /**
     * Writes the spectrogram of {@code scale * x} into {@code out} at {@code offset}; {@code out} must hold
     * {@code frames(x.length) * bins()} values from there.
     *
     * @param x the signal; not modified
     * @param scale factor applied to every sample before windowing (1 for none)
     * @param out the destination, {@code [frames][bins]} row-major
     * @param offset index in {@code out} of the first frame's first bin
     */
    public void compute(float[] x, float scale, float[] out, int offset) {
        computeFrames(x, scale, 0, frames(x.length), out, offset);
    }

    /**
     * Writes frames {@code firstFrame .. firstFrame + frames - 1} of the spectrogram of {@code scale * x} into
     * {@code out} at {@code offset}.
     *
     * @param x the whole signal; not modified (frames near its ends read the padding)
     * @param scale factor applied to every sample before windowing (1 for none)
     * @param firstFrame index of the first frame to compute, counted from the start of the signal
     * @param frames how many consecutive frames to compute
     * @param out the destination; receives {@code frames * bins()} values
     * @param offset index in {@code out} where frame {@code firstFrame} starts
     */
    public void computeFrames(float[] x, float scale, int firstFrame, int frames, float[] out, int offset) {
        VectorStft v = batched();
        if (v != null) {
            int lanes = VectorStft.LANES;
            int bins = bins();
            float[] spec = v.spectra();
            for (int f0 = 0; f0 < frames; f0 += lanes) {
                int nf = Math.min(lanes, frames - f0);
                v.batch(x, scale, firstFrame + f0, nf);
                for (int l = 0; l < nf; l++) {
                    int o = offset + (f0 + l) * bins;
                    for (int k = 0; k < bins; k++) {
                        out[o + k] = spec[k * lanes + l];
                    }
                }
            }
            return;
        }
        computeFramesScalar(x, scale, firstFrame, frames, out, offset);
    }

    /** {@link #computeFrames} on JTransforms, one frame at a time (the path without the Vector API). */
    void computeFramesScalar(float[] x, float scale, int firstFrame, int frames, float[] out, int offset) {
        int bins = bins();
        float[] w = window;
        float[] b = buf;
        int n = x.length;
        // offset of the window inside the n_fft frame, and of the frame relative to the unpadded signal
        int winOff = framing == Framing.TORCH ? (nFft - winLength) / 2 : 0;
        int pad = framing == Framing.TORCH && padding != Padding.NONE ? nFft / 2 : 0;
        for (int f = 0; f < frames; f++) {
            int start = (firstFrame + f) * hop - pad + winOff; // signal index under window[0]
            if (winOff > 0 || winLength < nFft) {
                Arrays.fill(b, 0f);
            }
            if (start >= 0 && start + winLength <= n) {
                for (int i = 0; i < winLength; i++) {
                    b[winOff + i] = x[start + i] * w[i] * scale;
                }
            } else {
                for (int i = 0; i < winLength; i++) {
                    b[winOff + i] = sampleAt(x, start + i) * w[i] * scale;
                }
            }
            fft.forward(b);
            int o = offset + f * bins;
            boolean power = spectrum == Spectrum.POWER;
            float dc = b[0] * b[0];
            float ny = b[1] * b[1];
            out[o] = power ? dc : Math.abs(b[0]);
            out[o + bins - 1] = power ? ny : Math.abs(b[1]);
            for (int k = 1; k < bins - 1; k++) {
                float re = b[2 * k];
                float im = b[2 * k + 1];
                float p = re * re + im * im;
                out[o + k] = power ? p : (float) Math.sqrt(p);
            }
        }
    }

    /**
     * The batched Vector API engine for this STFT ({@link VectorStft}), created on first use; {@code null}
     * without the Vector API or when the FFT size is not a power of two.
     */
    VectorStft batched() {
        if (!batchedChecked) {
            batchedChecked = true;
            if (Dot.VECTOR && VectorStft.supports(nFft)) {
                batched = new VectorStft(this);
            }
        }
        return batched;
    }

    int nFft() {
        return nFft;
    }

    int hop() {
        return hop;
    }

    Spectrum spectrum() {
        return spectrum;
    }

    /** The window, {@code winLength} values (shared, do not modify). */
    float[] windowValues() {
        return window;
    }

    /** Index in the {@code nFft} frame of the window's first sample. */
    int windowOffset() {
        return framing == Framing.TORCH ? (nFft - winLength) / 2 : 0;
    }

    /** Samples of centre padding in front of the signal (0 for none). */
    int centrePad() {
        return framing == Framing.TORCH && padding != Padding.NONE ? nFft / 2 : 0;
    }

    /** Sample {@code i} of the padded signal (i may lie outside [0, n)). */
    float sampleAt(float[] x, int i) {
        int n = x.length;
        if (i >= 0 && i < n) {
            return x[i];
        }
        // an empty signal has nothing to reflect (and no frames, see frames(int))
        if (padding != Padding.REFLECT || n <= 1) {
            return 0f;
        }
        // numpy-style reflection (no edge repeat), folding as often as needed
        int period = 2 * (n - 1);
        int j = Math.floorMod(i, period);
        return x[j < n ? j : period - j];
    }
}

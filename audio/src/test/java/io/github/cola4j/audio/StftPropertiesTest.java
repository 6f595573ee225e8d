package io.github.cola4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The STFT against a direct DFT in double precision, including FFT sizes that are not powers of two. */
class StftPropertiesTest {

    /**
     * The batched Vector API path (several frames per FFT call) against JTransforms one frame at a time: both
     * framings, all paddings, odd windows, frames at the signal's ends and partly filled batches.
     */
    @ParameterizedTest
    @CsvSource({"TORCH, 2048, 2048, 512, REFLECT, POWER", "TENSORFLOW, 1024, 400, 160, NONE, MAGNITUDE",
        "TORCH, 512, 401, 100, CONSTANT, MAGNITUDE", "TORCH, 16, 9, 3, REFLECT, POWER", "TORCH, 4, 3, 1, NONE, POWER",
        "TORCH, 256, 256, 7, REFLECT, MAGNITUDE", "TENSORFLOW, 64, 63, 5, NONE, POWER"})
    void batchedPathMatchesOneFrameAtATime(Stft.Framing framing, int nFft, int win, int hop, Stft.Padding pad,
            Stft.Spectrum spectrum) {
        Stft stft = new Stft(nFft, win, hop, Window.hann(win, true), pad, framing, spectrum);
        assertEquals(Dot.VECTOR, stft.batched() != null, "the batched path runs exactly when the Vector API is there");
        Random r = new Random(nFft * 7L + win);
        for (int n : new int[] {1, win, win + 1, 3 * nFft + 17, 37 * hop + nFft}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) r.nextGaussian();
            }
            int frames = stft.frames(n);
            float[] got = new float[frames * stft.bins()];
            float[] want = new float[frames * stft.bins()];
            stft.computeFrames(x, 0.5f, 0, frames, got, 0);
            stft.computeFramesScalar(x, 0.5f, 0, frames, want, 0);
            double peak = 0;
            for (float v : want) {
                peak = Math.max(peak, Math.abs(v));
            }
            for (int i = 0; i < got.length; i++) {
                assertEquals(want[i], got[i], 2e-6 * peak + 1e-12, framing + " " + nFft + " n " + n + " at " + i);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"6, 6, 2, REFLECT", "100, 80, 25, CONSTANT", "400, 400, 160, REFLECT", "510, 300, 128, NONE",
        "1000, 999, 333, REFLECT", "2048, 2048, 512, REFLECT"})
    void matchesDirectDft(int nFft, int win, int hop, Stft.Padding pad) {
        Random r = new Random(nFft);
        float[] x = new float[3 * nFft + 17];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        Stft stft = Stft.torch(nFft, win, hop, pad, Stft.Spectrum.MAGNITUDE);
        float[] got = stft.compute(x);
        float[] w = Window.hann(win, true);
        int bins = nFft / 2 + 1;
        int off = (nFft - win) / 2;
        int padLen = pad == Stft.Padding.NONE ? 0 : nFft / 2;
        int frames = stft.frames(x.length);
        assertEquals(pad == Stft.Padding.NONE ? 1 + (x.length - nFft) / hop : 1 + x.length / hop, frames);
        for (int t = 0; t < frames; t += Math.max(1, frames / 4)) {
            double[] frame = new double[nFft];
            for (int i = 0; i < win; i++) {
                int idx = t * hop - padLen + off + i;
                double v;
                if (idx >= 0 && idx < x.length) {
                    v = x[idx];
                } else if (pad == Stft.Padding.REFLECT) {
                    v = x[idx < 0 ? -idx : 2 * (x.length - 1) - idx];
                } else {
                    v = 0;
                }
                frame[off + i] = v * w[i];
            }
            for (int k = 0; k < bins; k++) {
                double re = 0;
                double im = 0;
                for (int i = 0; i < nFft; i++) {
                    double a = -2 * Math.PI * (long) k * i / nFft;
                    re += frame[i] * Math.cos(a);
                    im += frame[i] * Math.sin(a);
                }
                double mag = Math.hypot(re, im);
                assertEquals(mag, got[t * bins + k], 1e-4 * Math.sqrt(nFft) + 1e-5 * mag,
                        "frame " + t + " bin " + k);
            }
        }
    }
}

package io.github.cola4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Measures the resampler on sines: pass-band gain within 0.1 dB up to 0.9 x the lower Nyquist frequency,
 * and at least 80 dB suppression of everything else (aliases when down-sampling, images when up-sampling).
 */
class ResamplerTest {

    private static float[] sine(int rate, double freq, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (0.5 * Math.sin(2 * Math.PI * freq * i / rate + 0.3));
        }
        return x;
    }

    /** Least-squares amplitude of a sine at {@code freq} in the middle of {@code y}, and the residual RMS. */
    private static double[] fit(float[] y, int rate, double freq) {
        int from = y.length / 4;
        int to = 3 * y.length / 4;
        double w = 2 * Math.PI * freq / rate;
        double cc = 0;
        double ss = 0;
        double cs = 0;
        double yc = 0;
        double ys = 0;
        for (int i = from; i < to; i++) {
            double c = Math.cos(w * i);
            double s = Math.sin(w * i);
            cc += c * c;
            ss += s * s;
            cs += c * s;
            yc += y[i] * c;
            ys += y[i] * s;
        }
        double det = cc * ss - cs * cs;
        double a = (yc * ss - ys * cs) / det;
        double b = (ys * cc - yc * cs) / det;
        double res = 0;
        for (int i = from; i < to; i++) {
            double e = y[i] - a * Math.cos(w * i) - b * Math.sin(w * i);
            res += e * e;
        }
        return new double[] {Math.hypot(a, b), Math.sqrt(res / (to - from))};
    }

    @ParameterizedTest
    @CsvSource({"44100, 16000", "48000, 16000", "22050, 16000", "8000, 16000",
        "16000, 44100", "16000, 48000", "16000, 22050", "16000, 8000", "44100, 48000"})
    void passBandFlatAndStopBandSuppressed(int from, int to) {
        Resampler r = Resampler.of(from, to);
        double nyq = Math.min(from, to) / 2.0;
        int n = from / 4;
        double worstRipple = 0;
        double worstStop = Double.NEGATIVE_INFINITY;
        // pass band: gain of sines up to 0.9 x the lower Nyquist frequency
        for (double frac = 0.01; frac <= 0.9 + 1e-9; frac += 0.0445) {
            double f = frac * nyq;
            double[] a = fit(r.process(sine(from, f, n)), to, f);
            double gainDb = 20 * Math.log10(a[0] / 0.5);
            worstRipple = Math.max(worstRipple, Math.abs(gainDb));
            // up-sampling: whatever is not the sine itself is an image
            double imageDb = 20 * Math.log10(a[1] * Math.sqrt(2) / 0.5);
            if (to > from) {
                worstStop = Math.max(worstStop, imageDb);
            }
        }
        // stop band (down-sampling): input sines between the output Nyquist frequency and the input's
        if (to < from) {
            for (double f = nyq; f < from / 2.0 * 0.995; f += (from / 2.0 - nyq) / 23) {
                float[] y = r.process(sine(from, f, n));
                double rms = 0;
                for (int i = y.length / 4; i < 3 * y.length / 4; i++) {
                    rms += y[i] * y[i];
                }
                rms = Math.sqrt(rms / (y.length / 2));
                worstStop = Math.max(worstStop, 20 * Math.log10(rms * Math.sqrt(2) / 0.5));
            }
        }
        System.out.printf("%d -> %d: %d taps/output, pass-band ripple %.4f dB, stop band %.1f dB%n", from, to,
                r.tapsPerOutput(), worstRipple, worstStop);
        assertTrue(worstRipple < 0.1, "ripple " + worstRipple);
        assertTrue(worstStop <= -80, "stop band " + worstStop);
    }

    /** The block path (16 outputs at once) gives the per-output dot products' values, at the ends too. */
    @ParameterizedTest
    @CsvSource({"44100, 16000", "48000, 16000", "22050, 16000", "8000, 16000", "16000, 44100", "16000, 8000",
        "44100, 48000", "48000, 44100", "44100, 22050", "11025, 16000"})
    void blockPathMatchesPerOutputDotProducts(int from, int to) {
        Resampler r = Resampler.of(from, to);
        assertEquals(Dot.VECTOR, r.blockPath(), "the block path runs exactly when the Vector API is there");
        java.util.Random rnd = new java.util.Random(from * 31L + to);
        for (int n : new int[] {0, 1, 5, 17, 300, 1000, 4097, from / 3 + 7}) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            float[] a = r.process(x);
            float[] b = r.processPerOutput(x);
            assertEquals(b.length, a.length);
            for (int i = 0; i < a.length; i++) {
                assertEquals(b[i], a[i], 2e-5f * (1 + Math.abs(b[i])), from + " -> " + to + ", n " + n + ", output " + i);
            }
        }
    }

    /** A ratio whose block tables would be too large keeps one dot product per output, and its accuracy. */
    @Test
    void hugeRatioFallsBackToPerOutputDotProducts() {
        Resampler r = Resampler.of(16000, 16001);
        assertTrue(!r.blockPath());
        double[] a = fit(r.process(sine(16000, 3000, 8000)), 16001, 3000);
        assertEquals(0.5, a[0], 0.5 * 0.012); // 0.1 dB
        assertTrue(20 * Math.log10(a[1] * Math.sqrt(2) / 0.5) <= -80, "images " + a[1]);
    }

    @Test
    void lengthsAndIdentity() {
        assertEquals(16000, Resampler.of(44100, 16000).outputLength(44100));
        assertEquals(44100, Resampler.of(16000, 44100).outputLength(16000));
        float[] x = {1, 2, 3};
        assertEquals(3, Resampler.resample(x, 16000, 16000).length);
    }

    @Test
    void noDelay() {
        // a slow ramp-like sine keeps its phase: output n is the input at time n * from / to
        float[] x = sine(44100, 100, 44100);
        float[] y = Resampler.resample(x, 44100, 16000);
        for (int i = 4000; i < 12000; i += 997) {
            assertEquals(0.5 * Math.sin(2 * Math.PI * 100 * i / 16000.0 + 0.3), y[i], 1e-4);
        }
    }
}

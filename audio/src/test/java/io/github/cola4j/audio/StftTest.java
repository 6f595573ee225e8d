package io.github.cola4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.io.NpyArray;
import org.junit.jupiter.api.Test;

class StftTest {

    /**
     * Compares with torch.stft computed in float64: the largest error relative to the spectrogram's peak, and
     * the largest element-wise relative error among bins within 60 dB (amplitude) of the peak.
     */
    private static void check(Stft stft, String signal, String fixture) {
        float[] x = Fixtures.floats(signal);
        NpyArray want = Fixtures.npy(fixture);
        float[] got = stft.compute(x);
        assertArrayEquals(new long[] {stft.frames(x.length), stft.bins()}, want.shape(), fixture);
        float[] w = want.toFloats();
        double peak = 0;
        for (float v : w) {
            peak = Math.max(peak, Math.abs(v));
        }
        double worstPeak = 0;
        double worstRel = 0;
        for (int i = 0; i < w.length; i++) {
            double d = Math.abs(got[i] - w[i]);
            worstPeak = Math.max(worstPeak, d / peak);
            if (Math.abs(w[i]) > 1e-3 * peak) {
                worstRel = Math.max(worstRel, d / Math.abs(w[i]));
            }
        }
        System.out.printf("%s: max error / peak %.2e, max relative error (bins above 1e-3 of peak) %.2e%n",
                fixture, worstPeak, worstRel);
        assertTrue(worstPeak < 1e-5, fixture + " error vs peak " + worstPeak);
        assertTrue(worstRel < 1e-4, fixture + " relative error " + worstRel);
    }

    @Test
    void centredReflectPaddedMagnitudeWithShortWindow() {
        check(Stft.torch(512, 400, 160, Stft.Padding.REFLECT, Stft.Spectrum.MAGNITUDE), "sig_a.npy",
                "stft_a_512_400_160_reflect_periodic_mag.npy");
    }

    @Test
    void constantPaddedPowerWithSymmetricWindow() {
        check(new Stft(256, 256, 100, Window.hann(256, false), Stft.Padding.CONSTANT, Stft.Framing.TORCH,
                Stft.Spectrum.POWER), "sig_a.npy", "stft_a_256_256_100_constant_symmetric_pow.npy");
    }

    @Test
    void uncentredMagnitude() {
        check(Stft.torch(1024, 600, 256, Stft.Padding.NONE, Stft.Spectrum.MAGNITUDE), "sig_b.npy",
                "stft_b_1024_600_256_none_periodic_mag.npy");
    }

    @Test
    void frameCounts() {
        assertEquals(98, Stft.tensorflow(400, 160, 1024, Stft.Spectrum.MAGNITUDE).frames(16000));
        assertEquals(0, Stft.tensorflow(400, 160, 1024, Stft.Spectrum.MAGNITUDE).frames(399));
        assertEquals(938, Stft.torch(2048, 2048, 512, Stft.Padding.REFLECT, Stft.Spectrum.POWER).frames(480000));
    }

    @Test
    void anEmptySignalHasNoFramesWhateverThePadding() {
        Stft[] all = {
            Stft.torch(2048, 2048, 512, Stft.Padding.REFLECT, Stft.Spectrum.POWER),
            Stft.torch(512, 400, 160, Stft.Padding.CONSTANT, Stft.Spectrum.MAGNITUDE),
            Stft.torch(512, 400, 160, Stft.Padding.NONE, Stft.Spectrum.MAGNITUDE),
            Stft.tensorflow(400, 160, 1024, Stft.Spectrum.MAGNITUDE)
        };
        for (Stft stft : all) {
            assertEquals(0, stft.frames(0));
            assertEquals(0, stft.compute(new float[0]).length);
            assertEquals(0, stft.compute(new float[0], 2f).length);
        }
    }

    @Test
    void signalsShorterThanTheReflectPaddingFoldAsOftenAsNeeded() {
        Stft stft = Stft.torch(16, 16, 4, Stft.Padding.REFLECT, Stft.Spectrum.MAGNITUDE);
        for (int n = 1; n <= 4; n++) {
            float[] x = new float[n];
            for (int i = 0; i < n; i++) {
                x[i] = 0.25f * (i + 1);
            }
            float[] got = stft.compute(x);
            assertEquals(stft.frames(n) * stft.bins(), got.length);
            assertTrue(stft.frames(n) >= 1);
            for (float v : got) {
                assertTrue(Float.isFinite(v), "n = " + n);
            }
        }
    }

    @Test
    void windows() {
        float[] p = Window.hann(4, true);
        assertArrayEquals(new float[] {0f, 0.5f, 1f, 0.5f}, p, 1e-7f);
        float[] s = Window.hann(5, false);
        assertArrayEquals(new float[] {0f, 0.5f, 1f, 0.5f, 0f}, s, 1e-7f);
    }
}

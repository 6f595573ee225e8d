package io.github.cola4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cola4j.tensor.io.NpyArray;
import org.junit.jupiter.api.Test;

class MelFilterbankTest {

    private static double maxAbsDiff(MelFilterbank fb, String fixture) {
        NpyArray want = Fixtures.npy(fixture);
        assertArrayEquals(new long[] {fb.freqs(), fb.mels()}, want.shape(), fixture);
        float[] w = want.toFloats();
        float[] got = fb.weights();
        double max = 0;
        for (int i = 0; i < w.length; i++) {
            max = Math.max(max, Math.abs(got[i] - w[i]));
        }
        return max;
    }

    @Test
    void htkScaleMatchesTorchaudio() {
        assertEquals(0, maxAbsDiff(MelFilterbank.htk(257, 30, 7000, 40, 16000, false), "fb_htk.npy"), 1e-6);
        assertEquals(0, maxAbsDiff(MelFilterbank.htk(257, 0, 8000, 40, 16000, true), "fb_htk_norm.npy"), 1e-6);
    }

    @Test
    void slaneyScaleMatchesTorchaudio() {
        assertEquals(0, maxAbsDiff(MelFilterbank.slaney(1025, 0, 8000, 64, 16000, true), "fb_slaney.npy"), 1e-6);
        assertEquals(0, maxAbsDiff(MelFilterbank.slaney(513, 125, 7500, 64, 22050, false), "fb_slaney_nonorm.npy"),
                1e-6);
    }

    @Test
    void tensorflowMatrixMatchesTheFormula() {
        MelFilterbank fb = MelFilterbank.tensorflow(64, 513, 16000, 60, 7800);
        assertEquals(0, maxAbsDiff(fb, "fb_tf.npy"), 1e-6);
        float[] w = fb.weights();
        for (int m = 0; m < 64; m++) {
            assertEquals(0f, w[m], "DC weight of band " + m);
        }
    }

    @Test
    void melScalesInvertEachOther() {
        for (MelFilterbank.Scale s : MelFilterbank.Scale.values()) {
            for (double f : new double[] {0, 60, 700, 999, 1000, 1001, 4000, 22050}) {
                assertEquals(f, MelFilterbank.melToHz(MelFilterbank.hzToMel(f, s), s), 1e-9 * (1 + f));
            }
        }
        assertEquals(15.0, MelFilterbank.hzToMel(1000, MelFilterbank.Scale.SLANEY), 1e-12);
    }

    @Test
    void applyEqualsDenseProduct() {
        MelFilterbank fb = MelFilterbank.slaney(65, 0, 4000, 10, 8000, true);
        java.util.Random r = new java.util.Random(3);
        float[] spec = new float[3 * 65];
        for (int i = 0; i < spec.length; i++) {
            spec[i] = r.nextFloat();
        }
        float[] got = fb.apply(spec, 3);
        float[] w = fb.weights();
        for (int t = 0; t < 3; t++) {
            for (int m = 0; m < 10; m++) {
                double acc = 0;
                for (int k = 0; k < 65; k++) {
                    acc += spec[t * 65 + k] * w[k * 10 + m];
                }
                assertEquals(acc, got[t * 10 + m], 1e-5);
            }
        }
    }
}

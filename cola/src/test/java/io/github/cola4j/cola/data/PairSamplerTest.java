package io.github.cola4j.cola.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.Rng;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PairSamplerTest {
    static final int MELS = 64;

    /** Frame f of this clip holds the value f + bin / 100, so a frame identifies its position. */
    static float[] ramp(int frames) {
        float[] v = new float[frames * MELS];
        for (int f = 0; f < frames; f++) {
            for (int m = 0; m < MELS; m++) {
                v[f * MELS + m] = f + m / 100f;
            }
        }
        return v;
    }

    @Test
    void binShiftsMoveEveryFrameOfAViewByOneShiftRepeatingTheEdge() {
        PairSampler g = new PairSampler(new PairSampler.Config(10, MELS, 0, 0, 0.2, 1, 1, 3));
        float[] clip = new float[40 * MELS];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = i % MELS;
        }
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        Rng rng = new Rng(5);
        for (int k = 0; k < 50; k++) {
            PairSampler.Pair p = g.pair(clip, 40, rng);
            for (float[] view : List.of(p.anchor(), p.positive())) {
                // bin 32 holds 32 - s; every frame and every bin agree with that one shift
                int s = 32 - (int) view[32];
                assertTrue(Math.abs(s) <= 3, "shift " + s);
                seen.add(s);
                for (int t = 0; t < 10; t++) {
                    for (int b = 0; b < MELS; b++) {
                        assertEquals(Math.max(0, Math.min(MELS - 1, b - s)), view[t * MELS + b], 0,
                                "frame " + t + " bin " + b + " shift " + s);
                    }
                }
            }
        }
        assertEquals(7, seen.size(), "every shift in [-3, 3] is drawn: " + seen);
    }

    @Test
    void cropsAreContiguousFramesAndThePositiveIsNoisy() {
        PairSampler s = new PairSampler(PairSampler.Config.cola());
        float[] clip = ramp(300);
        Rng rng = new Rng(1);
        for (int t = 0; t < 20; t++) {
            PairSampler.Pair p = s.pair(clip, 300, rng);
            assertEquals(98 * MELS, p.anchor().length);
            int start = (int) p.anchor()[0];
            assertArrayEquals(Arrays.copyOfRange(clip, start * MELS, (start + 98) * MELS), p.anchor());
            int pStart = Math.round(p.positive()[0]);
            double maxDiff = 0;
            boolean noisy = false;
            for (int i = 0; i < p.positive().length; i++) {
                double d = p.positive()[i] - clip[pStart * MELS + i];
                maxDiff = Math.max(maxDiff, Math.abs(d));
                noisy |= d != 0;
            }
            assertTrue(noisy);
            assertTrue(maxDiff < 0.006, "noise " + maxDiff);
        }
    }

    @Test
    void sameSeedSamePairs() {
        PairSampler s = new PairSampler(PairSampler.Config.colaPytorch());
        float[] clip = ramp(500);
        PairSampler.Pair a = s.pair(clip, 500, new Rng(7));
        PairSampler.Pair b = s.pair(clip, 500, new Rng(7));
        PairSampler.Pair c = s.pair(clip, 500, new Rng(8));
        assertArrayEquals(a.anchor(), b.anchor());
        assertArrayEquals(a.positive(), b.positive());
        assertFalse(Arrays.equals(a.anchor(), c.anchor()));
    }

    @Test
    void shortClipsAreZeroPadded() {
        PairSampler s = new PairSampler(PairSampler.Config.cola().toBuilder().noiseStd(0).build());
        float[] clip = ramp(40);
        PairSampler.Pair p = s.pair(clip, 40, new Rng(3));
        assertArrayEquals(clip, Arrays.copyOf(p.anchor(), 40 * MELS));
        for (int i = 40 * MELS; i < 98 * MELS; i++) {
            assertEquals(0f, p.anchor()[i]);
        }
        assertArrayEquals(p.anchor(), p.positive());
    }

    @Test
    void maskingUsesTheClipMeanAndGainStaysInRange() {
        PairSampler.Config cfg = new PairSampler.Config(98, MELS, 0, 0.1, 0.2, 1, 1);
        PairSampler s = new PairSampler(cfg);
        float[] clip = ramp(200);
        double mean = 0;
        for (float v : clip) {
            mean += v;
        }
        float m = (float) (mean / clip.length);
        Rng rng = new Rng(5);
        int masked = 0;
        int frames = 0;
        for (int t = 0; t < 200; t++) {
            float[] a = s.pair(clip, 200, rng).anchor();
            for (int f = 0; f < 98; f++) {
                frames++;
                if (a[f * MELS] == m && a[f * MELS + 1] == m) {
                    masked++;
                } else {
                    assertEquals(a[f * MELS] + 0.01f, a[f * MELS + 1], 1e-4);
                }
            }
        }
        // stationary masked fraction of the two-state chain: p / (1 - q + p) = 0.1 / 0.9
        double frac = masked / (double) frames;
        assertTrue(frac > 0.09 && frac < 0.133, "masked fraction " + frac);

        PairSampler g = new PairSampler(new PairSampler.Config(98, MELS, 0, 0, 0.2, 0.9, 1.1));
        float[] ones = new float[120 * MELS];
        Arrays.fill(ones, 1f);
        double lo = 2;
        double hi = 0;
        for (int t = 0; t < 200; t++) {
            PairSampler.Pair p = g.pair(ones, 120, rng);
            float gain = p.anchor()[0];
            for (float v : p.anchor()) {
                assertEquals(gain, v);
            }
            lo = Math.min(lo, gain);
            hi = Math.max(hi, gain);
        }
        assertTrue(lo >= 0.9f && hi <= 1.1f && hi - lo > 0.15, lo + ".." + hi);
    }

    @Test
    void batchesHaveTheModelsShape() {
        PairSampler s = new PairSampler(PairSampler.Config.colaPytorch());
        PairSampler.Batch b = s.batch(List.of(ramp(150), ramp(60), ramp(100)), new Rng(2));
        assertArrayEquals(new int[] {3, 1, 100, 64}, b.anchors().shape());
        assertArrayEquals(new int[] {3, 1, 100, 64}, b.positives().shape());
        assertEquals(3, b.size());
    }
}

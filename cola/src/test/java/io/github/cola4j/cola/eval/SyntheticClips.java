package io.github.cola4j.cola.eval;

import io.github.cola4j.tensor.Rng;
import java.util.ArrayList;
import java.util.List;

/**
 * Tiny labelled sets whose classes differ in an obvious spectral pattern: class k raises a band of 16 mel bins
 * starting at bin 16k (plus a slow ripple along time) above Gaussian background noise.
 */
final class SyntheticClips {
    static final List<String> NAMES = List.of("low", "low-mid", "high-mid", "high");

    private SyntheticClips() {
    }

    static List<LabelledClip> make(int perClass, int classes, int minFrames, int maxFrames, long seed) {
        Rng rng = new Rng(seed);
        List<LabelledClip> out = new ArrayList<>();
        int m = LabelledClip.MEL_BINS;
        int band = m / classes;
        for (int i = 0; i < perClass; i++) {
            for (int k = 0; k < classes; k++) {
                int frames = minFrames + rng.nextInt(maxFrames - minFrames + 1);
                float[] mel = new float[frames * m];
                double phase = rng.nextDouble() * 6.28;
                for (int t = 0; t < frames; t++) {
                    double ripple = 0.5 + 0.5 * Math.sin(phase + t * 0.2);
                    for (int b = 0; b < m; b++) {
                        double v = rng.nextGaussian() * 0.5 - 1;
                        if (b >= k * band && b < (k + 1) * band) {
                            v += 1.0 + ripple;
                        }
                        mel[t * m + b] = (float) v;
                    }
                }
                out.add(new LabelledClip("c" + k + "_" + i, mel, frames, k));
            }
        }
        return out;
    }
}

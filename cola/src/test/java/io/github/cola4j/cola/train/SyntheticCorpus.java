package io.github.cola4j.cola.train;

import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Small "log-mel" clips with a pattern of their own: a ripple across the mel bins at a clip-specific frequency
 * and phase (the same in every frame, so any crop shows it), a slow clip-specific modulation in time and noise.
 */
final class SyntheticCorpus {
    private SyntheticCorpus() {
    }

    static float[] clip(int c, int frames, int mels, long seed) {
        Rng rng = new Rng(seed * 1000 + c);
        double freq = 1 + c % 16;
        double phase = rng.nextDouble() * 2 * Math.PI;
        double level = (c / 16) * 0.8 - 0.4;
        double period = 10 + rng.nextInt(30);
        float[] v = new float[frames * mels];
        for (int f = 0; f < frames; f++) {
            double t = 0.3 * Math.sin(2 * Math.PI * f / period);
            for (int m = 0; m < mels; m++) {
                v[f * mels + m] = (float) (Math.sin(2 * Math.PI * freq * m / mels + phase) + level + t
                        + 0.2 * rng.nextGaussian());
            }
        }
        return v;
    }

    /** Writes {@code n} clips as {@code <dir>/<id / 1000>/<id>.npy} with 6-digit ids. */
    static void write(Path dir, int n, int frames, int mels, long seed) throws IOException {
        for (int c = 0; c < n; c++) {
            String id = String.format("%06d", c + 2);
            Path f = dir.resolve(id.substring(0, 3)).resolve(id + ".npy");
            Files.createDirectories(f.getParent());
            Npy.write(f, clip(c, frames, mels, seed), frames, mels);
        }
    }
}

package io.github.cola4j.cola.data;

import io.github.cola4j.tensor.Rng;

/**
 * Training-time augmentation of a crop, as the seed's fine-tuning used it: frame masking, then a random gain.
 *
 * <p>Masking walks the frames in order as a two-state chain: a frame is masked with probability
 * {@code maskProbability} when the previous frame was kept, and with probability {@code continueProbability} when
 * it was masked (so masks come in short runs). A masked frame's 64 values are all replaced by the mean of the whole
 * crop. The gain multiplies every value by one factor drawn uniformly from {@code [gainMin, gainMax)}: the upper
 * end is excluded (the factor is {@code gainMin} itself when the two are equal).
 *
 * @param maskProbability chance that a mask run starts at a frame (0.1 in the seed; 0 switches masking off)
 * @param continueProbability chance that a run goes on to the next frame (0.2 in the seed)
 * @param gainMin lowest gain, included in the range (0.9 in the seed)
 * @param gainMax upper end of the gain range, excluded unless equal to gainMin (1.1 in the seed; equal to
 *     gainMin = 1 switches the gain off)
 */
public record Augmentation(double maskProbability, double continueProbability, double gainMin, double gainMax) {

    /**
     * Checks the settings; throws IllegalArgumentException for a probability outside [0, 1] or a gain range that
     * is not 0 &lt; gainMin &lt;= gainMax.
     *
     * @param maskProbability chance that a mask run starts at a frame, in [0, 1]
     * @param continueProbability chance that a run goes on to the next frame, in [0, 1]
     * @param gainMin lowest gain, above 0
     * @param gainMax upper end of the gain range, at least {@code gainMin}
     * @throws IllegalArgumentException if a value is outside the ranges above (NaN included)
     */
    public Augmentation {
        if (!(maskProbability >= 0 && maskProbability <= 1) || !(continueProbability >= 0 && continueProbability <= 1)
                || !(gainMin > 0 && gainMax >= gainMin)) {
            throw new IllegalArgumentException("bad augmentation: mask " + maskProbability + ", continue "
                    + continueProbability + ", gain [" + gainMin + ", " + gainMax + "]");
        }
    }

    /**
     * The seed's settings: masking 0.1 / 0.2, gain 0.9 to 1.1.
     *
     * @return a new active augmentation with those settings
     */
    public static Augmentation seed() {
        return new Augmentation(0.1, 0.2, 0.9, 1.1);
    }

    /**
     * No change at all.
     *
     * @return an augmentation with masking off and a gain of exactly 1, for which {@link #isActive()} is false
     */
    public static Augmentation none() {
        return new Augmentation(0, 0, 1, 1);
    }

    /**
     * True when {@link #apply} can change a crop.
     *
     * @return true when masking is on or the gain range is not exactly [1, 1]
     */
    public boolean isActive() {
        return maskProbability > 0 || gainMin != 1 || gainMax != 1;
    }

    /**
     * Augments {@code crop} ([frames, 64] row-major) in place; masked frames take the crop's mean.
     *
     * @param crop log-mel values of 64 bins per frame; a trailing partial frame is left untouched
     * @param rng source of the mask and gain draws (advanced by one draw per frame when masking, one for the gain)
     */
    public void apply(float[] crop, Rng rng) {
        int m = 64; // mel bins of both presets
        float mean = 0;
        if (maskProbability > 0) {
            double sum = 0;
            for (float v : crop) {
                sum += v;
            }
            mean = (float) (sum / crop.length);
        }
        apply(crop, 0, crop.length / m, m, mean, rng);
    }

    /**
     * Augments {@code frames} frames of {@code mels} bins stored from {@code off}, in place: frame masking (a
     * masked frame is filled with {@code fill}; a frame is masked with probability {@code maskProbability}, or
     * {@code continueProbability} right after a masked frame), then one random gain from {@code [gainMin,
     * gainMax)} multiplies the whole crop.
     *
     * @param x the array holding the crop; only {@code frames * mels} values from {@code off} change
     * @param off index in {@code x} of the crop's first value
     * @param frames number of frames in the crop
     * @param mels values per frame
     * @param fill the value written over a masked frame (usually the clip's mean)
     * @param rng source of the mask and gain draws
     */
    public void apply(float[] x, int off, int frames, int mels, float fill, Rng rng) {
        if (maskProbability > 0) {
            boolean masked = false;
            for (int t = 0; t < frames; t++) {
                masked = rng.nextDouble() < (masked ? continueProbability : maskProbability);
                if (masked) {
                    java.util.Arrays.fill(x, off + t * mels, off + (t + 1) * mels, fill);
                }
            }
        }
        if (gainMin != 1 || gainMax != 1) {
            float gain = (float) (gainMin + (gainMax - gainMin) * rng.nextDouble());
            for (int i = 0; i < frames * mels; i++) {
                x[off + i] *= gain;
            }
        }
    }
}

package io.github.cola4j.cola.data;

import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import java.util.List;

/**
 * Makes COLA's anchor/positive pairs from log-mel clips stored as {@code float[frames * mels]} (row-major
 * [frames, mels]).
 *
 * <p>For one clip: two independent uniformly placed crops of {@code cropFrames} frames (they may overlap; a clip
 * shorter than a crop is zero-padded at the end and both crops are the whole clip). Each crop then optionally gets
 * frame masking and a random gain, drawn independently for the two views; finally the positive gets
 * {@code noiseStd * N(0, 1)} added to every value.
 *
 * <ul>
 *   <li>Frame masking: walking the crop's frames in order, a frame is replaced by the mean of the whole clip (one
 *   number, over all frames and bins) with probability {@code maskProb} when the previous frame was kept, and with
 *   probability {@code maskContinueProb} when the previous frame was masked (so masked runs have a mean length of
 *   {@code 1 / (1 - maskContinueProb)} frames). Zero padding is masked like any other frame.</li>
 *   <li>Bin shift (off unless {@code maxBinShift} is above 0): each view's bins move up or down by a whole number
 *   of bins drawn uniformly from [-maxBinShift, maxBinShift], the edge bin repeated into the space left: the
 *   log-mel analogue of a pitch and formant shift, so that the two views of a clip do not share the exact spectral
 *   position that identifies a voice or an instrument.</li>
 *   <li>Gain: every value of the crop is multiplied by one factor drawn uniformly from
 *   [{@code gainMin}, {@code gainMax}). This is how the PyTorch re-implementation applies it to its
 *   (dB + 40) / 40 features; it scales the feature values rather than the audio, which would be an additive
 *   offset in the log domain.</li>
 * </ul>
 *
 * <p>Everything random comes from the {@link Rng} passed in, in a fixed order, so the same generator state gives
 * the same pairs. Instances are immutable and may be shared between threads (each thread with its own Rng).
 */
public final class PairSampler {

    /**
     * The sampling parameters; {@link #toBuilder()} changes some of them, starting for example from
     * {@link #colaPytorch()}.
     *
     * @param cropFrames frames per crop (98 for the {@code cola} front end, 100 for {@code cola-pytorch})
     * @param mels mel bins per frame (64)
     * @param noiseStd standard deviation of the Gaussian noise added to the positive (0.001)
     * @param maskProb probability that a frame starts a masked run (0.1; 0 turns masking off)
     * @param maskContinueProb probability that a masked run continues to the next frame (0.2)
     * @param gainMin lower bound of the random gain (0.9; equal bounds of 1 turn the gain off)
     * @param gainMax upper bound of the random gain (1.1)
     * @param maxBinShift each view's bins shift by up to this many bins (0: off, as in the paper and the seed)
     */
    public record Config(int cropFrames, int mels, double noiseStd, double maskProb, double maskContinueProb,
            double gainMin, double gainMax, int maxBinShift) {

        /**
         * Checks the settings; throws IllegalArgumentException for sizes below 1, negative noise, a probability
         * out of range or a gain range that is not 0 &lt; gainMin &lt;= gainMax.
         *
         * @param cropFrames frames per crop, at least 1
         * @param mels mel bins per frame, at least 1
         * @param noiseStd standard deviation of the noise added to the positive, 0 or more
         * @param maskProb probability that a frame starts a masked run, in [0, 1]
         * @param maskContinueProb probability that a masked run continues, in [0, 1) (1 would mask to the end)
         * @param gainMin lower bound of the random gain, above 0
         * @param gainMax upper bound of the random gain, at least {@code gainMin}
         * @param maxBinShift largest bin shift of a view, 0 or more and below {@code mels}
         * @throws IllegalArgumentException if a value is outside the ranges above (NaN included)
         */
        public Config {
            if (cropFrames < 1 || mels < 1 || !(noiseStd >= 0) || !(maskProb >= 0 && maskProb <= 1)
                    || !(maskContinueProb >= 0 && maskContinueProb < 1) || !(gainMin > 0 && gainMax >= gainMin)
                    || maxBinShift < 0 || maxBinShift >= mels) {
                throw new IllegalArgumentException("bad pair sampler config: " + cropFrames + " frames, " + mels
                        + " mels, noise " + noiseStd + ", mask " + maskProb + "/" + maskContinueProb + ", gain "
                        + gainMin + ".." + gainMax + ", bin shift " + maxBinShift);
            }
        }

        /**
         * Settings without bin shifts.
         *
         * @param cropFrames frames per crop, at least 1
         * @param mels mel bins per frame, at least 1
         * @param noiseStd standard deviation of the noise added to the positive, 0 or more
         * @param maskProb probability that a frame starts a masked run, in [0, 1]
         * @param maskContinueProb probability that a masked run continues, in [0, 1)
         * @param gainMin lower bound of the random gain, above 0
         * @param gainMax upper bound of the random gain, at least {@code gainMin}
         * @throws IllegalArgumentException if a value is outside its range
         */
        public Config(int cropFrames, int mels, double noiseStd, double maskProb, double maskContinueProb,
                double gainMin, double gainMax) {
            this(cropFrames, mels, noiseStd, maskProb, maskContinueProb, gainMin, gainMax, 0);
        }

        /**
         * The official COLA setting: 98-frame crops of 64 bins, noise 0.001, no masking, no gain.
         *
         * @return the settings for the {@code cola} front end
         */
        public static Config cola() {
            return new Config(98, 64, 0.001, 0, 0.2, 1, 1);
        }

        /**
         * The PyTorch re-implementation: 100-frame crops, noise 0.001, masking 0.1 / 0.2 and gain 0.9..1.1.
         *
         * @return the settings for the {@code cola-pytorch} front end
         */
        public static Config colaPytorch() {
            return new Config(100, 64, 0.001, 0.1, 0.2, 0.9, 1.1);
        }

        /**
         * A builder starting from these settings.
         *
         * @return a builder holding every setting of this config
         */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /**
         * Collects settings one by one; {@link #build()} checks them all at once, with the messages of the record's
         * constructor.
         */
        public static final class Builder {
            private int cropFrames;
            private int mels;
            private double noiseStd;
            private double maskProb;
            private double maskContinueProb;
            private double gainMin;
            private double gainMax;
            private int maxBinShift;

            private Builder(Config r) {
                this.cropFrames = r.cropFrames;
                this.mels = r.mels;
                this.noiseStd = r.noiseStd;
                this.maskProb = r.maskProb;
                this.maskContinueProb = r.maskContinueProb;
                this.gainMin = r.gainMin;
                this.gainMax = r.gainMax;
                this.maxBinShift = r.maxBinShift;
            }

            /**
             * Sets the largest bin shift of a view.
             *
             * @param bins 0 (off) or more, below the number of mel bins
             * @return this builder
             */
            public Builder maxBinShift(int bins) {
                this.maxBinShift = bins;
                return this;
            }

            /**
             * Sets the frames per crop.
             *
             * @param cropFrames at least 1
             * @return this builder
             */
            public Builder cropFrames(int cropFrames) {
                this.cropFrames = cropFrames;
                return this;
            }

            /**
             * Sets the mel bins per frame.
             *
             * @param mels at least 1
             * @return this builder
             */
            public Builder mels(int mels) {
                this.mels = mels;
                return this;
            }

            /**
             * Sets the standard deviation of the Gaussian noise added to the positive.
             *
             * @param noiseStd 0 or more (0: no noise)
             * @return this builder
             */
            public Builder noiseStd(double noiseStd) {
                this.noiseStd = noiseStd;
                return this;
            }

            /**
             * Sets the probability that a frame starts a masked run.
             *
             * @param maskProb in [0, 1] (0: no masking)
             * @return this builder
             */
            public Builder maskProb(double maskProb) {
                this.maskProb = maskProb;
                return this;
            }

            /**
             * Sets the probability that a masked run continues to the next frame.
             *
             * @param maskContinueProb in [0, 1)
             * @return this builder
             */
            public Builder maskContinueProb(double maskContinueProb) {
                this.maskContinueProb = maskContinueProb;
                return this;
            }

            /**
             * Sets the lower bound of the random gain.
             *
             * @param gainMin above 0, at most {@code gainMax}
             * @return this builder
             */
            public Builder gainMin(double gainMin) {
                this.gainMin = gainMin;
                return this;
            }

            /**
             * Sets the upper bound of the random gain.
             *
             * @param gainMax at least {@code gainMin}
             * @return this builder
             */
            public Builder gainMax(double gainMax) {
                this.gainMax = gainMax;
                return this;
            }


            /**
             * Turns frame masking on (runs start with probability 0.1, as in the PyTorch re-implementation) or off;
             * the continue probability is kept as it is.
             *
             * @param on true for a start probability of 0.1, false for 0 (no masking)
             * @return this builder
             */
            public Builder masking(boolean on) {
                this.maskProb = on ? 0.1 : 0;
                return this;
            }

            /**
             * Turns the random gain on (drawn from 0.9 to 1.1, as in the PyTorch re-implementation) or off.
             *
             * @param on true for a gain range of 0.9..1.1, false for a fixed gain of 1
             * @return this builder
             */
            public Builder gain(boolean on) {
                this.gainMin = on ? 0.9 : 1;
                this.gainMax = on ? 1.1 : 1;
                return this;
            }
            /**
             * The settings collected so far.
             *
             * @return a new config
             * @throws IllegalArgumentException if a value is out of range (NaN included)
             */
            public Config build() {
                return new Config(cropFrames, mels, noiseStd, maskProb, maskContinueProb, gainMin, gainMax,
                        maxBinShift);
            }
        }

        boolean masking() {
            return maskProb > 0;
        }

        boolean gain() {
            return gainMin != 1 || gainMax != 1;
        }
    }

    /**
     * One anchor and its positive, each {@code float[cropFrames * mels]}.
     *
     * @param anchor the first crop, augmented, row-major [cropFrames, mels]
     * @param positive the second crop of the same clip, augmented and with noise added, same layout
     */
    public record Pair(float[] anchor, float[] positive) {
    }

    /**
     * A batch: anchors and positives as tensors [B, 1, cropFrames, mels]; row i of each comes from clip i.
     *
     * @param anchors the anchor crops [B, 1, cropFrames, mels]
     * @param positives the positive crops, same shape; positive i pairs with anchor i
     */
    public record Batch(Tensor anchors, Tensor positives) {
        /**
         * Number of pairs in the batch (B).
         *
         * @return the first dimension of {@link #anchors()}
         */
        public int size() {
            return anchors.dim(0);
        }
    }

    private final Config config;

    /**
     * A sampler with the given settings.
     *
     * @param config crop length, augmentation and noise settings
     */
    public PairSampler(Config config) {
        this.config = config;
    }

    /**
     * The settings.
     *
     * @return the configuration given to the constructor
     */
    public Config config() {
        return config;
    }

    /**
     * A pair from a clip of {@code frames} frames ({@code clip.length == frames * mels}).
     *
     * @param clip the clip's log-mel values, row-major [frames, mels]; not modified
     * @param frames the clip's length in frames, at least 1
     * @param rng source of the crop positions, augmentation and noise
     * @return two new crops of {@code cropFrames * mels} values each
     * @throws IllegalArgumentException if {@code frames} is below 1 or does not match {@code clip.length}
     */
    public Pair pair(float[] clip, int frames, Rng rng) {
        int n = config.cropFrames() * config.mels();
        float[] a = new float[n];
        float[] p = new float[n];
        pairInto(clip, frames, rng, a, 0, p, 0);
        return new Pair(a, p);
    }

    /**
     * A batch from clips given as arrays of {@code frames * mels} values; clip i's frame count is
     * {@code clip.length / mels}.
     *
     * @param clips the clips of the batch, each row-major [frames, mels] with at least one frame; not modified
     * @param rng source of the crop positions, augmentation and noise, used clip after clip
     * @return anchors and positives [clips.size(), 1, cropFrames, mels]
     * @throws IllegalArgumentException if a clip is empty or its length is not a multiple of {@code mels}
     */
    public Batch batch(List<float[]> clips, Rng rng) {
        int b = clips.size();
        int n = config.cropFrames() * config.mels();
        float[] a = new float[b * n];
        float[] p = new float[b * n];
        for (int i = 0; i < b; i++) {
            float[] c = clips.get(i);
            pairInto(c, c.length / config.mels(), rng, a, i * n, p, i * n);
        }
        return new Batch(Tensor.of(a, b, 1, config.cropFrames(), config.mels()),
                Tensor.of(p, b, 1, config.cropFrames(), config.mels()));
    }

    private void pairInto(float[] clip, int frames, Rng rng, float[] a, int aOff, float[] p, int pOff) {
        int mels = config.mels();
        if (frames < 1 || clip.length != frames * mels) {
            throw new IllegalArgumentException("a clip of " + frames + " frames x " + mels + " bins needs "
                    + (long) frames * mels + " values, got " + clip.length);
        }
        float mean = config.masking() ? mean(clip) : 0f;
        crop(clip, frames, rng, a, aOff);
        crop(clip, frames, rng, p, pOff);
        if (config.maxBinShift() > 0) {
            shiftBins(a, aOff, rng);
            shiftBins(p, pOff, rng);
        }
        augment(a, aOff, mean, rng);
        augment(p, pOff, mean, rng);
        if (config.noiseStd() > 0) {
            int n = config.cropFrames() * mels;
            for (int i = 0; i < n; i++) {
                p[pOff + i] += (float) (config.noiseStd() * rng.nextGaussian());
            }
        }
    }

    /** A random crop of {@code cropFrames} frames written at {@code off}; zero-padded when the clip is shorter. */
    void crop(float[] clip, int frames, Rng rng, float[] out, int off) {
        int mels = config.mels();
        int crop = config.cropFrames();
        if (frames <= crop) {
            System.arraycopy(clip, 0, out, off, frames * mels);
            java.util.Arrays.fill(out, off + frames * mels, off + crop * mels, 0f);
        } else {
            int start = rng.nextInt(frames - crop + 1);
            System.arraycopy(clip, start * mels, out, off, crop * mels);
        }
    }

    /** Moves every frame's bins by one random shift, repeating the edge bin into the space left. */
    void shiftBins(float[] x, int off, Rng rng) {
        int s = rng.nextInt(2 * config.maxBinShift() + 1) - config.maxBinShift();
        if (s == 0) {
            return;
        }
        int mels = config.mels();
        float[] row = new float[mels];
        for (int t = 0; t < config.cropFrames(); t++) {
            int o = off + t * mels;
            System.arraycopy(x, o, row, 0, mels);
            for (int b = 0; b < mels; b++) {
                x[o + b] = row[Math.max(0, Math.min(mels - 1, b - s))];
            }
        }
    }

    private void augment(float[] x, int off, float mean, Rng rng) {
        new Augmentation(config.maskProb(), config.maskContinueProb(), config.gainMin(), config.gainMax())
                .apply(x, off, config.cropFrames(), config.mels(), mean, rng);
    }

    private static float mean(float[] clip) {
        double s = 0;
        for (float v : clip) {
            s += v;
        }
        return (float) (s / clip.length);
    }
}

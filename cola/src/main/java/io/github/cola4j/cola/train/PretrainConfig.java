package io.github.cola4j.cola.train;

import io.github.cola4j.audio.LogMelPreset;
import java.nio.file.Path;

/**
 * Settings of a COLA pre-training run. {@link #builder(Path)} starts from the defaults, {@link #toBuilder()} from
 * another config; the constructor checks every setting.
 *
 * @param batchSize pairs per step (B; the other B - 1 clips are each anchor's distractors)
 * @param epochs number of epochs
 * @param stepsPerEpoch optimiser steps per epoch
 * @param learningRate Adam's learning rate in epoch 0 (1e-4 in the PyTorch re-implementation, 1e-3 officially)
 * @param lrDecay the learning rate is multiplied by this after every epoch (0.99; 1 keeps it constant)
 * @param gradClipNorm global gradient-norm limit, or 0 for no clipping
 * @param validationBatches batches of validation pairs scored after every epoch (0: no validation, and the best
 *     model is the last)
 * @param checkpointEvery a checkpoint every this many steps (0: only at the end of each epoch and of the run)
 * @param logEvery a progress line every this many steps
 * @param seed seed of the batch order, crops and augmentations (model initialisation uses
 *     {@link io.github.cola4j.nn.Randomness})
 * @param prefetch batches the loader keeps ready
 * @param outputDir where checkpoints and the best encoder and model go
 * @param frontEnd the log-mel preset of the training clips, recorded in the encoder files so that they describe
 *     their input ({@link io.github.cola4j.cola.EncoderDescription})
 * @param warmupSteps the learning rate rises linearly over the first this many steps (0: none)
 * @param cosineDecay true: after the warm-up the learning rate falls along a half cosine to 0 at the last step
 *     ({@code lrDecay} unused); false: it is multiplied by {@code lrDecay} after every epoch
 */
public record PretrainConfig(int batchSize, int epochs, int stepsPerEpoch, double learningRate, double lrDecay,
        double gradClipNorm, int validationBatches, int checkpointEvery, int logEvery, long seed, int prefetch,
        Path outputDir, LogMelPreset frontEnd, long warmupSteps, boolean cosineDecay) {

    /**
     * Checks the settings; throws IllegalArgumentException for a batch below 2, counts or rates out of range, or a
     * null output directory.
     *
     * @param batchSize pairs per step, at least 2
     * @param epochs number of epochs, at least 1
     * @param stepsPerEpoch optimiser steps per epoch, at least 1
     * @param learningRate Adam's learning rate in epoch 0, above 0
     * @param lrDecay per-epoch learning-rate factor, above 0
     * @param gradClipNorm global gradient-norm limit, 0 or more (0: no clipping)
     * @param validationBatches validation batches per epoch, 0 or more
     * @param checkpointEvery checkpoint interval in steps, 0 or more
     * @param logEvery progress-line interval in steps, at least 1
     * @param seed seed of the batch order, crops and augmentations
     * @param prefetch batches the loader keeps ready, at least 1
     * @param outputDir where the run's files go, not null
     * @param frontEnd the log-mel preset of the training clips, not null
     * @param warmupSteps steps of linear warm-up, 0 or more
     * @param cosineDecay cosine decay to 0 over the run instead of the per-epoch factor
     * @throws IllegalArgumentException if a value is outside the ranges above (NaN included) or null; the message
     *     names the first such parameter and its value
     */
    public PretrainConfig {
        // the fields are not assigned yet here, so the messages use the parameters
        require(batchSize >= 2, "batchSize", batchSize, "at least 2");
        require(epochs >= 1, "epochs", epochs, "at least 1");
        require(stepsPerEpoch >= 1, "stepsPerEpoch", stepsPerEpoch, "at least 1");
        require(learningRate > 0, "learningRate", learningRate, "above 0");
        require(lrDecay > 0, "lrDecay", lrDecay, "above 0");
        require(gradClipNorm >= 0, "gradClipNorm", gradClipNorm, "0 or more");
        require(validationBatches >= 0, "validationBatches", validationBatches, "0 or more");
        require(checkpointEvery >= 0, "checkpointEvery", checkpointEvery, "0 or more");
        require(logEvery >= 1, "logEvery", logEvery, "at least 1");
        require(prefetch >= 1, "prefetch", prefetch, "at least 1");
        require(outputDir != null, "outputDir", outputDir, "given");
        require(frontEnd != null, "frontEnd", frontEnd, "given");
        require(warmupSteps >= 0, "warmupSteps", warmupSteps, "0 or more");
    }

    private static void require(boolean ok, String name, Object value, String range) {
        if (!ok) {
            throw new IllegalArgumentException("bad pre-training config: " + name + " is " + value + ", must be "
                    + range);
        }
    }

    /**
     * The PyTorch re-implementation's schedule: batch 128, 100 epochs of 1000 steps, Adam 1e-4 decayed by 0.99 per
     * epoch, no clipping, 10 validation batches, a checkpoint every 1000 steps, a line every 50 steps.
     *
     * @param outputDir where checkpoints and the best encoder and model go, not null
     * @return those settings with seed 42 and 2 prefetched batches
     * @throws IllegalArgumentException if {@code outputDir} is null
     */
    public static PretrainConfig defaults(Path outputDir) {
        return builder(outputDir).build();
    }

    /**
     * The learning rate of a step: the warm-up ramp, then the per-epoch factor or the cosine.
     *
     * @param step the global step, from 0
     * @return the learning rate Adam uses for that step
     */
    public double learningRateAt(long step) {
        double lr;
        if (cosineDecay) {
            long span = Math.max(1, totalSteps() - warmupSteps);
            double progress = Math.min(1, Math.max(0, (double) (step - warmupSteps) / span));
            lr = learningRate * 0.5 * (1 + Math.cos(Math.PI * progress));
        } else {
            lr = learningRate * Math.pow(lrDecay, step / stepsPerEpoch);
        }
        return step < warmupSteps ? lr * (step + 1) / warmupSteps : lr;
    }

    /**
     * Optimiser steps of the whole run, epochs x stepsPerEpoch.
     *
     * @return the global step after the run's last step
     */
    public long totalSteps() {
        return (long) epochs * stepsPerEpoch;
    }

    /**
     * A builder starting from {@link #defaults(Path)}'s settings.
     *
     * @param outputDir where checkpoints and the best encoder and model go; checked by {@link Builder#build()}
     * @return a builder holding the default settings and {@code outputDir}
     */
    public static Builder builder(Path outputDir) {
        // the one place the defaults are written down
        return new Builder(128, 100, 1000, 1e-4, 0.99, 0, 10, 1000, 50, 42, 2, outputDir,
                LogMelPreset.COLA_PYTORCH, 0, false);
    }

    /**
     * A builder starting from these settings.
     *
     * @return a builder holding every setting of this config
     */
    public Builder toBuilder() {
        return new Builder(batchSize, epochs, stepsPerEpoch, learningRate, lrDecay, gradClipNorm, validationBatches,
                checkpointEvery, logEvery, seed, prefetch, outputDir, frontEnd, warmupSteps, cosineDecay);
    }

    /**
     * Collects settings one by one; {@link #build()} checks them all at once, with the messages of the record's
     * constructor.
     */
    public static final class Builder {
        private int batchSize;
        private int epochs;
        private int stepsPerEpoch;
        private double learningRate;
        private double lrDecay;
        private double gradClipNorm;
        private int validationBatches;
        private int checkpointEvery;
        private int logEvery;
        private long seed;
        private int prefetch;
        private Path outputDir;
        private LogMelPreset frontEnd;
        private long warmupSteps;
        private boolean cosineDecay;

        private Builder(int batchSize, int epochs, int stepsPerEpoch, double learningRate, double lrDecay,
                double gradClipNorm, int validationBatches, int checkpointEvery, int logEvery, long seed,
                int prefetch, Path outputDir, LogMelPreset frontEnd, long warmupSteps, boolean cosineDecay) {
            this.batchSize = batchSize;
            this.epochs = epochs;
            this.stepsPerEpoch = stepsPerEpoch;
            this.learningRate = learningRate;
            this.lrDecay = lrDecay;
            this.gradClipNorm = gradClipNorm;
            this.validationBatches = validationBatches;
            this.checkpointEvery = checkpointEvery;
            this.logEvery = logEvery;
            this.seed = seed;
            this.prefetch = prefetch;
            this.outputDir = outputDir;
            this.frontEnd = frontEnd;
            this.warmupSteps = warmupSteps;
            this.cosineDecay = cosineDecay;
        }

        /**
         * Sets the pairs per step.
         *
         * @param b pairs per step, at least 2
         * @return this builder
         */
        public Builder batchSize(int b) {
            this.batchSize = b;
            return this;
        }

        /**
         * Sets the number of epochs.
         *
         * @param n number of epochs, at least 1
         * @return this builder
         */
        public Builder epochs(int n) {
            this.epochs = n;
            return this;
        }

        /**
         * Sets the optimiser steps per epoch.
         *
         * @param steps steps per epoch, at least 1
         * @return this builder
         */
        public Builder stepsPerEpoch(int steps) {
            this.stepsPerEpoch = steps;
            return this;
        }

        /**
         * Sets Adam's learning rate in the first epoch.
         *
         * @param lr the initial learning rate, above 0
         * @return this builder
         */
        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        /**
         * Sets the factor the learning rate is multiplied by after every epoch.
         *
         * @param decay per-epoch factor, above 0 (1 keeps the rate constant)
         * @return this builder
         */
        public Builder lrDecay(double decay) {
            this.lrDecay = decay;
            return this;
        }

        /**
         * Sets the global gradient-norm limit.
         *
         * @param norm the limit, 0 or more (0: no clipping)
         * @return this builder
         */
        public Builder gradClipNorm(double norm) {
            this.gradClipNorm = norm;
            return this;
        }

        /**
         * Sets the validation batches scored after every epoch.
         *
         * @param n validation batches per epoch, 0 or more (0: no validation)
         * @return this builder
         */
        public Builder validationBatches(int n) {
            this.validationBatches = n;
            return this;
        }

        /**
         * Sets the checkpoint interval.
         *
         * @param steps a checkpoint every this many steps, 0 or more (0: only at epoch ends and the run's end)
         * @return this builder
         */
        public Builder checkpointEvery(int steps) {
            this.checkpointEvery = steps;
            return this;
        }

        /**
         * Sets the progress-line interval.
         *
         * @param steps a progress line every this many steps, at least 1
         * @return this builder
         */
        public Builder logEvery(int steps) {
            this.logEvery = steps;
            return this;
        }

        /**
         * Sets the seed of the batch order, crops and augmentations.
         *
         * @param s the seed
         * @return this builder
         */
        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        /**
         * Sets the batches the loader keeps ready.
         *
         * @param n prefetched batches, at least 1
         * @return this builder
         */
        public Builder prefetch(int n) {
            this.prefetch = n;
            return this;
        }

        /**
         * Sets where the run's files go.
         *
         * @param dir the output directory, not null
         * @return this builder
         */
        public Builder outputDir(Path dir) {
            this.outputDir = dir;
            return this;
        }

        /**
         * Sets the log-mel preset of the training clips (recorded in the encoder files).
         *
         * @param preset the front-end that computed the clips, not null
         * @return this builder
         */
        public Builder frontEnd(LogMelPreset preset) {
            this.frontEnd = preset;
            return this;
        }

        /**
         * Sets the steps of linear learning-rate warm-up.
         *
         * @param steps 0 or more (0: none)
         * @return this builder
         */
        public Builder warmupSteps(long steps) {
            this.warmupSteps = steps;
            return this;
        }

        /**
         * Chooses a cosine decay to 0 over the run instead of the per-epoch factor.
         *
         * @param cosine true for the cosine
         * @return this builder
         */
        public Builder cosineDecay(boolean cosine) {
            this.cosineDecay = cosine;
            return this;
        }

        /**
         * The settings collected so far.
         *
         * @return a new config
         * @throws IllegalArgumentException if a setting is out of range or null; the message names the first such
         *     setting and its value, as the record's constructor does
         */
        public PretrainConfig build() {
            return new PretrainConfig(batchSize, epochs, stepsPerEpoch, learningRate, lrDecay, gradClipNorm,
                    validationBatches, checkpointEvery, logEvery, seed, prefetch, outputDir, frontEnd, warmupSteps,
                    cosineDecay);
        }
    }
}

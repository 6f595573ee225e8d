package io.github.cola4j.cola.train;

import java.nio.file.Path;

/**
 * Settings of a COLA pre-training run.
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
 */
public record PretrainConfig(int batchSize, int epochs, int stepsPerEpoch, double learningRate, double lrDecay,
        double gradClipNorm, int validationBatches, int checkpointEvery, int logEvery, long seed, int prefetch,
        Path outputDir) {

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
        return new PretrainConfig(128, 100, 1000, 1e-4, 0.99, 0, 10, 1000, 50, 42, 2, outputDir);
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
     * These settings with another batch size.
     *
     * @param b pairs per step, at least 2
     * @return a copy with only that setting changed
     * @throws IllegalArgumentException if {@code b} is below 2
     */
    public PretrainConfig withBatchSize(int b) {
        return new PretrainConfig(b, epochs, stepsPerEpoch, learningRate, lrDecay, gradClipNorm, validationBatches,
                checkpointEvery, logEvery, seed, prefetch, outputDir);
    }

    /**
     * These settings with another number of epochs of {@code steps} steps each.
     *
     * @param n number of epochs, at least 1
     * @param steps optimiser steps per epoch, at least 1
     * @return a copy with the run's length changed
     * @throws IllegalArgumentException if {@code n} or {@code steps} is below 1
     */
    public PretrainConfig withEpochs(int n, int steps) {
        return new PretrainConfig(batchSize, n, steps, learningRate, lrDecay, gradClipNorm, validationBatches,
                checkpointEvery, logEvery, seed, prefetch, outputDir);
    }

    /**
     * These settings with another learning rate and per-epoch decay factor.
     *
     * @param lr Adam's learning rate in epoch 0, above 0
     * @param decay factor applied after every epoch, above 0 (1 keeps the rate constant)
     * @return a copy with the schedule changed
     * @throws IllegalArgumentException if {@code lr} or {@code decay} is not above 0
     */
    public PretrainConfig withLearningRate(double lr, double decay) {
        return new PretrainConfig(batchSize, epochs, stepsPerEpoch, lr, decay, gradClipNorm, validationBatches,
                checkpointEvery, logEvery, seed, prefetch, outputDir);
    }

    /**
     * These settings with another gradient-clipping norm (0 for none).
     *
     * @param norm global gradient-norm limit, 0 or more
     * @return a copy with only that setting changed
     * @throws IllegalArgumentException if {@code norm} is negative or NaN
     */
    public PretrainConfig withGradClipNorm(double norm) {
        return new PretrainConfig(batchSize, epochs, stepsPerEpoch, learningRate, lrDecay, norm, validationBatches,
                checkpointEvery, logEvery, seed, prefetch, outputDir);
    }

    /**
     * These settings with another number of validation batches per epoch.
     *
     * @param n validation batches per epoch, 0 or more (0: no validation)
     * @return a copy with only that setting changed
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public PretrainConfig withValidationBatches(int n) {
        return new PretrainConfig(batchSize, epochs, stepsPerEpoch, learningRate, lrDecay, gradClipNorm, n,
                checkpointEvery, logEvery, seed, prefetch, outputDir);
    }

    /**
     * These settings with another checkpoint interval, in steps.
     *
     * @param steps a checkpoint every this many steps, 0 or more (0: only at epoch ends and the run's end)
     * @return a copy with only that setting changed
     * @throws IllegalArgumentException if {@code steps} is negative
     */
    public PretrainConfig withCheckpointEvery(int steps) {
        return new PretrainConfig(batchSize, epochs, stepsPerEpoch, learningRate, lrDecay, gradClipNorm,
                validationBatches, steps, logEvery, seed, prefetch, outputDir);
    }

    /**
     * These settings with another progress-line interval, in steps.
     *
     * @param steps a progress line every this many steps, at least 1
     * @return a copy with only that setting changed
     * @throws IllegalArgumentException if {@code steps} is below 1
     */
    public PretrainConfig withLogEvery(int steps) {
        return new PretrainConfig(batchSize, epochs, stepsPerEpoch, learningRate, lrDecay, gradClipNorm,
                validationBatches, checkpointEvery, steps, seed, prefetch, outputDir);
    }

    /**
     * These settings with another seed.
     *
     * @param s seed of the batch order, crops and augmentations
     * @return a copy with only that setting changed
     */
    public PretrainConfig withSeed(long s) {
        return new PretrainConfig(batchSize, epochs, stepsPerEpoch, learningRate, lrDecay, gradClipNorm,
                validationBatches, checkpointEvery, logEvery, s, prefetch, outputDir);
    }

    /**
     * These settings with another output directory.
     *
     * @param dir where the run's files go, not null
     * @return a copy with only that setting changed
     * @throws IllegalArgumentException if {@code dir} is null
     */
    public PretrainConfig withOutputDir(Path dir) {
        return new PretrainConfig(batchSize, epochs, stepsPerEpoch, learningRate, lrDecay, gradClipNorm,
                validationBatches, checkpointEvery, logEvery, seed, prefetch, dir);
    }
}

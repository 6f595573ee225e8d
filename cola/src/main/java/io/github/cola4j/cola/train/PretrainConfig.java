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
 * @param outputDir where checkpoints, the best encoder and the plots go
 */
public record PretrainConfig(int batchSize, int epochs, int stepsPerEpoch, double learningRate, double lrDecay,
        double gradClipNorm, int validationBatches, int checkpointEvery, int logEvery, long seed, int prefetch,
        Path outputDir) {

    /**
     * Checks the settings; throws IllegalArgumentException for a batch below 2, counts or rates out of range, or a
     * null output directory.
     */
    public PretrainConfig {
        if (batchSize < 2 || epochs < 1 || stepsPerEpoch < 1 || !(learningRate > 0) || !(lrDecay > 0)
                || !(gradClipNorm >= 0) || validationBatches < 0 || checkpointEvery < 0 || logEvery < 1
                || prefetch < 1 || outputDir == null) {
            throw new IllegalArgumentException("bad pre-training config: " + this);
        }
    }

    /**
     * The PyTorch re-implementation's schedule: batch 128, 100 epochs of 1000 steps, Adam 1e-4 decayed by 0.99 per
     * epoch, no clipping, 10 validation batches, a checkpoint every 1000 steps, a line every 50 steps.
     */
    public static PretrainConfig defaults(Path outputDir) {
        return new PretrainConfig(128, 100, 1000, 1e-4, 0.99, 0, 10, 1000, 50, 42, 2, outputDir);
    }

    /** Optimiser steps of the whole run, epochs x stepsPerEpoch. */
    public long totalSteps() {
        return (long) epochs * stepsPerEpoch;
    }

    /** These settings with another batch size. */
    public PretrainConfig withBatchSize(int b) {
        return new PretrainConfig(b, epochs, stepsPerEpoch, learningRate, lrDecay, gradClipNorm, validationBatches,
                checkpointEvery, logEvery, seed, prefetch, outputDir);
    }

    /** These settings with another number of epochs of {@code steps} steps each. */
    public PretrainConfig withEpochs(int n, int steps) {
        return new PretrainConfig(batchSize, n, steps, learningRate, lrDecay, gradClipNorm, validationBatches,
                checkpointEvery, logEvery, seed, prefetch, outputDir);
    }

    /** These settings with another learning rate and per-epoch decay factor. */
    public PretrainConfig withLearningRate(double lr, double decay) {
        return new PretrainConfig(batchSize, epochs, stepsPerEpoch, lr, decay, gradClipNorm, validationBatches,
                checkpointEvery, logEvery, seed, prefetch, outputDir);
    }

    /** These settings with another gradient-clipping norm (0 for none). */
    public PretrainConfig withGradClipNorm(double norm) {
        return new PretrainConfig(batchSize, epochs, stepsPerEpoch, learningRate, lrDecay, norm, validationBatches,
                checkpointEvery, logEvery, seed, prefetch, outputDir);
    }

    /** These settings with another number of validation batches per epoch. */
    public PretrainConfig withValidationBatches(int n) {
        return new PretrainConfig(batchSize, epochs, stepsPerEpoch, learningRate, lrDecay, gradClipNorm, n,
                checkpointEvery, logEvery, seed, prefetch, outputDir);
    }

    /** These settings with another checkpoint interval, in steps. */
    public PretrainConfig withCheckpointEvery(int steps) {
        return new PretrainConfig(batchSize, epochs, stepsPerEpoch, learningRate, lrDecay, gradClipNorm,
                validationBatches, steps, logEvery, seed, prefetch, outputDir);
    }

    /** These settings with another progress-line interval, in steps. */
    public PretrainConfig withLogEvery(int steps) {
        return new PretrainConfig(batchSize, epochs, stepsPerEpoch, learningRate, lrDecay, gradClipNorm,
                validationBatches, checkpointEvery, steps, seed, prefetch, outputDir);
    }

    /** These settings with another seed. */
    public PretrainConfig withSeed(long s) {
        return new PretrainConfig(batchSize, epochs, stepsPerEpoch, learningRate, lrDecay, gradClipNorm,
                validationBatches, checkpointEvery, logEvery, s, prefetch, outputDir);
    }

    /** These settings with another output directory. */
    public PretrainConfig withOutputDir(Path dir) {
        return new PretrainConfig(batchSize, epochs, stepsPerEpoch, learningRate, lrDecay, gradClipNorm,
                validationBatches, checkpointEvery, logEvery, seed, prefetch, dir);
    }
}

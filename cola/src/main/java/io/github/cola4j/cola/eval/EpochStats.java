package io.github.cola4j.cola.eval;

/**
 * One epoch of a downstream training run.
 *
 * @param epoch counted from 1
 * @param loss mean training loss over the epoch's examples
 * @param trainAccuracy fraction of the epoch's training examples (crops or windows) classified correctly
 * @param validationAccuracy clip-level validation accuracy by the window protocol (NaN without a validation set)
 * @param lr the learning rate used
 * @param seconds wall time of the epoch, validation included
 */
public record EpochStats(int epoch, double loss, double trainAccuracy, double validationAccuracy, double lr,
        double seconds) {
}

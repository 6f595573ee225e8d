package io.github.cola4j.cola.train;

/**
 * Which finished epoch of a training run is the one to keep: the one with the highest validation accuracy (the
 * earlier of two equal ones), or the latest in a run without validation. Pre-training, fine-tuning and linear
 * evaluation all choose this way.
 *
 * <p>Epochs are counted from 1 here, as in progress lines, {@link io.github.cola4j.cola.eval.EpochStats} and
 * {@link Checkpoint.Position}; 0 means that no epoch has finished yet.
 */
public final class BestEpoch {
    private final boolean validated;
    private int epoch;
    private double accuracy;

    /**
     * No epoch yet.
     *
     * @param validated whether the run scores a validation set after every epoch; without one the latest epoch is
     *     the best
     */
    public BestEpoch(boolean validated) {
        this(validated, 0, Double.NaN);
    }

    /**
     * Where an earlier part of the run stood, for a run that goes on from a checkpoint.
     *
     * @param validated whether the run scores a validation set after every epoch
     * @param epoch the best epoch so far, counted from 1; 0 for none
     * @param accuracy that epoch's validation accuracy; a negative or NaN value, or any value of a run without
     *     validation, counts as not measured (the next validated epoch is then better)
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    public BestEpoch(boolean validated, int epoch, double accuracy) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epochs count from 1 (0 for none), got " + epoch);
        }
        this.validated = validated;
        this.epoch = epoch;
        this.accuracy = validated && epoch > 0 && accuracy >= 0 ? accuracy : Double.NaN;
    }

    /**
     * Offers an epoch that just finished.
     *
     * @param finished the epoch, counted from 1
     * @param validationAccuracy its validation accuracy; ignored in a run without validation; NaN is never better
     * @return true when {@code finished} is now the best epoch, so its state is the one to keep
     * @throws IllegalArgumentException if {@code finished} is below 1
     */
    public boolean offer(int finished, double validationAccuracy) {
        if (finished < 1) {
            throw new IllegalArgumentException("epochs count from 1, got " + finished);
        }
        // written so that a NaN validation accuracy never wins, and any measured one beats none
        if (validated && (Double.isNaN(validationAccuracy) || validationAccuracy <= accuracy)) {
            return false;
        }
        epoch = finished;
        accuracy = validated ? validationAccuracy : Double.NaN;
        return true;
    }

    /**
     * The best epoch so far.
     *
     * @return the epoch, counted from 1; 0 before any was offered and chosen
     */
    public int epoch() {
        return epoch;
    }

    /**
     * The best epoch's validation accuracy.
     *
     * @return the accuracy; NaN in a run without validation or before any epoch was chosen
     */
    public double accuracy() {
        return accuracy;
    }

    /**
     * Whether epochs are chosen by validation accuracy.
     *
     * @return true when the run has a validation set, false when the latest epoch is always the best
     */
    public boolean validated() {
        return validated;
    }
}

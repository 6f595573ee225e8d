package io.github.cola4j.plot;

import io.github.cola4j.cola.eval.EpochStats;
import io.github.cola4j.cola.train.History;
import java.util.List;
import java.util.Locale;

/**
 * The standard charts of a training run's curves: the loss and pair accuracy of COLA pre-training (from its
 * {@link History}) and the per-epoch curves of a downstream classifier (from its {@link EpochStats}).
 */
public final class TrainingCurves {
    private TrainingCurves() {
    }

    /**
     * The pre-training loss: every step's loss, and each finished epoch's mean at the epoch's last step.
     *
     * @param history the run's curves
     * @param stepsPerEpoch steps in one epoch, to place the epoch means on the step axis
     * @return a chart ready to draw
     * @throws IllegalArgumentException if {@code stepsPerEpoch} is not positive
     */
    public static LineChart pretrainingLoss(History history, int stepsPerEpoch) {
        double[] loss = history.stepLosses();
        return new LineChart("COLA pre-training loss", "step", "contrastive loss")
                .add("train (per step)", steps(loss.length), loss)
                .add("train (epoch mean)", epochEnds(history.epochLosses().length, stepsPerEpoch),
                        history.epochLosses(), true);
    }

    /**
     * The pair-identification accuracy: every step's, each finished epoch's mean and the validation accuracy
     * (points where none was measured are left out), on a fixed 0..1 axis.
     *
     * @param history the run's curves
     * @param stepsPerEpoch steps in one epoch, to place the epoch values on the step axis
     * @return a chart ready to draw
     * @throws IllegalArgumentException if {@code stepsPerEpoch} is not positive
     */
    public static LineChart pretrainingAccuracy(History history, int stepsPerEpoch) {
        double[] acc = history.stepAccuracies();
        double[] ends = epochEnds(history.epochAccuracies().length, stepsPerEpoch);
        return new LineChart("COLA pair-identification accuracy", "step", "accuracy")
                .add("train (per step)", steps(acc.length), acc)
                .add("train (epoch mean)", ends, history.epochAccuracies(), true)
                .add("validation", ends, history.validationAccuracies(), true)
                .yRange(0, 1)
                .legend(LineChart.Legend.LOWER_RIGHT);
    }

    /**
     * A downstream classifier's epochs on one 0..1 axis: training accuracy, the training loss divided by its
     * largest value (the factor is in the legend), and the validation accuracy when any was measured.
     *
     * @param history one entry per epoch, in order
     * @param title the line above the chart
     * @return a chart ready to draw
     */
    public static LineChart classification(List<EpochStats> history, String title) {
        int n = history.size();
        double[] x = new double[n];
        double[] loss = new double[n];
        double[] train = new double[n];
        double[] validation = new double[n];
        double maxLoss = 0;
        boolean anyValidation = false;
        for (int i = 0; i < n; i++) {
            EpochStats e = history.get(i);
            x[i] = e.epoch();
            loss[i] = e.loss();
            train[i] = e.trainAccuracy();
            validation[i] = e.validationAccuracy();
            if (Double.isFinite(loss[i])) {
                maxLoss = Math.max(maxLoss, loss[i]);
            }
            anyValidation |= Double.isFinite(validation[i]);
        }
        // accuracies are in [0, 1]; the loss is scaled into the same range so one axis serves all curves
        double[] scaled = new double[n];
        for (int i = 0; i < n; i++) {
            scaled[i] = maxLoss > 0 ? loss[i] / maxLoss : loss[i];
        }
        LineChart chart = new LineChart(title, "epoch", "accuracy / loss (scaled to its maximum)")
                .add("train accuracy", x, train, true)
                .add(String.format(Locale.ROOT, "train loss / %.3g", maxLoss), x, scaled, true)
                .yRange(0, 1)
                .legend(LineChart.Legend.LOWER_RIGHT);
        if (anyValidation) {
            chart.add("validation accuracy", x, validation, true);
        }
        return chart;
    }

    /** 1, 2, ..., n: the global step of each recorded step. */
    private static double[] steps(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i + 1;
        }
        return x;
    }

    /** The last step of each of {@code epochs} epochs. */
    private static double[] epochEnds(int epochs, int stepsPerEpoch) {
        if (stepsPerEpoch < 1) {
            throw new IllegalArgumentException("steps per epoch must be positive, got " + stepsPerEpoch);
        }
        double[] x = new double[epochs];
        for (int i = 0; i < epochs; i++) {
            x[i] = (i + 1) * (double) stepsPerEpoch;
        }
        return x;
    }
}

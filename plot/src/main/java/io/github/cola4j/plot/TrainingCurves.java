package io.github.cola4j.plot;

import io.github.cola4j.cola.eval.EpochStats;
import io.github.cola4j.cola.train.History;
import java.util.List;

/**
 * The standard charts of a training run's curves: the loss and pair accuracy of COLA pre-training (from its
 * {@link History}) and the per-epoch curves of a downstream classifier (from its {@link EpochStats}).
 */
public final class TrainingCurves {
    private TrainingCurves() {
    }

    /**
     * The pre-training loss: every step's loss, and each finished epoch's mean at the epoch's last step, on a step
     * axis with whole-number ticks.
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
                        history.epochLosses(), true)
                .integerX();
    }

    /**
     * The pair-identification accuracy: every step's, each finished epoch's mean and, when any was measured, the
     * validation accuracy (epochs without one are left out), on a fixed 0..1 axis against a step axis with
     * whole-number ticks. A run without validation has no validation series and no legend entry for one.
     *
     * @param history the run's curves
     * @param stepsPerEpoch steps in one epoch, to place the epoch values on the step axis
     * @return a chart ready to draw
     * @throws IllegalArgumentException if {@code stepsPerEpoch} is not positive
     */
    public static LineChart pretrainingAccuracy(History history, int stepsPerEpoch) {
        double[] acc = history.stepAccuracies();
        double[] ends = epochEnds(history.epochAccuracies().length, stepsPerEpoch);
        LineChart chart = new LineChart("COLA pair-identification accuracy", "step", "pair accuracy")
                .add("train (per step)", steps(acc.length), acc)
                .add("train (epoch mean)", ends, history.epochAccuracies(), true)
                .yRange(0, 1)
                .integerX()
                .legend(LineChart.Legend.LOWER_RIGHT);
        if (anyFinite(history.validationAccuracies())) {
            chart.add("validation", ends, history.validationAccuracies(), true);
        }
        return chart;
    }

    /**
     * A downstream classifier's epochs: the training accuracy and, when any was measured, the validation accuracy on
     * the left axis ({@code accuracy}, 0..1), the training loss on the right axis ({@code cross-entropy loss},
     * fitted to it), against an epoch axis with whole-number ticks; the legend is under the plot.
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
        for (int i = 0; i < n; i++) {
            EpochStats e = history.get(i);
            x[i] = e.epoch();
            loss[i] = e.loss();
            train[i] = e.trainAccuracy();
            validation[i] = e.validationAccuracy();
        }
        LineChart chart = new LineChart(title, "epoch", "accuracy")
                .add("train accuracy", x, train, true);
        if (anyFinite(validation)) {
            chart.add("validation accuracy", x, validation, true);
        }
        return chart.addRight("train loss (right axis)", x, loss, true)
                .rightAxis("cross-entropy loss")
                .yRange(0, 1)
                .integerX()
                .legend(LineChart.Legend.BELOW);
    }

    private static boolean anyFinite(double[] values) {
        for (double v : values) {
            if (Double.isFinite(v)) {
                return true;
            }
        }
        return false;
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

package io.github.cola4j.cola.train;

import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The curves of a pre-training run: loss and pair accuracy of every step, and per epoch the mean training loss and
 * accuracy and the validation accuracy (NaN when not measured); index i of an epoch curve is epoch i + 1, epochs
 * being counted from 1. Saved in checkpoints so a resumed run keeps them.
 */
public final class History {
    private double[] stepLoss = new double[0];
    private double[] stepAccuracy = new double[0];
    private double[] epochLoss = new double[0];
    private double[] epochAccuracy = new double[0];
    private double[] validationAccuracy = new double[0];
    private int steps;
    private int epochs;

    /**
     * Records one more training step.
     *
     * @param loss the step's loss
     * @param accuracy the step's training pair accuracy, in [0, 1]
     */
    public void addStep(double loss, double accuracy) {
        if (steps == stepLoss.length) {
            stepLoss = Arrays.copyOf(stepLoss, Math.max(16, 2 * steps));
            stepAccuracy = Arrays.copyOf(stepAccuracy, stepLoss.length);
        }
        stepLoss[steps] = loss;
        stepAccuracy[steps] = accuracy;
        steps++;
    }

    /**
     * Records one more finished epoch.
     *
     * @param loss the epoch's mean training loss
     * @param accuracy the epoch's mean training pair accuracy, in [0, 1]
     * @param validation the validation pair accuracy after the epoch, NaN when none was measured
     */
    public void addEpoch(double loss, double accuracy, double validation) {
        epochLoss = append(epochLoss, epochs, loss);
        epochAccuracy = append(epochAccuracy, epochs, accuracy);
        validationAccuracy = append(validationAccuracy, epochs, validation);
        epochs++;
    }

    private static double[] append(double[] a, int n, double v) {
        double[] r = Arrays.copyOf(a, n + 1);
        r[n] = v;
        return r;
    }

    /**
     * Loss of every step so far, in order.
     *
     * @return a new array, one value per step (those of a resumed run's earlier part included)
     */
    public double[] stepLosses() {
        return Arrays.copyOf(stepLoss, steps);
    }

    /**
     * Training pair accuracy of every step so far.
     *
     * @return a new array of values in [0, 1], one per step, in order
     */
    public double[] stepAccuracies() {
        return Arrays.copyOf(stepAccuracy, steps);
    }

    /**
     * Mean training loss of every finished epoch.
     *
     * @return a new array, one value per finished epoch, in order
     */
    public double[] epochLosses() {
        return epochLoss.clone();
    }

    /**
     * Mean training pair accuracy of every finished epoch.
     *
     * @return a new array of values in [0, 1], one per finished epoch, in order
     */
    public double[] epochAccuracies() {
        return epochAccuracy.clone();
    }

    /**
     * Validation pair accuracy after every finished epoch (NaN where none was measured).
     *
     * @return a new array, one value per finished epoch, in order
     */
    public double[] validationAccuracies() {
        return validationAccuracy.clone();
    }

    /** Mean of the step losses in [from, to). */
    double meanLoss(int from, int to) {
        return mean(stepLoss, from, to);
    }

    double meanAccuracy(int from, int to) {
        return mean(stepAccuracy, from, to);
    }

    /**
     * Steps recorded so far (the global step after the last one, for a run resumed with its history).
     *
     * @return the number of steps recorded
     */
    public int stepCount() {
        return steps;
    }

    private static double mean(double[] a, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += a[i];
        }
        return to > from ? s / (to - from) : Double.NaN;
    }

    Map<String, Tensor> toTensors(String prefix) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        put(out, prefix + "step_loss", stepLosses());
        put(out, prefix + "step_accuracy", stepAccuracies());
        put(out, prefix + "epoch_loss", epochLoss);
        put(out, prefix + "epoch_accuracy", epochAccuracy);
        put(out, prefix + "validation_accuracy", validationAccuracy);
        return out;
    }

    private static void put(Map<String, Tensor> out, String key, double[] v) {
        if (v.length > 0) {
            out.put(key, Tensor.of(DType.FLOAT64, v, v.length));
        }
    }

    static History fromTensors(Map<String, Tensor> t, String prefix) {
        History h = new History();
        double[] sl = get(t, prefix + "step_loss");
        double[] sa = get(t, prefix + "step_accuracy");
        if (sl.length != sa.length) {
            throw new IllegalArgumentException("history: " + sl.length + " step losses but " + sa.length
                    + " accuracies");
        }
        for (int i = 0; i < sl.length; i++) {
            h.addStep(sl[i], sa[i]);
        }
        double[] el = get(t, prefix + "epoch_loss");
        double[] ea = get(t, prefix + "epoch_accuracy");
        double[] va = get(t, prefix + "validation_accuracy");
        if (el.length != ea.length || el.length != va.length) {
            throw new IllegalArgumentException("history: epoch curves of different lengths");
        }
        for (int i = 0; i < el.length; i++) {
            h.addEpoch(el[i], ea[i], va[i]);
        }
        return h;
    }

    private static double[] get(Map<String, Tensor> t, String key) {
        Tensor v = t.get(key);
        return v == null ? new double[0] : v.toDoubleArray();
    }
}

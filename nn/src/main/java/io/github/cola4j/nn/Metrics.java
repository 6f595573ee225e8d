package io.github.cola4j.nn;

import io.github.cola4j.tensor.Tensor;
import java.util.Arrays;

/**
 * Classification metrics from logits [N, C] (or any scores that rank the classes, such as probabilities) and
 * integer class labels. A class ranks above another when its score is larger, or equal with a smaller index, so
 * the prediction is the first of the largest scores (as {@code argmax}) and results never depend on chance. A NaN
 * score ranks below every number.
 */
public final class Metrics {

    private Metrics() {
    }

    /**
     * The predicted class of each example: the index of its largest score, the first on a tie.
     *
     * @param logits scores [N, C], C at least 1
     * @return a new array of N class indices in [0, C)
     * @throws IllegalArgumentException if {@code logits} is not 2-d or has no classes
     */
    public static int[] predictions(Tensor logits) {
        int[] s = checkLogits(logits);
        int n = s[0];
        int c = s[1];
        double[] v = logits.toDoubleArray();
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) {
                if (ranksAbove(v[i * c + j], j, v[i * c + best], best)) {
                    best = j;
                }
            }
            out[i] = best;
        }
        return out;
    }

    /**
     * The fraction of examples whose predicted class ({@link #predictions}) is their label.
     *
     * @param logits scores [N, C]
     * @param labels the true class of each example, N of them, each in [0, C)
     * @return the accuracy in [0, 1]; NaN when there are no examples
     * @throws IllegalArgumentException if {@code logits} is not 2-d or has no classes, the number of labels is not
     *     N, or a label is outside [0, C)
     */
    public static double accuracy(Tensor logits, int[] labels) {
        return topKAccuracy(logits, labels, 1);
    }

    /**
     * The fraction of examples whose label is among their {@code k} best-ranked classes.
     *
     * @param logits scores [N, C]
     * @param labels the true class of each example, N of them, each in [0, C)
     * @param k how many of the best-ranked classes count, at least 1 (k of C or more gives 1)
     * @return the top-k accuracy in [0, 1]; NaN when there are no examples
     * @throws IllegalArgumentException if {@code logits} is not 2-d or has no classes, the number of labels is not
     *     N, a label is outside [0, C), or {@code k} is below 1
     */
    public static double topKAccuracy(Tensor logits, int[] labels, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("top-k accuracy needs k of at least 1, got " + k);
        }
        int[] s = checkLogits(logits);
        int n = s[0];
        int c = s[1];
        checkLabels(labels, n, c);
        if (n == 0) {
            return Double.NaN;
        }
        double[] v = logits.toDoubleArray();
        int hits = 0;
        for (int i = 0; i < n; i++) {
            int y = labels[i];
            double target = v[i * c + y];
            int above = 0;
            for (int j = 0; j < c && above < k; j++) {
                if (j != y && ranksAbove(v[i * c + j], j, target, y)) {
                    above++;
                }
            }
            hits += above < k ? 1 : 0;
        }
        return hits / (double) n;
    }

    /**
     * Counts of each (true class, predicted class) pair.
     *
     * @param labels the true class of each example, each in [0, classes)
     * @param predicted the predicted class of each example, as many as {@code labels}, each in [0, classes)
     * @param classes the number of classes, at least 1
     * @return a new {@code classes} x {@code classes} array: {@code [true][predicted]} counts, the diagonal the
     *     correct ones
     * @throws IllegalArgumentException if the lengths differ, {@code classes} is below 1, or a label or prediction
     *     is outside [0, classes)
     */
    public static int[][] confusionMatrix(int[] labels, int[] predicted, int classes) {
        if (classes < 1) {
            throw new IllegalArgumentException("a confusion matrix needs at least 1 class, got " + classes);
        }
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + predicted.length + " predictions");
        }
        int[][] m = new int[classes][classes];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes || predicted[i] < 0 || predicted[i] >= classes) {
                throw new IllegalArgumentException("example " + i + ": label " + labels[i] + " or prediction "
                        + predicted[i] + " is outside [0, " + classes + ")");
            }
            m[labels[i]][predicted[i]]++;
        }
        return m;
    }

    /**
     * The confusion matrix of the predictions of {@code logits} ({@link #predictions}) against {@code labels}.
     *
     * @param logits scores [N, C]
     * @param labels the true class of each example, N of them, each in [0, C)
     * @return a new C x C array of {@code [true][predicted]} counts
     * @throws IllegalArgumentException if {@code logits} is not 2-d or has no classes, the number of labels is not
     *     N, or a label is outside [0, C)
     */
    public static int[][] confusionMatrix(Tensor logits, int[] labels) {
        int[] s = checkLogits(logits);
        checkLabels(labels, s[0], s[1]);
        return confusionMatrix(labels, predictions(logits), s[1]);
    }

    /**
     * Whether score {@code a} of class {@code i} ranks above score {@code b} of class {@code j}. A NaN score ranks
     * below every number (NaNs among themselves by index), so a diverged logit is never the prediction.
     */
    private static boolean ranksAbove(double a, int i, double b, int j) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return Double.isNaN(b) && (!Double.isNaN(a) || i < j);
        }
        return a > b || (a == b && i < j);
    }

    private static int[] checkLogits(Tensor logits) {
        int[] s = logits.shape();
        if (s.length != 2 || s[1] < 1) {
            throw new IllegalArgumentException("logits must be [N, C] with at least one class, got "
                    + Arrays.toString(s));
        }
        return s;
    }

    private static void checkLabels(int[] labels, int n, int c) {
        if (labels.length != n) {
            throw new IllegalArgumentException(n + " rows of logits but " + labels.length + " labels");
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("label " + i + " is " + labels[i] + ", outside [0, " + c + ")");
            }
        }
    }
}

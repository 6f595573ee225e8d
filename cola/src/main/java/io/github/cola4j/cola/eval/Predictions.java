package io.github.cola4j.cola.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Clip-level predictions: for clip {@code i}, its id, true label, predicted class and (window-averaged) logits.
 */
public record Predictions(List<String> ids, int[] labels, int[] predicted, double[][] logits) {

    /** Checks that all lengths agree (throws IllegalArgumentException otherwise) and copies the id list. */
    public Predictions {
        if (ids.size() != labels.length || labels.length != predicted.length || predicted.length != logits.length) {
            throw new IllegalArgumentException("predictions: lengths differ");
        }
        ids = List.copyOf(ids);
    }

    /** Arg-max of each row of {@code logits} (the first maximum on ties). */
    public static Predictions of(List<LabelledClip> clips, double[][] logits) {
        List<String> ids = new ArrayList<>();
        int[] labels = new int[clips.size()];
        int[] predicted = new int[clips.size()];
        for (int i = 0; i < clips.size(); i++) {
            ids.add(clips.get(i).id());
            labels[i] = clips.get(i).label();
            predicted[i] = argmax(logits[i]);
        }
        return new Predictions(ids, labels, predicted, logits);
    }

    static int argmax(double[] row) {
        int best = 0;
        for (int j = 1; j < row.length; j++) {
            if (row[j] > row[best]) {
                best = j;
            }
        }
        return best;
    }

    /** Number of clips. */
    public int size() {
        return labels.length;
    }

    /** Fraction of clips predicted correctly (NaN for none). */
    public double accuracy() {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == predicted[i]) {
                correct++;
            }
        }
        return labels.length == 0 ? Double.NaN : correct / (double) labels.length;
    }

    /** Accuracy, per-class accuracy and confusion matrix under the given class names. */
    public ClassificationReport report(List<String> classNames) {
        return ClassificationReport.of(labels, predicted, classNames);
    }
}

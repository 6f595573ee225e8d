package io.github.cola4j.cola.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * Clip-level predictions: for clip {@code i}, its id, true label, predicted class and (window-averaged) logits.
 *
 * @param ids one name per clip (copied)
 * @param labels the true class index of each clip
 * @param predicted the predicted class index of each clip
 * @param logits the logits of each clip, [clips][classes] (not copied)
 */
public record Predictions(List<String> ids, int[] labels, int[] predicted, double[][] logits) {

    /**
     * Checks that all lengths agree (throws IllegalArgumentException otherwise) and copies the id list.
     *
     * @param ids one name per clip, no null elements
     * @param labels the true class index of each clip
     * @param predicted the predicted class index of each clip
     * @param logits the logits of each clip
     * @throws IllegalArgumentException if the four lengths are not all equal
     */
    public Predictions {
        if (ids.size() != labels.length || labels.length != predicted.length || predicted.length != logits.length) {
            throw new IllegalArgumentException("predictions: lengths differ");
        }
        ids = List.copyOf(ids);
    }

    /**
     * Arg-max of each row of {@code logits} (the first maximum on ties).
     *
     * @param clips the clips, giving ids and true labels
     * @param logits one row of class scores per clip, in the order of {@code clips}
     * @return the predictions of every clip
     * @throws IllegalArgumentException if there are more rows of logits than clips
     */
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

    /**
     * Number of clips.
     *
     * @return the length of {@code labels}
     */
    public int size() {
        return labels.length;
    }

    /**
     * Fraction of clips predicted correctly (NaN for none).
     *
     * @return the accuracy in [0, 1], or NaN when there are no clips
     */
    public double accuracy() {
        int correct = 0;
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] == predicted[i]) {
                correct++;
            }
        }
        return labels.length == 0 ? Double.NaN : correct / (double) labels.length;
    }

    /**
     * Accuracy, per-class accuracy and confusion matrix under the given class names.
     *
     * @param classNames the name of each class index, in index order
     * @return the report of these predictions
     */
    public ClassificationReport report(List<String> classNames) {
        return ClassificationReport.of(labels, predicted, classNames);
    }
}

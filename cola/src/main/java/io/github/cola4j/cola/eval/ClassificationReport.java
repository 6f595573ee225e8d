package io.github.cola4j.cola.eval;

import io.github.cola4j.nn.io.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Accuracy, per-class accuracy (recall: the fraction of a class's examples predicted as that class) and the
 * confusion matrix (rows: true class, columns: predicted class) of a list of predictions.
 */
public final class ClassificationReport {
    private final List<String> classNames;
    private final int[][] confusion;
    private final int total;
    private final int correct;

    private ClassificationReport(List<String> classNames, int[][] confusion) {
        this.classNames = List.copyOf(classNames);
        this.confusion = confusion;
        int t = 0;
        int c = 0;
        for (int i = 0; i < confusion.length; i++) {
            for (int j = 0; j < confusion.length; j++) {
                t += confusion[i][j];
            }
            c += confusion[i][i];
        }
        this.total = t;
        this.correct = c;
    }

    /**
     * The report of {@code predicted[i]} against {@code labels[i]}; every label and prediction must lie in
     * {@code [0, classNames.size())}.
     *
     * @param labels the true class of each example
     * @param predicted the predicted class of each example, as many as {@code labels}
     * @param classNames the name of each class, indexed by label; at least one (copied)
     * @return the report; with no examples its accuracies are NaN
     * @throws IllegalArgumentException if the lengths differ, there are no classes, or a label or prediction is
     *     out of range
     */
    public static ClassificationReport of(int[] labels, int[] predicted, List<String> classNames) {
        if (labels.length != predicted.length) {
            throw new IllegalArgumentException(labels.length + " labels but " + predicted.length + " predictions");
        }
        int k = classNames.size();
        if (k < 1) {
            throw new IllegalArgumentException("no classes");
        }
        int[][] m = new int[k][k];
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= k || predicted[i] < 0 || predicted[i] >= k) {
                throw new IllegalArgumentException("example " + i + ": label " + labels[i] + " or prediction "
                        + predicted[i] + " is outside [0, " + k + ")");
            }
            m[labels[i]][predicted[i]]++;
        }
        return new ClassificationReport(classNames, m);
    }

    /**
     * With classes named "0", "1", ...
     *
     * @param labels the true class of each example
     * @param predicted the predicted class of each example, as many as {@code labels}
     * @param classes number of classes, at least 1
     * @return the report with the class indices as names
     * @throws IllegalArgumentException as {@link #of(int[], int[], List)}
     */
    public static ClassificationReport of(int[] labels, int[] predicted, int classes) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < classes; i++) {
            names.add(Integer.toString(i));
        }
        return of(labels, predicted, names);
    }

    /**
     * The class names, indexed by label.
     *
     * @return an unmodifiable list of {@link #classes()} names
     */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * Number of classes.
     *
     * @return the side of the confusion matrix
     */
    public int classes() {
        return classNames.size();
    }

    /**
     * Number of examples.
     *
     * @return the sum of all confusion counts
     */
    public int total() {
        return total;
    }

    /**
     * Number of correctly classified examples.
     *
     * @return the sum of the confusion matrix's diagonal
     */
    public int correct() {
        return correct;
    }

    /**
     * correct / total (NaN when there are no examples).
     *
     * @return the overall accuracy in [0, 1], or NaN
     */
    public double accuracy() {
        return total == 0 ? Double.NaN : correct / (double) total;
    }

    /**
     * A copy of the confusion matrix: {@code [true class][predicted class]} counts.
     *
     * @return a new k x k array; changing it does not change the report
     */
    public int[][] confusion() {
        int[][] out = new int[confusion.length][];
        for (int i = 0; i < out.length; i++) {
            out[i] = confusion[i].clone();
        }
        return out;
    }

    /**
     * Examples of each true class.
     *
     * @return a new array of k counts, the row sums of the confusion matrix
     */
    public int[] support() {
        int[] s = new int[confusion.length];
        for (int i = 0; i < s.length; i++) {
            for (int v : confusion[i]) {
                s[i] += v;
            }
        }
        return s;
    }

    /**
     * Per-class accuracy (recall); NaN for a class without examples.
     *
     * @return a new array of k values in [0, 1] or NaN, indexed by class
     */
    public double[] perClassAccuracy() {
        int[] s = support();
        double[] out = new double[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i] == 0 ? Double.NaN : confusion[i][i] / (double) s[i];
        }
        return out;
    }

    /**
     * Mean per-class accuracy over the classes that have examples (NaN when none has).
     *
     * @return the balanced accuracy in [0, 1], or NaN
     */
    public double balancedAccuracy() {
        double sum = 0;
        int n = 0;
        for (double a : perClassAccuracy()) {
            if (!Double.isNaN(a)) {
                sum += a;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /**
     * The report as a JSON object: {@code examples}, {@code correct}, {@code accuracy}, {@code balanced_accuracy},
     * {@code classes} (names), {@code per_class} (objects with {@code class}, {@code support}, {@code correct},
     * {@code accuracy}) and {@code confusion} (rows: true class, columns: predicted class). Undefined numbers
     * (NaN) are written as {@code null}.
     *
     * @return the JSON text as {@link Json#write(Object)} prints {@link #toJsonValue()}: two-space indented, one
     *     class per line, ending in a newline; fractions have six decimals
     */
    public String toJson() {
        return Json.write(toJsonValue());
    }

    /**
     * The report as a JSON value, to embed in a larger document written with {@link Json#write(Object)}.
     *
     * @return a new insertion-ordered map with the members {@link #toJson()} describes; fractions are
     *     {@link Json.Num} with six decimals, or {@link Json#NULL} when undefined
     */
    public Map<String, Object> toJsonValue() {
        int[] s = support();
        double[] acc = perClassAccuracy();
        List<Object> perClass = new ArrayList<>();
        for (int i = 0; i < s.length; i++) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("class", classNames.get(i));
            c.put("support", s[i]);
            c.put("correct", confusion[i][i]);
            c.put("accuracy", fraction(acc[i]));
            perClass.add(c);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("examples", total);
        m.put("correct", correct);
        m.put("accuracy", fraction(accuracy()));
        m.put("balanced_accuracy", fraction(balancedAccuracy()));
        m.put("classes", classNames);
        m.put("per_class", perClass);
        m.put("confusion_rows", "true class");
        m.put("confusion_columns", "predicted class");
        m.put("confusion", List.of(confusion()));
        return m;
    }

    private static Object fraction(double v) {
        return Double.isFinite(v) ? new Json.Num(String.format(Locale.ROOT, "%.6f", v)) : Json.NULL;
    }

    /**
     * A plain-text table: overall figures, one row per class (support, correct, accuracy), then the confusion
     * matrix with classes numbered (rows: true class, columns: predicted class).
     *
     * @return the multi-line table, with the platform's line separator
     */
    public String toTable() {
        int nameWidth = 5;
        for (String n : classNames) {
            nameWidth = Math.max(nameWidth, n.length());
        }
        int[] s = support();
        double[] acc = perClassAccuracy();
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "accuracy %.4f (%d / %d), balanced accuracy %.4f%n", accuracy(), correct,
                total, balancedAccuracy()));
        String rowFormat = "%3s  %-" + nameWidth + "s  %7s  %7s  %8s%n";
        b.append(String.format(Locale.ROOT, rowFormat, "#", "class", "support", "correct", "accuracy"));
        for (int i = 0; i < s.length; i++) {
            b.append(String.format(Locale.ROOT, rowFormat, i, classNames.get(i), s[i], confusion[i][i],
                    Double.isNaN(acc[i]) ? "-" : String.format(Locale.ROOT, "%.4f", acc[i])));
        }
        int cell = 3;
        for (int[] row : confusion) {
            for (int v : row) {
                cell = Math.max(cell, Integer.toString(v).length());
            }
        }
        cell = Math.max(cell, Integer.toString(confusion.length - 1).length());
        b.append(System.lineSeparator()).append("confusion (rows: true class, columns: predicted class)")
                .append(System.lineSeparator());
        b.append(String.format(Locale.ROOT, "%3s  %-" + nameWidth + "s", "", ""));
        for (int j = 0; j < confusion.length; j++) {
            b.append(String.format(Locale.ROOT, " %" + cell + "d", j));
        }
        b.append(System.lineSeparator());
        for (int i = 0; i < confusion.length; i++) {
            b.append(String.format(Locale.ROOT, "%3d  %-" + nameWidth + "s", i, classNames.get(i)));
            for (int j = 0; j < confusion.length; j++) {
                b.append(String.format(Locale.ROOT, " %" + cell + "d", confusion[i][j]));
            }
            b.append(System.lineSeparator());
        }
        return b.toString();
    }

    @Override
    public String toString() {
        return toTable();
    }
}

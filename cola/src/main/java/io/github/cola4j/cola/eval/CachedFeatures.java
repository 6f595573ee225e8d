package io.github.cola4j.cola.eval;

import java.util.List;

/**
 * Frozen-encoder features of every window of a list of clips, computed once and kept in memory: row {@code i}
 * ({@code width} floats at {@code values[i * width]}) is a window of clip {@code clipOf[i]}, whose id and label
 * are {@code ids.get(clipOf[i])} and {@code labels[clipOf[i]]}.
 *
 * @param values the features, row-major [windows, width] (used as they are, not copied)
 * @param width features per window (the encoder's feature width)
 * @param clipOf for each window, the index of its clip in {@code ids} and {@code labels}
 * @param ids one name per clip (copied)
 * @param labels one class index per clip
 */
public record CachedFeatures(float[] values, int width, int[] clipOf, List<String> ids, int[] labels) {

    /**
     * Checks that the sizes agree (throws IllegalArgumentException otherwise) and copies the id list.
     *
     * @param values the features, {@code clipOf.length * width} values
     * @param width features per window
     * @param clipOf for each window, the index of its clip
     * @param ids one name per clip, no null elements
     * @param labels one class index per clip, as many as {@code ids}
     * @throws IllegalArgumentException if {@code values} does not hold {@code clipOf.length * width} values or
     *     {@code ids} and {@code labels} differ in length
     */
    public CachedFeatures {
        if (values.length != clipOf.length * width || ids.size() != labels.length) {
            throw new IllegalArgumentException("cached features: inconsistent sizes");
        }
        ids = List.copyOf(ids);
    }

    /**
     * Number of windows (rows).
     *
     * @return the length of {@code clipOf}
     */
    public int windows() {
        return clipOf.length;
    }

    /**
     * Number of clips.
     *
     * @return the length of {@code labels}
     */
    public int clips() {
        return labels.length;
    }

    /**
     * The label of window {@code i}.
     *
     * @param i the window (row) index, from 0 to {@code windows() - 1}
     * @return the class index of the clip the window belongs to
     */
    public int windowLabel(int i) {
        return labels[clipOf[i]];
    }
}

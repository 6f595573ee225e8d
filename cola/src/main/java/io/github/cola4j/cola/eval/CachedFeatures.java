package io.github.cola4j.cola.eval;

import java.util.List;

/**
 * Frozen-encoder features of every window of a list of clips, computed once and kept in memory: row {@code i}
 * ({@code width} floats at {@code values[i * width]}) is a window of clip {@code clipOf[i]}, whose id and label
 * are {@code ids.get(clipOf[i])} and {@code labels[clipOf[i]]}.
 */
public record CachedFeatures(float[] values, int width, int[] clipOf, List<String> ids, int[] labels) {

    /** Checks that the sizes agree (throws IllegalArgumentException otherwise) and copies the id list. */
    public CachedFeatures {
        if (values.length != clipOf.length * width || ids.size() != labels.length) {
            throw new IllegalArgumentException("cached features: inconsistent sizes");
        }
        ids = List.copyOf(ids);
    }

    /** Number of windows (rows). */
    public int windows() {
        return clipOf.length;
    }

    /** Number of clips. */
    public int clips() {
        return labels.length;
    }

    /** The label of window {@code i}. */
    public int windowLabel(int i) {
        return labels[clipOf[i]];
    }
}

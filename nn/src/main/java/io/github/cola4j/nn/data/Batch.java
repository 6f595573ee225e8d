package io.github.cola4j.nn.data;

import io.github.cola4j.tensor.Tensor;

/**
 * A group of examples stacked along a new first axis: example i is {@code features[i]} with label {@code labels[i]}.
 *
 * @param features the examples' inputs [B, ...]
 * @param labels the examples' targets [B] (class indices, for instance) or [B, ...]
 */
public record Batch(Tensor features, Tensor labels) {

    /**
     * Checks that both tensors hold the same number of examples.
     *
     * @param features the examples' inputs [B, ...]
     * @param labels the examples' targets [B] or [B, ...]
     * @throws IllegalArgumentException if either is null or 0-d, or their first axes differ
     */
    public Batch {
        if (features == null || labels == null) {
            throw new IllegalArgumentException("a batch needs features and labels");
        }
        if (features.rank() == 0 || labels.rank() == 0 || features.dim(0) != labels.dim(0)) {
            throw new IllegalArgumentException("features " + java.util.Arrays.toString(features.shape())
                    + " and labels " + java.util.Arrays.toString(labels.shape())
                    + " must have the same first axis, the number of examples");
        }
    }

    /**
     * The number of examples.
     *
     * @return the first dimension of {@link #features()}
     */
    public int size() {
        return features.dim(0);
    }

    /**
     * The labels as class indices, as the losses and {@code Metrics} take them.
     *
     * @return a new array of {@link #size()} class indices
     * @throws IllegalStateException if the labels are not 1-d or hold a value that is not a non-negative integer
     */
    public int[] classLabels() {
        if (labels.rank() != 1) {
            throw new IllegalStateException("class labels must be 1-d [B], these are "
                    + java.util.Arrays.toString(labels.shape()));
        }
        double[] v = labels.toDoubleArray();
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            if (!(v[i] >= 0) || v[i] != Math.rint(v[i]) || v[i] > Integer.MAX_VALUE) {
                throw new IllegalStateException("label " + i + " is " + v[i] + ", not a class index");
            }
            out[i] = (int) v[i];
        }
        return out;
    }
}

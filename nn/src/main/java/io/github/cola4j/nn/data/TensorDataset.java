package io.github.cola4j.nn.data;

import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import java.util.Arrays;

/**
 * A dataset held in two tensors: example i is {@code features[i]} with target {@code labels[i]}. The values are
 * copied to the host once, when the dataset is made, so that a batch is gathered with plain array copies; batches
 * are new tensors on the default backend, of the element types of the tensors given.
 */
public final class TensorDataset implements Dataset {
    private final Rows features;
    private final Rows labels;

    /**
     * A dataset of {@code features[i]} and {@code labels[i]}.
     *
     * @param features the inputs [N, ...]; copied
     * @param labels the targets [N] or [N, ...]; copied
     * @throws IllegalArgumentException if either is null or 0-d, or their first axes differ
     */
    public TensorDataset(Tensor features, Tensor labels) {
        if (features == null || labels == null) {
            throw new IllegalArgumentException("a tensor dataset needs features and labels");
        }
        if (features.rank() == 0 || labels.rank() == 0 || features.dim(0) != labels.dim(0)) {
            throw new IllegalArgumentException("features " + Arrays.toString(features.shape()) + " and labels "
                    + Arrays.toString(labels.shape()) + " must have the same first axis, the number of examples");
        }
        this.features = new Rows(features);
        this.labels = new Rows(labels);
    }

    /**
     * A dataset of {@code features[i]} with class index {@code classes[i]}; the labels become a float32 tensor [N],
     * which holds every index below 2^24 exactly.
     *
     * @param features the inputs [N, ...]; copied
     * @param classes one class index per example, N in all; copied
     * @return a new dataset whose batches' {@link Batch#classLabels()} give the indices back
     * @throws IllegalArgumentException if {@code features} is 0-d, its first axis is not {@code classes.length}, or
     *     an index is negative or not below 2^24
     */
    public static TensorDataset ofClasses(Tensor features, int[] classes) {
        float[] l = new float[classes.length];
        for (int i = 0; i < classes.length; i++) {
            if (classes[i] < 0 || classes[i] >= 1 << 24) {
                throw new IllegalArgumentException("class " + i + " is " + classes[i] + ", outside [0, 2^24)");
            }
            l[i] = classes[i];
        }
        return new TensorDataset(features, Tensor.of(l, classes.length));
    }

    @Override
    public int size() {
        return features.count;
    }

    @Override
    public Batch get(int... indices) {
        if (indices.length == 0) {
            throw new IllegalArgumentException("a batch needs at least one index");
        }
        for (int i : indices) {
            if (i < 0 || i >= size()) {
                throw new IndexOutOfBoundsException("index " + i + " outside [0, " + size() + ")");
            }
        }
        return new Batch(features.gather(indices), labels.gather(indices));
    }

    /** One tensor's values on the host, as rows along the first axis. */
    private static final class Rows {
        private final DType dtype;
        private final int[] rowShape;
        private final int rowSize;
        private final int count;
        /** One of these holds the values: float32 data stays float32 on the host, at half the memory. */
        private final float[] floats;
        private final double[] doubles;

        Rows(Tensor t) {
            int[] s = t.shape();
            this.dtype = t.dtype();
            this.count = s[0];
            this.rowShape = Arrays.copyOfRange(s, 1, s.length);
            int r = 1;
            for (int d : rowShape) {
                r *= d;
            }
            this.rowSize = r;
            this.floats = dtype == DType.FLOAT32 ? t.toFloatArray() : null;
            this.doubles = dtype == DType.FLOAT32 ? null : t.toDoubleArray();
        }

        Tensor gather(int[] indices) {
            int[] shape = new int[rowShape.length + 1];
            shape[0] = indices.length;
            System.arraycopy(rowShape, 0, shape, 1, rowShape.length);
            if (floats != null) {
                float[] out = new float[Math.multiplyExact(indices.length, rowSize)];
                for (int k = 0; k < indices.length; k++) {
                    System.arraycopy(floats, indices[k] * rowSize, out, k * rowSize, rowSize);
                }
                return Tensor.of(out, shape);
            }
            double[] out = new double[Math.multiplyExact(indices.length, rowSize)];
            for (int k = 0; k < indices.length; k++) {
                System.arraycopy(doubles, indices[k] * rowSize, out, k * rowSize, rowSize);
            }
            return Tensor.of(dtype, out, shape);
        }
    }
}

package io.github.cola4j.tensor;

import java.util.Arrays;

/** Static helpers for shapes (plain {@code int[]}), strides and NumPy broadcasting. */
public final class Shape {
    private Shape() {
    }

    /**
     * Number of elements; throws if it does not fit in an int.
     *
     * @param shape the dimensions; an empty shape (a scalar) has 1 element
     * @return the product of the dimensions
     * @throws TensorException if a dimension is negative or the product exceeds 2^31-1
     */
    public static int size(int[] shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) {
                throw new TensorException("negative dimension in shape " + Arrays.toString(shape));
            }
            n *= d;
            if (n > Integer.MAX_VALUE) {
                throw new TensorException("shape " + Arrays.toString(shape) + " has more than 2^31-1 elements");
            }
        }
        return (int) n;
    }

    /**
     * Row-major (C order) strides.
     *
     * @param shape the dimensions; a dimension of 0 counts as 1 for the strides of the axes before it
     * @return a new array, in elements, with stride 1 for the last axis
     */
    public static int[] contiguousStrides(int[] shape) {
        int[] s = new int[shape.length];
        int acc = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = acc;
            acc *= Math.max(shape[i], 1);
        }
        return s;
    }

    /**
     * The broadcast shape of two shapes by NumPy rules.
     *
     * @param op name of the op, for the exception message
     * @param a one shape
     * @param b the other shape
     * @return a new array with the rank of the longer shape
     * @throws TensorException if two aligned dimensions differ and neither is 1
     */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = i < n - a.length ? 1 : a[i - (n - a.length)];
            int db = i < n - b.length ? 1 : b[i - (n - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw TensorException.shapes(op, "shapes cannot be broadcast together", a, b);
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * Normalises a possibly negative axis against a rank.
     *
     * @param op name of the op, for the exception message
     * @param axis an axis in [-rank, rank); negative counts from the end
     * @param rank number of axes of the tensor
     * @return the axis in [0, rank)
     * @throws TensorException if the axis is out of range
     */
    public static int axis(String op, int axis, int rank) {
        int a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new TensorException(op + ": axis " + axis + " is out of range for a tensor of rank " + rank);
        }
        return a;
    }

    /**
     * Normalises, sorts and de-duplicates axes; an empty array means all axes.
     *
     * @param op name of the op, for the exception message
     * @param axes axes in [-rank, rank), each at most once; null or empty for all axes
     * @param rank number of axes of the tensor
     * @return a new array of distinct axes in [0, rank), ascending
     * @throws TensorException if an axis is out of range or given twice
     */
    public static int[] axes(String op, int[] axes, int rank) {
        if (axes == null || axes.length == 0) {
            int[] all = new int[rank];
            for (int i = 0; i < rank; i++) {
                all[i] = i;
            }
            return all;
        }
        boolean[] seen = new boolean[rank];
        for (int a : axes) {
            int n = axis(op, a, rank);
            if (seen[n]) {
                throw new TensorException(op + ": axis " + a + " given twice in " + Arrays.toString(axes));
            }
            seen[n] = true;
        }
        int[] out = new int[axes.length];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (seen[i]) {
                out[k++] = i;
            }
        }
        return out;
    }

    /**
     * A shape as text, for messages: {@code [2, 3]}.
     *
     * @param shape the dimensions, any rank (empty for a 0-d tensor)
     * @return the dimensions in brackets, comma-separated
     */
    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}

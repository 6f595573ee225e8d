package io.github.cola4j.tensor.io;

import java.util.Arrays;

/**
 * An n-d array read from or written to a {@code .npy} file: a shape, an element type and the elements
 * in C (row-major) order held in exactly one of a {@code float[]}, {@code double[]} or {@code long[]}.
 */
public final class NpyArray {

    /** Element types this library reads and writes, all little-endian. */
    public enum DType {
        /** 4-byte IEEE float, NumPy {@code <f4}. */
        FLOAT32("<f4", 4),
        /** 8-byte IEEE float, NumPy {@code <f8}. */
        FLOAT64("<f8", 8),
        /** 8-byte signed integer, NumPy {@code <i8}. */
        INT64("<i8", 8);

        private final String descr;
        private final int size;

        DType(String descr, int size) {
            this.descr = descr;
            this.size = size;
        }

        /** The NumPy {@code descr} string, such as {@code <f4}. */
        public String descr() {
            return descr;
        }

        /** Bytes per element. */
        public int byteSize() {
            return size;
        }
    }

    private final long[] shape;
    private final DType dtype;
    private final float[] floats;
    private final double[] doubles;
    private final long[] longs;

    private NpyArray(long[] shape, DType dtype, float[] f, double[] d, long[] l) {
        this.shape = shape.clone();
        for (long s : shape) {
            if (s < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
        long n = elementCount(shape);
        int len = f != null ? f.length : d != null ? d.length : l.length;
        if (n != len) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + n
                    + " elements but the data has " + len);
        }
        this.dtype = dtype;
        this.floats = f;
        this.doubles = d;
        this.longs = l;
    }

    /** A float32 array of the given shape; {@code data} is kept, not copied. */
    public static NpyArray of(float[] data, long... shape) {
        return new NpyArray(shape, DType.FLOAT32, data, null, null);
    }

    /** A float64 array of the given shape; {@code data} is kept, not copied. */
    public static NpyArray of(double[] data, long... shape) {
        return new NpyArray(shape, DType.FLOAT64, null, data, null);
    }

    /** An int64 array of the given shape; {@code data} is kept, not copied. */
    public static NpyArray of(long[] data, long... shape) {
        return new NpyArray(shape, DType.INT64, null, null, data);
    }

    static long elementCount(long[] shape) {
        long n = 1;
        for (long s : shape) {
            n = Math.multiplyExact(n, s);
        }
        return n;
    }

    /** The shape, as a fresh array. */
    public long[] shape() {
        return shape.clone();
    }

    /** The shape as ints; throws if a dimension does not fit an int. */
    public int[] intShape() {
        int[] r = new int[shape.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.toIntExact(shape[i]);
        }
        return r;
    }

    /** The number of axes. */
    public int rank() {
        return shape.length;
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** The number of elements. */
    public int size() {
        return floats != null ? floats.length : doubles != null ? doubles.length : longs.length;
    }

    /** The float32 elements (not a copy); throws unless the dtype is float32. */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("array is " + dtype + ", not FLOAT32");
        }
        return floats;
    }

    /** The float64 elements (not a copy); throws unless the dtype is float64. */
    public double[] doubles() {
        if (doubles == null) {
            throw new IllegalStateException("array is " + dtype + ", not FLOAT64");
        }
        return doubles;
    }

    /** The int64 elements (not a copy); throws unless the dtype is int64. */
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException("array is " + dtype + ", not INT64");
        }
        return longs;
    }

    /** The elements converted to float, whatever the dtype (a new array unless the dtype is float32). */
    public float[] toFloats() {
        if (floats != null) {
            return floats;
        }
        float[] r = new float[size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = doubles != null ? (float) doubles[i] : (float) longs[i];
        }
        return r;
    }

    /** The elements converted to double, whatever the dtype (a new array unless the dtype is float64). */
    public double[] toDoubles() {
        if (doubles != null) {
            return doubles;
        }
        double[] r = new double[size()];
        for (int i = 0; i < r.length; i++) {
            r[i] = floats != null ? floats[i] : (double) longs[i];
        }
        return r;
    }

    /**
     * The array as a tensor: float32 stays float32; float64 and int64 become float64 (int64 values beyond 2^53
     * lose precision).
     */
    public io.github.cola4j.tensor.Tensor toTensor() {
        int[] s = intShape();
        if (floats != null) {
            return io.github.cola4j.tensor.Tensor.of(floats).reshape(s);
        }
        return io.github.cola4j.tensor.Tensor.of(toDoubles()).reshape(s);
    }

    @Override
    public String toString() {
        return "NpyArray" + Arrays.toString(shape) + " " + dtype;
    }
}

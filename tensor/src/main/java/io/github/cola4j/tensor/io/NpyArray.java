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

        /**
         * The NumPy {@code descr} string, such as {@code <f4}.
         *
         * @return {@code <f4}, {@code <f8} or {@code <i8}
         */
        public String descr() {
            return descr;
        }

        /**
         * Bytes per element.
         *
         * @return 4 for FLOAT32, 8 for FLOAT64 and INT64
         */
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

    /**
     * A float32 array of the given shape; {@code data} is kept, not copied.
     *
     * @param data the elements in C order; later writes to it show in the array
     * @param shape the dimensions, none negative; no dimensions for a 0-d array of one element
     * @return the array
     * @throws IllegalArgumentException if a dimension is negative or the shape does not hold
     *     {@code data.length} elements
     */
    public static NpyArray of(float[] data, long... shape) {
        return new NpyArray(shape, DType.FLOAT32, data, null, null);
    }

    /**
     * A float64 array of the given shape; {@code data} is kept, not copied.
     *
     * @param data the elements in C order; later writes to it show in the array
     * @param shape the dimensions, none negative; no dimensions for a 0-d array of one element
     * @return the array
     * @throws IllegalArgumentException if a dimension is negative or the shape does not hold
     *     {@code data.length} elements
     */
    public static NpyArray of(double[] data, long... shape) {
        return new NpyArray(shape, DType.FLOAT64, null, data, null);
    }

    /**
     * An int64 array of the given shape; {@code data} is kept, not copied.
     *
     * @param data the elements in C order; later writes to it show in the array
     * @param shape the dimensions, none negative; no dimensions for a 0-d array of one element
     * @return the array
     * @throws IllegalArgumentException if a dimension is negative or the shape does not hold
     *     {@code data.length} elements
     */
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

    /**
     * The shape, as a fresh array.
     *
     * @return a copy of the dimensions; empty for a 0-d array
     */
    public long[] shape() {
        return shape.clone();
    }

    /**
     * The shape as ints; throws if a dimension does not fit an int.
     *
     * @return a new array of the dimensions, as {@link io.github.cola4j.tensor.Tensor} takes them
     * @throws ArithmeticException if a dimension exceeds {@link Integer#MAX_VALUE}
     */
    public int[] intShape() {
        int[] r = new int[shape.length];
        for (int i = 0; i < r.length; i++) {
            r[i] = Math.toIntExact(shape[i]);
        }
        return r;
    }

    /**
     * The number of axes.
     *
     * @return the length of the shape, 0 for a 0-d array
     */
    public int rank() {
        return shape.length;
    }

    /**
     * The element type.
     *
     * @return which of {@link #floats()}, {@link #doubles()} and {@link #longs()} holds the elements
     */
    public DType dtype() {
        return dtype;
    }

    /**
     * The number of elements.
     *
     * @return the product of the dimensions (1 for a 0-d array)
     */
    public int size() {
        return floats != null ? floats.length : doubles != null ? doubles.length : longs.length;
    }

    /**
     * The float32 elements (not a copy); throws unless the dtype is float32.
     *
     * @return the backing array, in C order
     * @throws IllegalStateException if the dtype is not FLOAT32
     */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("array is " + dtype + ", not FLOAT32");
        }
        return floats;
    }

    /**
     * The float64 elements (not a copy); throws unless the dtype is float64.
     *
     * @return the backing array, in C order
     * @throws IllegalStateException if the dtype is not FLOAT64
     */
    public double[] doubles() {
        if (doubles == null) {
            throw new IllegalStateException("array is " + dtype + ", not FLOAT64");
        }
        return doubles;
    }

    /**
     * The int64 elements (not a copy); throws unless the dtype is int64.
     *
     * @return the backing array, in C order
     * @throws IllegalStateException if the dtype is not INT64
     */
    public long[] longs() {
        if (longs == null) {
            throw new IllegalStateException("array is " + dtype + ", not INT64");
        }
        return longs;
    }

    /**
     * The elements converted to float, whatever the dtype (a new array unless the dtype is float32).
     *
     * @return the elements in C order; for float32 the backing array itself, so writes show in this array
     */
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

    /**
     * The elements converted to double, whatever the dtype (a new array unless the dtype is float64).
     *
     * @return the elements in C order; for float64 the backing array itself, so writes show in this array
     */
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
     *
     * @return a new tensor of the same shape on the default backend, holding a copy of the elements
     * @throws ArithmeticException if a dimension exceeds {@link Integer#MAX_VALUE}
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

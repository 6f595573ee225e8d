package io.github.cola4j.tensor.cpu;

import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Storage;

/** Elements on the Java heap: a {@code float[]} for float32 or a {@code double[]} for float64. */
public final class CpuStorage extends Storage {
    private final float[] floats;
    private final double[] doubles;

    CpuStorage(float[] floats) {
        super(DType.FLOAT32, floats.length);
        this.floats = floats;
        this.doubles = null;
    }

    CpuStorage(double[] doubles) {
        super(DType.FLOAT64, doubles.length);
        this.floats = null;
        this.doubles = doubles;
    }

    /**
     * The float32 elements (the array itself, not a copy).
     *
     * @return the backing array, {@link #size()} long; writes to it change every tensor on this storage
     * @throws IllegalStateException if the storage holds float64
     */
    public float[] floats() {
        if (floats == null) {
            throw new IllegalStateException("storage holds float64, not float32");
        }
        return floats;
    }

    /**
     * The float64 elements (the array itself, not a copy).
     *
     * @return the backing array, {@link #size()} long; writes to it change every tensor on this storage
     * @throws IllegalStateException if the storage holds float32
     */
    public double[] doubles() {
        if (doubles == null) {
            throw new IllegalStateException("storage holds float32, not float64");
        }
        return doubles;
    }

    @Override
    public Backend backend() {
        return CpuBackend.INSTANCE;
    }
}

package io.github.cola4j.tensor.cpu;

import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Storage;

/**
 * Elements on the Java heap: a {@code float[]} for float32 or a {@code double[]} for float64. {@link #release()}
 * hands the array to the pool that the CPU backend allocates from (see {@link io.github.cola4j.tensor.MemoryScope})
 * and leaves this storage unusable.
 */
public final class CpuStorage extends Storage {
    private float[] floats;
    private double[] doubles;
    private volatile boolean released;

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
     * @throws IllegalStateException if the storage holds float64, or was released
     */
    public float[] floats() {
        if (floats == null) {
            checkNotReleased();
            throw new IllegalStateException("storage holds float64, not float32");
        }
        return floats;
    }

    /**
     * The float64 elements (the array itself, not a copy).
     *
     * @return the backing array, {@link #size()} long; writes to it change every tensor on this storage
     * @throws IllegalStateException if the storage holds float32, or was released
     */
    public double[] doubles() {
        if (doubles == null) {
            checkNotReleased();
            throw new IllegalStateException("storage holds float32, not float64");
        }
        return doubles;
    }

    private void checkNotReleased() {
        if (released) {
            throw new IllegalStateException("this tensor's storage (" + size() + " " + dtype()
                    + " elements) was released, by Tensor.release() or when the memory scope it was allocated in "
                    + "closed; keep tensors that outlive a scope with MemoryScope.keep or MemoryScope.retain");
        }
    }

    /** Puts the array back into the CPU backend's pool; afterwards every tensor on this storage is unusable. */
    @Override
    public synchronized void release() {
        if (released) {
            return;
        }
        released = true;
        if (floats != null) {
            float[] a = floats;
            floats = null;
            ArrayPool.SHARED.give(a);
        } else {
            double[] a = doubles;
            doubles = null;
            ArrayPool.SHARED.give(a);
        }
    }

    @Override
    public boolean isReleased() {
        return released;
    }

    @Override
    public Backend backend() {
        return CpuBackend.INSTANCE;
    }
}

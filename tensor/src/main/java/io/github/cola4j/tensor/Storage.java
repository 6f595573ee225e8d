package io.github.cola4j.tensor;

/**
 * A flat block of elements owned by one backend. Tensors are views (shape, strides, offset) onto a storage;
 * several tensors may share one. Where the elements live (Java heap, an OpenCL device) is the backend's business.
 */
public abstract class Storage {
    private final DType dtype;
    private final int size;
    /** The memory scope that releases this storage when it closes, or null (see {@link MemoryScope}). */
    MemoryScope scope;

    /**
     * A storage of {@code size} elements of {@code dtype}, tracked by this thread's open {@link MemoryScope} if any.
     *
     * @param dtype element type of every element
     * @param size number of elements, not bytes
     */
    protected Storage(DType dtype, int size) {
        this.dtype = dtype;
        this.size = size;
        MemoryScope.track(this);
    }

    /**
     * The element type.
     *
     * @return the type given at construction
     */
    public final DType dtype() {
        return dtype;
    }

    /**
     * Number of elements.
     *
     * @return the element count, not bytes; unchanged by {@link #release()}
     */
    public final int size() {
        return size;
    }

    /**
     * The backend that owns these elements and runs the ops on them.
     *
     * @return the owning backend, never null
     */
    public abstract Backend backend();

    /**
     * Frees the elements now instead of when the storage becomes unreachable: a device backend returns its memory
     * at once, the CPU backend puts its array back into the pool that later allocations of the same size take
     * from. Afterwards every tensor on this storage is unusable (an op on it fails). A {@link MemoryScope} calls
     * this when it closes. The default does nothing (the garbage collector frees the elements). Releasing twice
     * does nothing.
     */
    public void release() {
    }

    /**
     * Whether {@link #release()} freed the elements.
     *
     * @return true once released; always false for storage that {@link #release()} does not free
     */
    public boolean isReleased() {
        return false;
    }
}

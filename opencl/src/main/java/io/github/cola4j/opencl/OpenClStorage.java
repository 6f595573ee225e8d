package io.github.cola4j.opencl;

import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.MemoryScope;
import io.github.cola4j.tensor.Storage;

/**
 * Elements of an {@link OpenClBackend}: float32 storage is a range of the device arena starting at
 * {@link #base}; float64 storage stays on the host (a CPU storage), see the backend's notes.
 */
final class OpenClStorage extends Storage {
    private final OpenClBackend backend;
    /** Offset in the arena, or -1 for host (float64) storage. */
    final int base;
    /** The host elements of a float64 storage, else null. */
    final Storage host;

    OpenClStorage(OpenClBackend backend, int base, int size) {
        super(DType.FLOAT32, size);
        this.backend = backend;
        this.base = base;
        this.host = null;
    }

    OpenClStorage(OpenClBackend backend, Storage host) {
        super(host.dtype(), host.size());
        this.backend = backend;
        this.base = -1;
        this.host = host;
        // the host elements live as long as this storage: no memory scope may release them underneath it
        MemoryScope.untrack(host);
    }

    /** The backend's record of this range, through which {@link #release()} returns it; null on the host. */
    Object slot;
    private volatile boolean released;

    boolean onDevice() {
        return host == null;
    }

    @Override
    public void release() {
        // host (float64) elements are left to the garbage collector, as documented for this backend
        if (onDevice()) {
            backend.release(this);
        }
    }

    @Override
    public boolean isReleased() {
        return released;
    }

    void markReleased() {
        released = true;
    }

    @Override
    public Backend backend() {
        return backend;
    }
}

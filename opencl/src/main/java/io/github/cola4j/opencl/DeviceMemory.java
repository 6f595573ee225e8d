package io.github.cola4j.opencl;

import io.github.cola4j.tensor.TensorException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The device arena's ranges and their owners: allocation (collecting unreachable tensors or growing the arena
 * when it fills), release when a storage is released or found unreachable through a phantom reference, and
 * growth (the arena's contents come to the host once and go to a bigger device buffer). Not thread-safe: the
 * backend holds its lock around it.
 */
final class DeviceMemory {
    private static final Logger LOG = System.getLogger("io.github.cola4j");

    private final OpenClBackend backend;
    private final DeviceKernel k;
    private final LaunchStats stats;
    private final int collectFrom;
    /** The first-fit allocator of the arena's ranges. */
    final Arena arena;
    private final ReferenceQueue<OpenClStorage> released = new ReferenceQueue<>();
    private final Set<Slot> slots = new HashSet<>();

    /** A live device allocation: returned to the arena when its storage is unreachable. */
    private static final class Slot extends PhantomReference<OpenClStorage> {
        final int base;
        final int size;

        Slot(OpenClStorage s, ReferenceQueue<OpenClStorage> q) {
            super(s, q);
            this.base = s.base;
            this.size = s.size();
        }
    }

    /**
     * Memory for one backend's arena.
     *
     * @param backend the owner of the storages (its {@code maxArenaFloats} caps growth)
     * @param k the kernel whose {@code mem} array is the arena
     * @param stats where growths and their transfers are counted
     * @param collectFrom arena size (floats) from which a nearly full arena runs the GC before growing
     */
    DeviceMemory(OpenClBackend backend, DeviceKernel k, LaunchStats stats, int collectFrom) {
        this.backend = backend;
        this.k = k;
        this.stats = stats;
        this.collectFrom = collectFrom;
        this.arena = new Arena(k.mem.length);
    }

    private void drainReleased() {
        Reference<? extends OpenClStorage> r;
        while ((r = released.poll()) != null) {
            Slot s = (Slot) r;
            if (slots.remove(s)) {
                arena.release(s.base, s.size);
            }
        }
    }

    /** A new float32 range of {@code size} floats, its contents undefined. */
    OpenClStorage allocate(int size) {
        drainReleased();
        int base = arena.allocate(size);
        double growAt = 0.9;
        if (base < 0 || (arena.used() > arena.capacity() * 0.9 && arena.capacity() >= collectFrom)) {
            // Unreachable tensors hold most of a full arena during training: collect them before growing (a
            // full collection costs tens of milliseconds, so small arenas just grow).
            if (base >= 0) {
                arena.release(base, size);
            }
            collectReleased();
            base = arena.allocate(size);
            // After a collection, grow when the live tensors fill three quarters of the arena, so that the
            // next collection is at least 15% of the arena's allocations away.
            growAt = 0.75;
        }
        if (base < 0 || arena.used() > arena.capacity() * growAt) {
            if (base >= 0) {
                arena.release(base, size);
            }
            grow(size);
            base = arena.allocate(size);
        }
        OpenClStorage s = new OpenClStorage(backend, base, size);
        Slot slot = new Slot(s, released);
        slots.add(slot);
        s.slot = slot;
        return s;
    }

    /** Returns a storage's range to the arena now ({@link OpenClStorage#release()}). */
    void release(OpenClStorage s) {
        if (s.isReleased()) {
            return;
        }
        s.markReleased();
        Slot slot = (Slot) s.slot;
        if (slots.remove(slot)) {
            slot.clear();
            arena.release(slot.base, slot.size);
        }
    }

    /** Forgets every range (the backend is closing). */
    void clear() {
        slots.clear();
    }

    /** Runs the garbage collector and returns the ranges of the storages it found unreachable to the arena. */
    private void collectReleased() {
        System.gc();
        try {
            // The reference handler thread enqueues what the collection found after it ends: wait for the
            // first, then take the rest until the queue stays empty for a few milliseconds.
            Reference<? extends OpenClStorage> r = released.remove(100);
            while (r != null) {
                Slot s = (Slot) r;
                if (slots.remove(s)) {
                    arena.release(s.base, s.size);
                }
                r = released.remove(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drainReleased();
    }

    /** A bigger arena: the device contents come to the host once and go to a new device buffer. */
    private void grow(int size) {
        String name = backend.name();
        long maxArenaFloats = backend.maxArenaFloats;
        long want = Math.max((long) arena.capacity() * 2, (long) arena.capacity() + Arena.rounded(size));
        int cap = (int) Math.min(want, maxArenaFloats);
        if (cap - arena.capacity() < Arena.rounded(size)) {
            throw new TensorException(String.format(Locale.ROOT, "%s: out of device memory for a tensor of %d "
                    + "floats: the arena holds %d MB with %d MB in use, and one device buffer may hold at most %d MB",
                    name, size, mb(arena.capacity()), mb(arena.used()), mb(maxArenaFloats)));
        }
        float[] bigger;
        try {
            bigger = new float[cap];
        } catch (OutOfMemoryError e) {
            throw new TensorException(String.format(Locale.ROOT, "%s: the Java heap cannot hold the %d MB host copy "
                    + "of a grown device arena (Aparapi mirrors each device buffer in a Java array); give the JVM "
                    + "more heap with -Xmx (for ./cola4j: COLA4J_JAVA_OPTS=-Xmx...)", name, mb(cap)));
        }
        k.get(k.mem);
        stats.arenaGrew();
        stats.downloaded(k.mem.length);
        System.arraycopy(k.mem, 0, bigger, 0, k.mem.length);
        k.mem = bigger;
        k.put(bigger);
        stats.uploaded(arena.capacity());
        LOG.log(Level.DEBUG, () -> name + ": arena grows to " + cap + " floats");
        arena.grow(cap);
    }

    private static long mb(long floats) {
        return floats * Float.BYTES >> 20;
    }
}

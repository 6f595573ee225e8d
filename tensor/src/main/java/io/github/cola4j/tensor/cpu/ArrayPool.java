package io.github.cola4j.tensor.cpu;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Arrays of released CPU storage, kept by exact length for the next allocation of that length. A training step
 * allocates the same sizes in the same order every time, so once one step has released its tensors the next
 * takes every large array from here instead of the Java heap (no zeroing by the JVM, no page faults, no garbage).
 *
 * <p>Arrays shorter than {@value #MIN_LENGTH} elements are left to the heap: allocating them is cheap and pooling
 * them would only cost a lookup. The pool holds at most {@link #capacityBytes()}; when an array does not fit, the
 * lengths used least recently are dropped to the garbage collector first. The capacity is the system property
 * {@code cola4j.cpu.poolBytes} (bytes), by default half of the maximum heap.
 */
final class ArrayPool {
    static final int MIN_LENGTH = 4096;

    /** The one pool behind {@link CpuBackend}. */
    static final ArrayPool SHARED = new ArrayPool(defaultCapacity());

    private final long capacityBytes;
    private long pooledBytes;
    private long hits;
    private long misses;
    // access order: the first entries are the lengths used least recently
    private final Map<Integer, ArrayDeque<float[]>> floats = new LinkedHashMap<>(64, 0.75f, true);
    private final Map<Integer, ArrayDeque<double[]>> doubles = new LinkedHashMap<>(64, 0.75f, true);

    ArrayPool(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    private static long defaultCapacity() {
        String p = System.getProperty("cola4j.cpu.poolBytes");
        if (p != null) {
            try {
                return Math.max(0, Long.parseLong(p.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("cola4j.cpu.poolBytes must be a number of bytes, got '" + p + "'",
                        e);
            }
        }
        return Runtime.getRuntime().maxMemory() / 2;
    }

    /** A float array of exactly {@code n} elements: zero-filled when {@code zeroed}, else of undefined contents. */
    float[] floats(int n, boolean zeroed) {
        float[] a = n >= MIN_LENGTH ? takeFloats(n) : null;
        if (a == null) {
            return new float[n];
        }
        if (zeroed) {
            Parallel.forRange(n, 1 << 18, (from, to) -> Arrays.fill(a, from, to, 0f));
        }
        return a;
    }

    /** A double array of exactly {@code n} elements: zero-filled when {@code zeroed}, else of undefined contents. */
    double[] doubles(int n, boolean zeroed) {
        double[] a = n >= MIN_LENGTH ? takeDoubles(n) : null;
        if (a == null) {
            return new double[n];
        }
        if (zeroed) {
            Parallel.forRange(n, 1 << 17, (from, to) -> Arrays.fill(a, from, to, 0.0));
        }
        return a;
    }

    private synchronized float[] takeFloats(int n) {
        ArrayDeque<float[]> q = floats.get(n);
        float[] a = q == null ? null : q.pollLast();
        count(a != null, 4L * n);
        return a;
    }

    private synchronized double[] takeDoubles(int n) {
        ArrayDeque<double[]> q = doubles.get(n);
        double[] a = q == null ? null : q.pollLast();
        count(a != null, 8L * n);
        return a;
    }

    private void count(boolean hit, long bytes) {
        if (hit) {
            hits++;
            pooledBytes -= bytes;
        } else {
            misses++;
        }
    }

    /** Keeps {@code a} for reuse; nobody may touch it afterwards. */
    synchronized void give(float[] a) {
        long bytes = 4L * a.length;
        if (a.length >= MIN_LENGTH && makeRoom(bytes)) {
            floats.computeIfAbsent(a.length, k -> new ArrayDeque<>()).addLast(a);
            pooledBytes += bytes;
        }
    }

    /** Keeps {@code a} for reuse; nobody may touch it afterwards. */
    synchronized void give(double[] a) {
        long bytes = 8L * a.length;
        if (a.length >= MIN_LENGTH && makeRoom(bytes)) {
            doubles.computeIfAbsent(a.length, k -> new ArrayDeque<>()).addLast(a);
            pooledBytes += bytes;
        }
    }

    /** Drops the least recently used lengths until {@code bytes} more fit; false if they never can. */
    private boolean makeRoom(long bytes) {
        if (bytes > capacityBytes) {
            return false;
        }
        Iterator<Map.Entry<Integer, ArrayDeque<float[]>>> f = floats.entrySet().iterator();
        while (pooledBytes + bytes > capacityBytes && f.hasNext()) {
            Map.Entry<Integer, ArrayDeque<float[]>> e = f.next();
            pooledBytes -= 4L * e.getKey() * e.getValue().size();
            f.remove();
        }
        Iterator<Map.Entry<Integer, ArrayDeque<double[]>>> d = doubles.entrySet().iterator();
        while (pooledBytes + bytes > capacityBytes && d.hasNext()) {
            Map.Entry<Integer, ArrayDeque<double[]>> e = d.next();
            pooledBytes -= 8L * e.getKey() * e.getValue().size();
            d.remove();
        }
        return true;
    }

    /** Most bytes the pool keeps. */
    long capacityBytes() {
        return capacityBytes;
    }

    /** Bytes of the arrays waiting in the pool now. */
    synchronized long pooledBytes() {
        return pooledBytes;
    }

    /** Allocations of at least {@value #MIN_LENGTH} elements served from the pool so far. */
    synchronized long hits() {
        return hits;
    }

    /** Allocations of at least {@value #MIN_LENGTH} elements the pool could not serve so far. */
    synchronized long misses() {
        return misses;
    }

    /** Capacity, contents and counters read together. */
    synchronized PoolStats stats() {
        return new PoolStats(capacityBytes, pooledBytes, hits, misses);
    }

    /** Empties the pool (the arrays go to the garbage collector). */
    synchronized void clear() {
        floats.clear();
        doubles.clear();
        pooledBytes = 0;
    }
}

package io.github.cola4j.opencl;

import java.util.Map;
import java.util.TreeMap;

/**
 * First-fit allocator of ranges in the device arena, in float elements. Free ranges are kept sorted by start
 * and merged with their neighbours when released. Not thread-safe: the backend holds its lock around it.
 */
final class Arena {
    /** Allocations are rounded up to this many floats (64 bytes), which keeps ranges aligned for the device. */
    static final int ALIGN = 16;

    private final TreeMap<Integer, Integer> free = new TreeMap<>();
    private int capacity;
    private long used;

    Arena(int capacity) {
        this.capacity = capacity;
        free.put(0, capacity);
    }

    int capacity() {
        return capacity;
    }

    long used() {
        return used;
    }

    static int rounded(int size) {
        long r = ((long) Math.max(size, 1) + ALIGN - 1) / ALIGN * ALIGN;
        if (r > Integer.MAX_VALUE - ALIGN) {
            throw new IllegalArgumentException("allocation of " + size + " floats is too large for the arena");
        }
        return (int) r;
    }

    /** Start of a free range of {@code rounded(size)} floats, or -1 when none is large enough. */
    int allocate(int size) {
        int need = rounded(size);
        for (Map.Entry<Integer, Integer> e : free.entrySet()) {
            if (e.getValue() >= need) {
                int start = e.getKey();
                int len = e.getValue();
                free.remove(start);
                if (len > need) {
                    free.put(start + need, len - need);
                }
                used += need;
                return start;
            }
        }
        return -1;
    }

    void release(int start, int size) {
        int len = rounded(size);
        used -= len;
        Map.Entry<Integer, Integer> before = free.floorEntry(start);
        if (before != null && before.getKey() + before.getValue() == start) {
            start = before.getKey();
            len += before.getValue();
            free.remove(start);
        }
        Integer after = free.get(start + len);
        if (after != null) {
            free.remove(start + len);
            len += after;
        }
        free.put(start, len);
    }

    /** The arena grew to {@code newCapacity}: the new tail is free. */
    void grow(int newCapacity) {
        release(capacity, newCapacity - capacity);
        used += newCapacity - capacity;
        capacity = newCapacity;
    }
}

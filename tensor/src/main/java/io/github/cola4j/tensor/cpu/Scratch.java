package io.github.cola4j.tensor.cpu;

/**
 * A per-thread float buffer that grows on demand and is reused between kernel calls.
 *
 * <p>Each use site owns one {@code ThreadLocal<Scratch>}. {@link #acquire(int)} hands out the cached buffer
 * (contents undefined) and {@link #release()} returns it. Should the same thread re-enter the use site before
 * releasing (possible when a thread joining a parallel task runs another task), the nested caller gets a fresh
 * array instead, so a buffer in use is never shared.
 */
final class Scratch {

    private float[] buffer = new float[0];
    private int depth;

    /** Returns a buffer of at least {@code size} floats; pair every call with {@link #release()}. */
    float[] acquire(int size) {
        if (depth++ > 0) {
            return new float[size];
        }
        if (buffer.length < size) {
            buffer = new float[Math.max(size, buffer.length + (buffer.length >> 1))];
        }
        return buffer;
    }

    /** Gives back the buffer obtained by the matching {@link #acquire(int)}. */
    void release() {
        depth--;
    }

    /** A thread-local scratch slot for one use site. */
    static ThreadLocal<Scratch> perThread() {
        return ThreadLocal.withInitial(Scratch::new);
    }
}

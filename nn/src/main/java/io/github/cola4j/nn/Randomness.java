package io.github.cola4j.nn;

import io.github.cola4j.tensor.Rng;

/**
 * The generator that weight initialisation, dropout and stochastic depth draw from. Seed it once for runs that
 * repeat exactly; save and restore its state in checkpoints.
 *
 * <p>Every access locks the generator returned by {@link #global()}: draws synchronise on it, and {@link #seed},
 * {@link #state} and {@link #restore} take the same lock, so none of them can interleave with a draw.
 */
public final class Randomness {
    private static final Rng GLOBAL = new Rng(0x0C01A4A1L);
    private static final ThreadLocal<Rng> THREAD = new ThreadLocal<>();

    private Randomness() {
    }

    /**
     * Resets the shared generator to the sequence of {@code seed}.
     *
     * @param seed any value; the same seed gives the same draws
     */
    public static void seed(long seed) {
        long[] state = new Rng(seed).state();
        synchronized (GLOBAL) {
            GLOBAL.restore(state);
        }
    }

    /**
     * The generator that draws on this thread: the shared one, unless {@link #onThisThread} installed another.
     * Callers on several threads must synchronise on it while they draw; {@link #seed}, {@link #state} and
     * {@link #restore} hold the same lock and act on the shared generator only.
     *
     * @return the generator that {@link Init}, {@link Dropout} and {@link StochasticDepth} draw from on this thread
     */
    public static Rng global() {
        Rng own = THREAD.get();
        return own != null ? own : GLOBAL;
    }

    /**
     * Makes {@code rng} the generator of the calling thread until the returned handle is closed. Model replicas
     * that run side by side in one JVM (data-parallel workers in local mode) each draw their dropout and
     * stochastic-depth masks from a generator of their own, seeded for their task, so their draws do not depend
     * on how the threads interleave.
     *
     * @param rng the generator to draw from on this thread, not null
     * @return a handle whose {@code close()} restores the thread's previous generator
     */
    public static ThreadGenerator onThisThread(Rng rng) {
        Rng previous = THREAD.get();
        THREAD.set(java.util.Objects.requireNonNull(rng, "rng"));
        return new ThreadGenerator(previous);
    }

    /** A thread's own generator, installed by {@link #onThisThread}; closing it restores the previous one. */
    public static final class ThreadGenerator implements AutoCloseable {
        private final Rng previous;

        private ThreadGenerator(Rng previous) {
            this.previous = previous;
        }

        @Override
        public void close() {
            if (previous == null) {
                THREAD.remove();
            } else {
                THREAD.set(previous);
            }
        }
    }

    /**
     * The shared generator's state, for a checkpoint.
     *
     * @return a new array holding the complete state, for {@link #restore(long[])}
     */
    public static long[] state() {
        synchronized (GLOBAL) {
            return GLOBAL.state();
        }
    }

    /**
     * Restores a state returned by {@link #state()}.
     *
     * @param state an array returned by {@link #state()}; the draws that followed it then repeat
     * @throws IllegalArgumentException when {@code state} is not of a generator state's length (3)
     */
    public static void restore(long[] state) {
        synchronized (GLOBAL) {
            GLOBAL.restore(state);
        }
    }
}

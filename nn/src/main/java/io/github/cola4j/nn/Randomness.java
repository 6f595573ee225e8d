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
     * The shared generator. Callers on several threads must synchronise on it while they draw; {@link #seed},
     * {@link #state} and {@link #restore} hold the same lock.
     *
     * @return the one generator that {@link Init}, {@link Dropout} and {@link StochasticDepth} draw from
     */
    public static Rng global() {
        return GLOBAL;
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

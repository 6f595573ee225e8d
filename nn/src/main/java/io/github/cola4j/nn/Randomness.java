package io.github.cola4j.nn;

import io.github.cola4j.tensor.Rng;

/**
 * The generator that weight initialisation, dropout and stochastic depth draw from. Seed it once for runs that
 * repeat exactly; save and restore its state in checkpoints.
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
    public static synchronized void seed(long seed) {
        GLOBAL.restore(new Rng(seed).state());
    }

    /**
     * The shared generator. Callers on several threads must synchronise on it.
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
    public static synchronized long[] state() {
        return GLOBAL.state();
    }

    /**
     * Restores a state returned by {@link #state()}.
     *
     * @param state an array returned by {@link #state()}; the draws that followed it then repeat
     * @throws IllegalArgumentException when {@code state} is not of a generator state's length (3)
     */
    public static synchronized void restore(long[] state) {
        GLOBAL.restore(state);
    }
}

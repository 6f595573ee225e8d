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

    /** Resets the shared generator to the sequence of {@code seed}. */
    public static synchronized void seed(long seed) {
        GLOBAL.restore(new Rng(seed).state());
    }

    /** The shared generator. Callers on several threads must synchronise on it. */
    public static Rng global() {
        return GLOBAL;
    }

    /** The shared generator's state, for a checkpoint. */
    public static synchronized long[] state() {
        return GLOBAL.state();
    }

    /** Restores a state returned by {@link #state()}. */
    public static synchronized void restore(long[] state) {
        GLOBAL.restore(state);
    }
}

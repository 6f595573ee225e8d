package io.github.cola4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import org.junit.jupiter.api.Test;

class RandomnessTest {

    /**
     * Runs {@code action} on another thread while this one holds the shared generator's monitor, and returns the
     * state the other thread settles in: BLOCKED when the action waits for that monitor, TERMINATED when it ran
     * without it.
     */
    private static Thread.State stateWhileGlobalIsHeld(Runnable action) throws InterruptedException {
        Thread t = new Thread(action, "randomness-lock-test");
        Thread.State settled;
        synchronized (Randomness.global()) {
            t.start();
            long deadline = System.nanoTime() + 10_000_000_000L;
            do {
                settled = t.getState();
                if (settled == Thread.State.BLOCKED || settled == Thread.State.TERMINATED) {
                    break;
                }
                Thread.sleep(1);
            } while (System.nanoTime() < deadline);
        }
        t.join(10_000);
        return settled;
    }

    @Test
    void seedWaitsForTheLockCallersOfGlobalHold() throws InterruptedException {
        assertEquals(Thread.State.BLOCKED, stateWhileGlobalIsHeld(() -> Randomness.seed(5)));
    }

    @Test
    void stateWaitsForTheLockCallersOfGlobalHold() throws InterruptedException {
        assertEquals(Thread.State.BLOCKED, stateWhileGlobalIsHeld(Randomness::state));
    }

    @Test
    void restoreWaitsForTheLockCallersOfGlobalHold() throws InterruptedException {
        long[] s = Randomness.state();
        assertEquals(Thread.State.BLOCKED, stateWhileGlobalIsHeld(() -> Randomness.restore(s)));
    }

    @Test
    void restoredStateRepeatsTheDraws() {
        Randomness.seed(11);
        long[] s = Randomness.state();
        double[] first = Randomness.global().uniform(DType.FLOAT64, 0, 1, 4).toDoubleArray();
        Randomness.restore(s);
        assertArrayEquals(first, Randomness.global().uniform(DType.FLOAT64, 0, 1, 4).toDoubleArray());
        Randomness.seed(11);
        assertArrayEquals(first, Randomness.global().uniform(DType.FLOAT64, 0, 1, 4).toDoubleArray());
        assertArrayEquals(new Rng(11).state(), s);
    }

    @Test
    void aThreadsOwnGeneratorLeavesTheSharedOneAloneAndRepeats() throws Exception {
        Randomness.seed(7);
        long[] before = Randomness.state();
        double[] first;
        try (Randomness.ThreadGenerator g = Randomness.onThisThread(new Rng(42))) {
            first = Randomness.global().uniform(DType.FLOAT64, 0, 1, 5).toDoubleArray();
            // another thread still draws from the shared generator meanwhile
            Thread t = new Thread(() -> assertEquals(Randomness.state().length, 3));
            t.start();
            t.join();
        }
        assertArrayEquals(before, Randomness.state(), "the shared generator was not drawn from");
        double[] again;
        try (Randomness.ThreadGenerator g = Randomness.onThisThread(new Rng(42))) {
            again = Randomness.global().uniform(DType.FLOAT64, 0, 1, 5).toDoubleArray();
        }
        assertArrayEquals(first, again);
        Randomness.global().uniform(DType.FLOAT64, 0, 1, 1);
        org.junit.jupiter.api.Assertions.assertFalse(java.util.Arrays.equals(before, Randomness.state()),
                "after close, draws come from the shared generator again");
    }
}

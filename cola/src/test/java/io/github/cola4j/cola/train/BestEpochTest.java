package io.github.cola4j.cola.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BestEpochTest {

    @Test
    void theHighestValidationAccuracyWinsAndTheEarlierOfEqualOnes() {
        BestEpoch b = new BestEpoch(true);
        assertEquals(0, b.epoch());
        assertTrue(Double.isNaN(b.accuracy()));
        assertTrue(b.offer(1, 0.25));
        assertTrue(b.offer(2, 0.5));
        assertFalse(b.offer(3, 0.5));
        assertFalse(b.offer(4, 0.125));
        assertFalse(b.offer(5, Double.NaN));
        assertEquals(2, b.epoch());
        assertEquals(0.5, b.accuracy());
        assertTrue(b.offer(6, 0.75));
        assertEquals(6, b.epoch());
    }

    @Test
    void withoutValidationTheLatestEpochWins() {
        BestEpoch b = new BestEpoch(false);
        assertTrue(b.offer(1, Double.NaN));
        assertTrue(b.offer(2, 0.1));
        assertEquals(2, b.epoch());
        assertTrue(Double.isNaN(b.accuracy()));
    }

    @Test
    void aRestoredBestIsBeatenOnlyByAHigherAccuracy() {
        BestEpoch b = new BestEpoch(true, 3, 0.5);
        assertEquals(3, b.epoch());
        assertFalse(b.offer(4, 0.5));
        assertTrue(b.offer(5, 0.625));
        // -1 is how checkpoints note an accuracy not measured: any measured one beats it
        BestEpoch unmeasured = new BestEpoch(true, 2, -1);
        assertTrue(Double.isNaN(unmeasured.accuracy()));
        assertTrue(unmeasured.offer(3, 0.0));
        assertEquals(3, unmeasured.epoch());
    }

    @Test
    void epochsCountFromOne() {
        assertThrows(IllegalArgumentException.class, () -> new BestEpoch(true).offer(0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new BestEpoch(false, -1, Double.NaN));
    }
}

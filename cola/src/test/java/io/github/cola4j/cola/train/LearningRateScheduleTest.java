package io.github.cola4j.cola.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class LearningRateScheduleTest {
    private static PretrainConfig.Builder base() {
        return PretrainConfig.builder(Path.of("out")).epochs(4).stepsPerEpoch(10).learningRate(1e-3).lrDecay(0.5);
    }

    @Test
    void perEpochDecayByDefault() {
        PretrainConfig c = base().build();
        assertEquals(1e-3, c.learningRateAt(0), 1e-15);
        assertEquals(1e-3, c.learningRateAt(9), 1e-15);
        assertEquals(5e-4, c.learningRateAt(10), 1e-15);
        assertEquals(1.25e-4, c.learningRateAt(39), 1e-15);
    }

    @Test
    void warmUpRampsLinearlyThenTheScheduleTakesOver() {
        PretrainConfig c = base().warmupSteps(4).build();
        assertEquals(0.25e-3, c.learningRateAt(0), 1e-15);
        assertEquals(0.75e-3, c.learningRateAt(2), 1e-15);
        assertEquals(1e-3, c.learningRateAt(4), 1e-15);
        assertEquals(5e-4, c.learningRateAt(10), 1e-15);
    }

    @Test
    void cosineFallsFromThePeakToZeroAtTheLastStep() {
        PretrainConfig c = base().warmupSteps(10).cosineDecay(true).build();
        assertEquals(1e-4, c.learningRateAt(0), 1e-15);
        assertEquals(1e-3, c.learningRateAt(10), 1e-15);
        // half way through the 30 steps after the warm-up: half the peak
        assertEquals(0.5e-3, c.learningRateAt(25), 1e-15);
        assertEquals(0, c.learningRateAt(40), 1e-15);
        for (long t = 11; t < 40; t++) {
            assertEquals(true, c.learningRateAt(t) < c.learningRateAt(t - 1), "step " + t);
        }
        assertThrows(IllegalArgumentException.class, () -> base().warmupSteps(-1).build());
    }
}

package io.github.cola4j.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Drop probabilities and EfficientNet multipliers outside their ranges, NaN included, are rejected. */
class ProbabilityRangeTest {
    private static final EfficientNetConfig SMALL = new EfficientNetConfig(0.25, 0.25, 1, 0.2,
            EfficientNetConfig.Pooling.AVG);

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, -0.1, 1, Double.POSITIVE_INFINITY})
    void dropoutRejects(double p) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Dropout(p));
        assertEquals("Dropout: p must be in [0, 1), got " + p, e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {Double.NaN, -0.1, 1, Double.POSITIVE_INFINITY})
    void stochasticDepthRejects(double p) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new StochasticDepth(p));
        assertEquals("StochasticDepth: p must be in [0, 1), got " + p, e.getMessage());
    }

    @Test
    void mbConvRejectsNaNStochasticDepth() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MBConv(16, 16, 1, 3, 1, Double.NaN));
        assertTrue(e.getMessage().contains("StochasticDepth: p must be in [0, 1), got NaN"), e.getMessage());
    }

    @Test
    void efficientNetConfigRejectsNaN() {
        double nan = Double.NaN;
        EfficientNetConfig.Pooling avg = EfficientNetConfig.Pooling.AVG;
        for (double[] c : new double[][] {{nan, 1, 0.2}, {1, nan, 0.2}, {1, 1, nan}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new EfficientNetConfig(c[0], c[1], 1, c[2], avg));
            assertTrue(e.getMessage().startsWith("bad EfficientNet config") && e.getMessage().contains("NaN"),
                    e.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> SMALL.withStochasticDepth(nan));
        assertThrows(IllegalArgumentException.class, () -> new EfficientNetConfig(0, 1, 1, 0.2, avg));
        assertThrows(IllegalArgumentException.class, () -> new EfficientNetConfig(1, -1, 1, 0.2, avg));
        assertThrows(IllegalArgumentException.class, () -> new EfficientNetConfig(1, 1, 1, 1, avg));
    }

    @Test
    void efficientNetRejectsNaNDropout() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EfficientNet(SMALL, 4, Double.NaN));
        assertEquals("Dropout: p must be in [0, 1), got NaN", e.getMessage());
    }

    @Test
    void boundsStillAccepted() {
        assertEquals("Dropout(0.0)", new Dropout(0).toString());
        assertEquals(0.999, new StochasticDepth(0.999).probability());
        assertEquals(0.0, SMALL.withStochasticDepth(0).stochasticDepthProb());
    }
}

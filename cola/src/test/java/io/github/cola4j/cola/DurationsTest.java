package io.github.cola4j.cola;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DurationsTest {

    @Test
    void secondsKeepOneDecimal() {
        assertEquals("0.0s", Durations.format(0));
        assertEquals("0.0s", Durations.format(0.04));
        assertEquals("12.3s", Durations.format(12.34));
        assertEquals("59.9s", Durations.format(59.94));
    }

    @Test
    void minutesAndHoursInWholeSeconds() {
        assertEquals("1m00s", Durations.format(59.95)); // not "60.0s"
        assertEquals("1m00s", Durations.format(60));
        assertEquals("4m05s", Durations.format(245.4));
        assertEquals("59m59s", Durations.format(3599.4));
        assertEquals("1h00m00s", Durations.format(3599.5)); // rounds up into the next hour, not "60m00s"
        assertEquals("1h02m03s", Durations.format(3723));
        assertEquals("27h46m40s", Durations.format(100_000));
    }

    @Test
    void unknownDurationsAreAQuestionMark() {
        assertEquals("?", Durations.format(Double.NaN));
        assertEquals("?", Durations.format(Double.POSITIVE_INFINITY));
        assertEquals("?", Durations.format(Double.NEGATIVE_INFINITY));
        assertEquals("?", Durations.format(-0.5));
        assertEquals("0.0s", Durations.format(-0.0));
    }
}

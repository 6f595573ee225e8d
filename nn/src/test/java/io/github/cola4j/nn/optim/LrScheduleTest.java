package io.github.cola4j.nn.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LrScheduleTest {

    private static void matches(double[] expected, LrSchedule s) {
        for (int e = 0; e < expected.length; e++) {
            double lr = s.lr(e);
            assertTrue(Math.abs(lr - expected[e]) <= 1e-12 * expected[e], "epoch " + e + ": " + lr + " vs " + expected[e]);
        }
    }

    @Test
    void exponentialAndStepMatchPyTorchSchedulers() {
        Map<String, Object> fix = Json.resource("fixtures/optim/schedules.json");
        double base = (Double) fix.get("base_lr");
        matches(Json.doubles(fix.get("exponential_gamma_0.9")), LrSchedule.exponential(base, 0.9));
        matches(Json.doubles(fix.get("step_size_3_gamma_0.5")), LrSchedule.step(base, 3, 0.5));
    }

    @Test
    void warmupCosineRisesLinearlyThenFollowsTheCosineToTheFloor() {
        LrSchedule s = LrSchedule.warmupCosine(1.0, 4, 14, 0.1);
        assertEquals(0.25, s.lr(0), 1e-15);
        assertEquals(0.5, s.lr(1), 1e-15);
        assertEquals(1.0, s.lr(3), 1e-15);
        assertEquals(1.0, s.lr(4), 1e-15);
        assertEquals(0.1 + 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.3)), s.lr(7), 1e-15);
        assertEquals(0.55, s.lr(9), 1e-15);
        assertEquals(0.1, s.lr(14), 1e-15);
        assertEquals(0.1, s.lr(1000), 1e-15);
        for (int t = 4; t < 14; t++) {
            assertTrue(s.lr(t + 1) < s.lr(t), "not decreasing at " + t);
        }
        LrSchedule noWarmup = LrSchedule.warmupCosine(2.0, 0, 10, 0);
        assertEquals(2.0, noWarmup.lr(0), 1e-15);
        assertEquals(1.0, noWarmup.lr(5), 1e-15);
    }

    @Test
    void applySetsTheRateAndIsAPureFunctionOfTheStep() {
        Optimizer opt = new SGD(List.of(Variable.param(Tensor.zeros(2))), 1.0);
        LrSchedule s = LrSchedule.warmupCosine(0.3, 10, 100, 0.01);
        double at57 = s.apply(opt, 57);
        assertEquals(at57, opt.lr());
        s.apply(opt, 3);
        assertEquals(at57, LrSchedule.warmupCosine(0.3, 10, 100, 0.01).apply(opt, 57));
        assertThrows(IllegalArgumentException.class, () -> s.apply(opt, -1));
        assertThrows(IllegalArgumentException.class, () -> LrSchedule.warmupCosine(0.3, 10, 10, 0));
    }
}

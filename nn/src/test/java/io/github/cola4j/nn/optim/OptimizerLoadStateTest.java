package io.github.cola4j.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link Optimizer#loadState} rejects a bad state as a whole and leaves the optimiser as it was. */
class OptimizerLoadStateTest {

    private static List<Variable> params() {
        List<Variable> ps = new ArrayList<>();
        ps.add(Variable.param(Tensor.of(new double[] {0.5, -1.0, 2.0, 0.25, 1.5, -0.75}, 2, 3)));
        ps.add(Variable.param(Tensor.of(new double[] {1.0, -2.0, 3.0, -4.0})));
        return ps;
    }

    /** An optimiser that has taken {@code steps} steps on gradient p + 1 (deterministic). */
    private static Optimizer stepped(Optimizer opt, int steps) {
        for (int s = 0; s < steps; s++) {
            for (Variable p : opt.parameters()) {
                p.setGrad(p.value().add(Tensor.scalar(p.value().dtype(), 1.0)));
            }
            opt.step();
        }
        return opt;
    }

    private static Map<String, double[]> snapshot(Optimizer opt) {
        Map<String, double[]> out = new LinkedHashMap<>();
        opt.state().forEach((k, v) -> out.put(k, v.toDoubleArray()));
        return out;
    }

    private static void assertUnchanged(Map<String, double[]> before, Optimizer opt) {
        Map<String, double[]> after = snapshot(opt);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((k, v) -> assertArrayEquals(v, after.get(k), k + " changed"));
    }

    private static Map<String, Tensor> savedAdamState() {
        Map<String, Tensor> saved = new LinkedHashMap<>(stepped(new Adam(params(), 0.05), 5).state());
        assertTrue(saved.containsKey("0.step") && saved.containsKey("1.step"), saved.keySet().toString());
        return saved;
    }

    private static Optimizer make(boolean adam) {
        return adam ? new Adam(params(), 0.1) : new SGD(params(), 0.1, 0.9, 0, false, 0);
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void badLearningRateLeavesStepCountAndRateAlone(double lr) {
        for (boolean adam : new boolean[] {false, true}) {
            Map<String, Tensor> saved = new LinkedHashMap<>(stepped(make(adam), 7).state());
            saved.put(Optimizer.LR_KEY, Tensor.scalar(DType.FLOAT64, lr));
            Optimizer opt = stepped(make(adam), 2);
            Map<String, double[]> before = snapshot(opt);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> opt.loadState(saved));
            assertEquals(2, opt.stepCount());
            assertEquals(0.1, opt.lr());
            assertUnchanged(before, opt);
            assertTrue(e.getMessage().contains("'lr'"), e.getMessage());
        }
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1, 2.5, Double.NaN, Double.POSITIVE_INFINITY})
    void badAdamStepIsRejectedBeforeAnythingChanges(double step) {
        Map<String, Tensor> saved = savedAdamState();
        saved.put("1.step", Tensor.scalar(DType.FLOAT64, step));
        Adam adam = (Adam) stepped(new Adam(params(), 0.1), 2);
        Map<String, double[]> before = snapshot(adam);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(saved));
        assertEquals(2, adam.stepCount());
        assertUnchanged(before, adam);
        assertTrue(e.getMessage().contains("'1.step'"), e.getMessage());
    }

    @Test
    void adamStepOfSeveralValuesIsRejectedBeforeAnythingChanges() {
        Map<String, Tensor> saved = savedAdamState();
        saved.put("0.step", Tensor.of(new double[] {5.0, 5.0}));
        Adam adam = (Adam) stepped(new Adam(params(), 0.1), 2);
        Map<String, double[]> before = snapshot(adam);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(saved));
        assertUnchanged(before, adam);
        assertTrue(e.getMessage().contains("'0.step'"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(doubles = {-1, 0.5, Double.NaN, Double.POSITIVE_INFINITY})
    void badStepCountIsRejected(double step) {
        Map<String, Tensor> saved = savedAdamState();
        saved.put(Optimizer.STEP_KEY, Tensor.scalar(DType.FLOAT64, step));
        Adam adam = (Adam) stepped(new Adam(params(), 0.1), 2);
        Map<String, double[]> before = snapshot(adam);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam.loadState(saved));
        assertUnchanged(before, adam);
        assertTrue(e.getMessage().contains("'step'"), e.getMessage());
    }

    @Test
    void everyProblemIsReportedInOneException() {
        Map<String, Tensor> saved = savedAdamState();
        saved.put(Optimizer.LR_KEY, Tensor.scalar(DType.FLOAT64, -1));
        saved.put("0.step", Tensor.scalar(DType.FLOAT64, 1.5));
        saved.put("1.exp_avg", Tensor.zeros(3));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Adam(params(), 0.1).loadState(saved));
        String m = e.getMessage();
        assertTrue(m.contains("'lr'") && m.contains("'0.step'") && m.contains("'1.exp_avg' has shape [3]"), m);
    }

    @Test
    void goodStateStillLoads() {
        Optimizer source = stepped(new Adam(params(), 0.05), 5);
        Map<String, Tensor> saved = source.state();
        Adam adam = new Adam(params(), 0.1);
        adam.loadState(saved);
        assertEquals(5, adam.stepCount());
        assertEquals(0.05, adam.lr());
        Map<String, double[]> expected = snapshot(source);
        assertUnchanged(expected, adam);
    }
}

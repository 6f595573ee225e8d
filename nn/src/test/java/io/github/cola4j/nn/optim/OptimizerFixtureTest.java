package io.github.cola4j.nn.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * SGD, Adam and AdamW against PyTorch 1.13 on a fixed quadratic (fixtures/optim/optimizers.json, made by
 * nn/src/test/python/make_optim_fixtures.py): every parameter after every step within 1e-6 relative error.
 */
class OptimizerFixtureTest {
    static final double TOL = 1e-6;
    private static final Map<String, Object> FIX = Json.resource("fixtures/optim/optimizers.json");

    @SuppressWarnings("unchecked")
    private static List<Tensor> tensors(String key) {
        List<Tensor> out = new ArrayList<>();
        for (Object o : (List<Object>) FIX.get(key)) {
            out.add(Json.tensor(o));
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> run(String name) {
        return (Map<String, Object>) ((Map<String, Object>) FIX.get("runs")).get(name);
    }

    static Optimizer make(String name, List<Variable> params) {
        @SuppressWarnings("unchecked")
        Map<String, Object> h = (Map<String, Object>) run(name).get("hyper");
        double lr = (Double) h.get("lr");
        if (name.startsWith("sgd")) {
            return new SGD(params, lr, num(h, "momentum"), num(h, "dampening"),
                    Boolean.TRUE.equals(h.get("nesterov")), num(h, "weight_decay"));
        }
        double b1 = num(h, "beta1");
        double b2 = num(h, "beta2");
        double eps = num(h, "eps");
        double wd = num(h, "weight_decay");
        return name.startsWith("adamw") ? new AdamW(params, lr, b1, b2, eps, wd) : new Adam(params, lr, b1, b2, eps, wd);
    }

    private static double num(Map<String, Object> h, String k) {
        Object v = h.get(k);
        return v == null ? 0 : (Double) v;
    }

    static List<Variable> freshParams() {
        List<Variable> ps = new ArrayList<>();
        for (Tensor t : tensors("init")) {
            ps.add(Variable.param(t.copy()));
        }
        return ps;
    }

    /** Gradient a * p + b for the parameters that get one on this step, null for p2 on odd steps. */
    static void setGradients(List<Variable> ps, int step) {
        List<Tensor> a = tensors("curvature");
        List<Tensor> b = tensors("linear");
        for (int i = 0; i < ps.size(); i++) {
            Variable p = ps.get(i);
            p.setGrad(i == 2 && step % 2 == 1 ? null : p.value().mul(a.get(i)).add(b.get(i)));
        }
    }

    static double maxRelError(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length);
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-300);
            worst = Math.max(worst, Double.isNaN(err) ? Double.POSITIVE_INFINITY : err);
        }
        return worst;
    }

    @SuppressWarnings("unchecked")
    private static double compareStep(String name, List<Variable> ps, int step) {
        List<Object> after = (List<Object>) ((List<Object>) run(name).get("params_after_step")).get(step);
        double worst = 0;
        for (int i = 0; i < ps.size(); i++) {
            double e = maxRelError(Json.doubles(after.get(i)), ps.get(i).value().toDoubleArray());
            assertTrue(e <= TOL, name + ": parameter " + i + " after step " + step + " off by " + e);
            worst = Math.max(worst, e);
        }
        return worst;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd_plain", "sgd_momentum_dampening_wd", "sgd_nesterov_wd", "adam", "adam_wd", "adamw",
        "adamw_wd"})
    void matchesPyTorchStepByStep(String name) {
        List<Variable> ps = freshParams();
        Optimizer opt = make(name, ps);
        int steps = ((Double) FIX.get("steps")).intValue();
        double worst = 0;
        for (int s = 0; s < steps; s++) {
            setGradients(ps, s);
            opt.step();
            worst = Math.max(worst, compareStep(name, ps, s));
        }
        assertEquals(steps, opt.stepCount());
        System.out.printf("optimizer %-28s max relative error vs PyTorch %.2e%n", name, worst);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd_nesterov_wd", "sgd_momentum_dampening_wd", "adam_wd", "adamw_wd"})
    void resumesExactlyFromSavedState(String name) {
        int steps = ((Double) FIX.get("steps")).intValue();
        List<Variable> straight = freshParams();
        Optimizer a = make(name, straight);
        for (int s = 0; s < steps; s++) {
            setGradients(straight, s);
            a.step();
        }

        List<Variable> first = freshParams();
        Optimizer b = make(name, first);
        int cut = 3;
        for (int s = 0; s < cut; s++) {
            setGradients(first, s);
            b.step();
        }
        Map<String, Tensor> saved = new LinkedHashMap<>();
        b.state().forEach((k, v) -> saved.put(k, v.copy()));

        List<Variable> resumed = new ArrayList<>();
        for (Variable p : first) {
            resumed.add(Variable.param(p.value().copy()));
        }
        Optimizer c = make(name, resumed);
        c.setLr(123);
        c.loadState(saved);
        assertEquals(cut, c.stepCount());
        assertEquals(b.lr(), c.lr());
        for (int s = cut; s < steps; s++) {
            setGradients(resumed, s);
            c.step();
        }
        for (int i = 0; i < straight.size(); i++) {
            assertArrayEquals(straight.get(i).value().toDoubleArray(), resumed.get(i).value().toDoubleArray(),
                    name + ": parameter " + i + " differs after resuming");
        }
    }

    @Test
    void loadStateRejectsForeignOrMisShapedEntries() {
        List<Variable> ps = freshParams();
        Adam adam = new Adam(ps, 0.1);
        setGradients(ps, 0);
        adam.step();
        Map<String, Tensor> state = new LinkedHashMap<>(adam.state());
        assertTrue(state.containsKey("0.exp_avg") && state.containsKey("2.exp_avg_sq") && state.containsKey("1.step"));

        Map<String, Tensor> bad = new LinkedHashMap<>(state);
        bad.put("0.exp_avg", Tensor.zeros(7));
        bad.put("9.exp_avg", Tensor.zeros(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Adam(freshParams(), 0.1)
                .loadState(bad));
        assertTrue(e.getMessage().contains("'0.exp_avg' has shape [7]"), e.getMessage());
        assertTrue(e.getMessage().contains("'9.exp_avg' names no parameter"), e.getMessage());

        SGD sgd = new SGD(freshParams(), 0.1, 0.9, 0, false, 0);
        e = assertThrows(IllegalArgumentException.class, () -> sgd.loadState(state));
        assertTrue(e.getMessage().contains("is not a buffer of SGD"), e.getMessage());
    }

    @Test
    void parametersWithoutGradientAreLeftAlone() {
        List<Variable> ps = freshParams();
        double[] before = ps.get(1).value().toDoubleArray();
        Optimizer opt = new AdamW(ps, 0.1);
        setGradients(ps, 0);
        ps.get(1).zeroGrad();
        opt.step();
        assertArrayEquals(before, ps.get(1).value().toDoubleArray());
        assertTrue(!opt.state().containsKey("1.exp_avg"));
    }

    @Test
    void rejectsBadHyperparameters() {
        assertThrows(IllegalArgumentException.class, () -> new SGD(freshParams(), 0.1, 0, 0, true, 0));
        assertThrows(IllegalArgumentException.class, () -> new SGD(freshParams(), -1));
        assertThrows(IllegalArgumentException.class, () -> new Adam(freshParams(), 0.1, 1.0, 0.999, 1e-8, 0));
        assertThrows(IllegalArgumentException.class, () -> new AdamW(freshParams(), 0.1, 0.9, 0.999, -1, 0));
    }
}

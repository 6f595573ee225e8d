package io.github.cola4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class ModuleGradCheckTest {

    /** An output w * w that does not depend on the input. */
    private static final class IgnoresInput extends Module {
        private final Variable w = registerParameter("w", Tensor.of(new double[] {0.5, -1.5}));

        @Override
        public Variable forward(Variable x) {
            return w.mul(w);
        }
    }

    /** x * w, failing whenever w differs from its starting value. */
    private static final class FailsWhenNudged extends Module {
        private final Variable w = registerParameter("w", Tensor.of(new double[] {0.5, -1.5}));

        @Override
        public Variable forward(Variable x) {
            if (w.value().toDoubleArray()[0] != 0.5) {
                throw new IllegalStateException("parameter moved");
            }
            return x.mul(w);
        }
    }

    @Test
    void outputIndependentOfTheInputHasAZeroInputGradient() {
        IgnoresInput m = new IgnoresInput();
        ModuleGradCheck.Result r = ModuleGradCheck.check(m, Tensor.of(new double[] {1, 2, 3}), 24, 3);
        assertTrue(r.maxError() <= 1e-6, r.toString());
        assertTrue(m.w.grad() != null, "the parameter's gradient was not computed");
    }

    @Test
    void parameterIsRestoredWhenForwardThrows() {
        FailsWhenNudged m = new FailsWhenNudged();
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> ModuleGradCheck.check(m, Tensor.of(new double[] {1, 2}), 24, 3));
        assertEquals("parameter moved", e.getMessage());
        assertArrayEquals(new double[] {0.5, -1.5}, m.w.value().toDoubleArray(), 0);
    }
}

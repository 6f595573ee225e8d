package io.github.cola4j.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.MemoryScope;
import io.github.cola4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** A gradient a parameter no longer holds goes back to the memory scope it was cleared in. */
class GradientMemoryTest {

    private static Tensor stepGrad(Variable w) {
        w.zeroGrad();
        w.mul(Variable.constant(Tensor.ones(w.value().shape()).mul(3))).sum().backward();
        return w.grad();
    }

    @Test
    void aClearedGradientStaysReadableUntilItsScopeCloses() {
        Variable w = Variable.param(Tensor.ones(6000));
        Tensor first;
        try (MemoryScope step = MemoryScope.open()) {
            first = stepGrad(w);
        }
        assertFalse(first.storage().isReleased(), "a parameter's gradient outlives the step");
        Tensor second;
        try (MemoryScope step = MemoryScope.open()) {
            second = stepGrad(w);
            assertFalse(first.storage().isReleased());
            assertEquals(3.0, first.get(5999), 0);
        }
        assertTrue(first.storage().isReleased(), "the cleared gradient is released with the step");
        assertFalse(second.storage().isReleased());
        assertEquals(3.0, w.grad().get(0), 0);
    }

    @Test
    void outsideAnyScopeAClearedGradientIsLeftToTheCollector() {
        Variable w = Variable.param(Tensor.ones(6000));
        Tensor g = stepGrad(w);
        w.zeroGrad();
        assertNull(w.grad());
        assertFalse(g.storage().isReleased());
        assertEquals(3.0, g.get(1), 0);
    }

    @Test
    void accumulatingReleasesThePartialSumAndReplacingKeepsTheNewGradient() {
        Variable w = Variable.param(Tensor.ones(6000));
        try (MemoryScope step = MemoryScope.open()) {
            Tensor partial = stepGrad(w);
            w.mul(Variable.constant(Tensor.ones(6000))).sum().backward();
            assertEquals(4.0, w.grad().get(7), 0);
            Tensor scaled = w.grad().mul(0.5);
            Tensor before = w.grad();
            w.setGrad(scaled);
            step.close();
            assertTrue(partial.storage().isReleased());
            assertTrue(before.storage().isReleased());
            assertFalse(w.grad().storage().isReleased());
            assertEquals(2.0, w.grad().get(7), 0);
        }
    }
}

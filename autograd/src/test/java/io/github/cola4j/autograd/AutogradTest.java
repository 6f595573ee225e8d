package io.github.cola4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.Conv2dOptions;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class AutogradTest {

    @Test
    void leavesNeverShareGradientMemory() {
        // add's backward hands the same tensor to both inputs: the second leaf must get its own copy
        Variable a = Variable.param(Tensor.of(new float[] {1, 2, 3}, 3));
        Variable b = Variable.param(Tensor.of(new float[] {4, 5, 6}, 3));
        Variable c = Variable.param(Tensor.of(new float[] {7, 8, 9}, 3));
        Variable weights = Variable.constant(Tensor.of(new float[] {1, 1, 1}, 3));
        // the product makes the gradient reaching the adds dense (sum's own is a broadcast view, always copied)
        a.add(b).add(c.reshape(3, 1).reshape(3)).mul(weights).sum().backward();
        assertTrue(a.grad().storage() != b.grad().storage(), "a and b share gradient storage");
        assertTrue(a.grad().storage() != c.grad().storage(), "a and c share gradient storage");
        assertTrue(b.grad().storage() != c.grad().storage(), "b and c share gradient storage");
        assertArrayEquals(new float[] {1, 1, 1}, c.grad().toFloatArray());
    }

    @Test
    void aCallersOutputGradientIsCopiedIntoLeaves() {
        Variable p = Variable.param(Tensor.of(new float[] {1, 2, 3, 4}, 2, 2));
        Tensor mine = Tensor.of(new float[] {1, 2, 3, 4}, 2, 2);
        p.reshape(2, 2).backward(mine);
        assertTrue(p.grad().storage() != mine.storage(), "the leaf kept the caller's tensor");
        mine.assign(Tensor.zeros(2, 2));
        assertArrayEquals(new float[] {1, 2, 3, 4}, p.grad().toFloatArray(), "the caller's change reached the leaf");
    }

    @Test
    void gradientsReachingLeavesAsViewsAreStoredDense() {
        Variable p = Variable.param(new Rng(3).normal(DType.FLOAT32, 0, 1, 3, 4));
        Variable w = Variable.param(new Rng(4).normal(DType.FLOAT32, 0, 1, 4, 3));
        p.t().mul(w).sum().backward();
        Tensor g = p.grad();
        assertTrue(g.isContiguous() && g.offset() == 0 && g.storage().size() == g.size(), "gradient is a view");
        assertArrayEquals(w.value().t().contiguous().toFloatArray(), g.toFloatArray());
    }

    @Test
    void gradientsAccumulateIntoLeavesUntilZeroed() {
        Variable x = Variable.param(Tensor.of(new double[] {1, 2, 3}));
        x.mul(x).sum().backward();
        x.mul(x).sum().backward();
        assertArrayEquals(new double[] {4, 8, 12}, x.grad().toDoubleArray(), 1e-12);
        x.zeroGrad();
        assertNull(x.grad());
        x.sum().backward();
        assertArrayEquals(new double[] {1, 1, 1}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void sharedSubexpressionsSumTheirGradients() {
        Variable x = Variable.param(Tensor.of(new double[] {2}, 1));
        Variable y = x.mul(x);
        y.add(y).add(x).sum().backward(); // d/dx (2x^2 + x) = 4x + 1
        assertEquals(9, x.grad().item(), 1e-12);
    }

    @Test
    void backwardWithAnExplicitOutputGradient() {
        Variable x = Variable.param(Tensor.of(new double[] {1, 2}));
        x.mul(3).backward(Tensor.of(new double[] {10, 20}));
        assertArrayEquals(new double[] {30, 60}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void constantsAndNoGradRecordNothing() {
        Variable w = Variable.param(Tensor.ones(DType.FLOAT64, 2));
        Variable c = Variable.constant(Tensor.ones(DType.FLOAT64, 2));
        assertFalse(c.mul(c).requiresGrad());
        try (var scope = Autograd.noGrad()) {
            Variable y = w.mul(w);
            assertFalse(y.requiresGrad());
            assertTrue(y.isLeaf());
        }
        assertTrue(Autograd.isGradEnabled());
        assertTrue(w.mul(w).requiresGrad());
    }

    @Test
    void detachStopsGradients() {
        Variable x = Variable.param(Tensor.of(new double[] {3}, 1));
        x.mul(x.detach()).sum().backward(); // only the first factor carries a gradient
        assertEquals(3, x.grad().item(), 1e-12);
    }

    @Test
    void secondBackwardThroughAReleasedGraphIsAClearError() {
        Variable x = Variable.param(Tensor.of(new double[] {1, 2}));
        Variable y = x.exp().sum();
        y.backward();
        IllegalStateException e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("retainGraph"), e.getMessage());
    }

    @Test
    void retainGraphAllowsASecondBackward() {
        Variable x = Variable.param(Tensor.of(new double[] {1, 2}));
        Variable y = x.mul(x).sum();
        y.backward(Tensor.scalar(DType.FLOAT64, 1), true);
        y.backward(Tensor.scalar(DType.FLOAT64, 1), false);
        assertArrayEquals(new double[] {4, 8}, x.grad().toDoubleArray(), 1e-12);
    }

    @Test
    void tenThousandChainedOpsBackPropagateWithoutOverflowingTheStack() {
        Variable x = Variable.param(Tensor.of(new double[] {0.5}, 1));
        Variable y = x;
        for (int i = 0; i < 10_000; i++) {
            y = y.mul(1.0001).add(0.0);
        }
        y.sum().backward();
        assertEquals(Math.pow(1.0001, 10_000), x.grad().item(), 1e-9);
    }

    @Test
    void backwardFromNonScalarNeedsAnOutputGradient() {
        Variable x = Variable.param(Tensor.of(new double[] {1, 2}));
        assertThrows(io.github.cola4j.tensor.TensorException.class, () -> x.mul(2).backward());
    }

    @Test
    void gradcheckCatchesAWrongGradient() {
        // x * detach(x) has gradient x, not the 2x the value's formula suggests: gradcheck must notice.
        Tensor x = Tensor.of(new double[] {0.5, -1.5, 2.0});
        GradCheck.Result ok = GradCheck.check(v -> v[0].mul(v[0]), x);
        assertTrue(ok.passed(1e-6), ok.toString());
        GradCheck.Result bad = GradCheck.check(v -> {
            Variable wrong = v[0].mul(v[0].detach());
            return wrong;
        }, x);
        // Here autograd is right about the detached graph, but the finite difference sees x^2: they disagree.
        assertFalse(bad.passed(1e-3), bad.toString());
        assertEquals(0, bad.input());
        assertEquals(1, bad.index().length);
    }

    @Test
    void repeatedTrainingStepsDoNotGrowTheHeap() {
        Rng rng = new Rng(1);
        Variable w = Variable.param(rng.normal(DType.FLOAT32, 0, 0.1, 8, 4, 3, 3));
        Variable lin = Variable.param(rng.normal(DType.FLOAT32, 0, 0.1, 8, 5));
        Variable x = Variable.constant(rng.normal(DType.FLOAT32, 0, 1, 4, 4, 12, 12));
        Runnable step = () -> {
            Variable h = x.conv2d(w, null, Conv2dOptions.of(1, 1, 1)).silu().mean(false, 2, 3);
            Variable loss = h.matmul(lin).logSoftmax(1).mean().neg();
            loss.backward();
            w.setValue(w.value().sub(w.grad().mul(0.01)));
            lin.setValue(lin.value().sub(lin.grad().mul(0.01)));
            w.zeroGrad();
            lin.zeroGrad();
        };
        for (int i = 0; i < 200; i++) {
            step.run();
        }
        long before = usedHeapAfterGc();
        for (int i = 0; i < 2000; i++) {
            step.run();
        }
        long after = usedHeapAfterGc();
        // A leaked graph would keep every step's activations (~100 KB each): 2000 steps would add ~200 MB.
        assertTrue(after - before < 8L << 20, "heap grew by " + (after - before) + " bytes over 2000 steps");
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}

package io.github.cola4j.autograd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.TensorException;
import org.junit.jupiter.api.Test;

/** What backward does with the gradients an op's rule returns: keep, sum down, or refuse. */
class GradientShapeCheckTest {

    /** A custom op whose output is its input's value and whose backward returns {@code grad} whatever it is given. */
    private static Variable opReturning(String name, Variable x, Tensor grad) {
        return Variable.fromOp(name, x.value().copy(), g -> new Tensor[] {grad}, x);
    }

    @Test
    void aGradientOfAShapeTheInputCannotBroadcastToNamesOpIndexAndShapes() {
        Variable x = Variable.param(Tensor.of(new double[] {1, 2, 3}));
        Variable c = Variable.constant(Tensor.of(new double[] {4, 5, 6}));
        Variable y = Variable.fromOp("myScale", x.value().copy(),
                g -> new Tensor[] {null, Tensor.zeros(5)}, c, x);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        String m = e.getMessage();
        assertTrue(m.contains("'myScale'"), m);
        assertTrue(m.contains("input 1"), m);
        assertTrue(m.contains("[5]") && m.contains("[3]"), m);
    }

    @Test
    void aGradientWithSizeOneAxesExpandedIsSummedDown() {
        Variable x = Variable.param(Tensor.of(new double[] {0, 0, 0, 0}, 1, 4));
        double[] g = new double[12];
        for (int i = 0; i < g.length; i++) {
            g[i] = i;
        }
        Variable y = opReturning("broadcastRows", x, Tensor.of(g, 3, 4));
        y.sum().backward();
        assertArrayEquals(new int[] {1, 4}, x.grad().shape());
        assertArrayEquals(new double[] {0 + 4 + 8, 1 + 5 + 9, 2 + 6 + 10, 3 + 7 + 11}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void aGradientWithExtraLeadingAxesIsSummedDown() {
        Variable x = Variable.param(Tensor.of(new double[] {0, 0, 0, 0}));
        Variable y = opReturning("broadcastBatch", x, Tensor.ones(io.github.cola4j.tensor.DType.FLOAT64, 2, 3, 4));
        y.sum().backward();
        assertArrayEquals(new int[] {4}, x.grad().shape());
        assertArrayEquals(new double[] {6, 6, 6, 6}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void aGradientOfTheInputsShapeIsKeptAsItIs() {
        Variable x = Variable.param(Tensor.of(new double[] {1, 2, 3}));
        opReturning("fixed", x, Tensor.of(new double[] {7, 8, 9})).sum().backward();
        assertArrayEquals(new double[] {7, 8, 9}, x.grad().toDoubleArray(), 0);
    }

    @Test
    void theReadmesScaleOpGetsAScalarGradientForItsScalarInput() {
        Variable x = Variable.param(Tensor.of(new double[] {1, 2, 3}));
        Variable s = Variable.param(Tensor.scalar(io.github.cola4j.tensor.DType.FLOAT64, 2));
        Variable y = Variable.fromOp("scale", x.value().mul(s.value()),
                g -> new Tensor[] {g.mul(s.value()), g.mul(x.value())}, x, s);
        y.sum().backward();
        assertArrayEquals(new double[] {2, 2, 2}, x.grad().toDoubleArray(), 0);
        assertArrayEquals(new int[0], s.grad().shape());
        org.junit.jupiter.api.Assertions.assertEquals(6, s.grad().item(), 0);
    }

    @Test
    void aNullGradientMeansNone() {
        Variable a = Variable.param(Tensor.of(new double[] {1, 2}));
        Variable b = Variable.param(Tensor.of(new double[] {3, 4}));
        Variable y = Variable.fromOp("firstOnly", a.value().copy(), g -> new Tensor[] {g, null}, a, b);
        y.sum().backward();
        assertArrayEquals(new double[] {1, 1}, a.grad().toDoubleArray(), 0);
        assertNull(b.grad());
    }

    @Test
    void aBackwardReturningTooFewGradientsIsNamed() {
        Variable a = Variable.param(Tensor.of(new double[] {1, 2}));
        Variable b = Variable.param(Tensor.of(new double[] {3, 4}));
        Variable y = Variable.fromOp("short", a.value().copy(), g -> new Tensor[] {g}, a, b);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("'short'") && e.getMessage().contains("1 gradients for 2 inputs"),
                e.getMessage());
    }

    @Test
    void theCheckAlsoGuardsGradientsOfIntermediateInputs() {
        // the wrong gradient goes to a variable made by an op, not a leaf: still caught at the op that made it
        Variable x = Variable.param(Tensor.of(new double[] {1, 2, 3}));
        Variable h = x.mul(2);
        Variable y = opReturning("wrongRank", h, Tensor.zeros(3, 2));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> y.sum().backward());
        assertTrue(e.getMessage().contains("'wrongRank'") && e.getMessage().contains("[3, 2]"), e.getMessage());
    }

    @Test
    void sumToSumsOverLeadingAndSizeOneAxes() {
        Tensor g = Tensor.of(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 3, 2);
        Tensor r = Variable.sumTo(g, new int[] {3, 1});
        assertArrayEquals(new int[] {3, 1}, r.shape());
        // rows of the two [3, 2] blocks, summed over the block and the last axis
        assertArrayEquals(new double[] {1 + 2 + 7 + 8, 3 + 4 + 9 + 10, 5 + 6 + 11 + 12}, r.toDoubleArray(), 0);
        assertSame(g, Variable.sumTo(g, new int[] {2, 3, 2}));
        assertArrayEquals(new int[0], Variable.sumTo(g, new int[0]).shape());
        org.junit.jupiter.api.Assertions.assertEquals(78, Variable.sumTo(g, new int[0]).item(), 0);
    }

    @Test
    void sumToAShapeThatDoesNotBroadcastIsRefused() {
        Tensor g = Tensor.zeros(2, 3);
        TensorException e = assertThrows(TensorException.class, () -> Variable.sumTo(g, new int[] {2}));
        assertTrue(e.getMessage().startsWith("sumTo:") && e.getMessage().contains("[2, 3]"), e.getMessage());
        assertThrows(TensorException.class, () -> Variable.sumTo(g, new int[] {1, 2, 3, 1}));
    }
}

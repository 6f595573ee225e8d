package io.github.cola4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * Bad options, windows larger than their input and gradients of the wrong shape are rejected with messages that
 * name the values at fault.
 */
class ShapeChecksTest {

    @Test
    void badOptionsNameTheValuesGiven() {
        TensorException c = assertThrows(TensorException.class, () -> new Conv2dOptions(0, 1, 0, 0, 1, 1, 1));
        assertTrue(c.getMessage().contains("stride 0x1"), c.getMessage());
        TensorException p = assertThrows(TensorException.class, () -> new Pool2dOptions(3, 3, 1, 1, 2, 0));
        assertTrue(p.getMessage().contains("kernel 3x3") && p.getMessage().contains("padding 2x0"), p.getMessage());
    }

    @Test
    void windowsLargerThanThePaddedInputAreRejected() {
        Tensor x = Tensor.zeros(1, 1, 2, 2);
        // (2 - 3) / 2 truncates to 0, which made one output row; floor division gives none
        assertEquals(0, Pool2dOptions.of(3, 2, 0).outH(2));
        TensorException p = assertThrows(TensorException.class, () -> x.maxPool2d(Pool2dOptions.of(3, 2, 0)));
        assertTrue(p.getMessage().contains("window larger"), p.getMessage());
        Tensor w = Tensor.zeros(1, 1, 3, 3);
        Conv2dOptions strided = new Conv2dOptions(2, 2, 0, 0, 1, 1, 1);
        TensorException c = assertThrows(TensorException.class, () -> x.conv2d(w, null, strided));
        assertTrue(c.getMessage().contains("kernel larger"), c.getMessage());
        assertEquals(1, Pool2dOptions.of(3, 2, 1).outH(2), "a padded window that fits still gives a row");
    }

    @Test
    void softmaxAlongAnInnerAxisIsContiguous() {
        Tensor s = Tensor.ones(3, 4).softmax(0);
        assertTrue(s.isContiguous());
        assertEquals(1.0 / 3, s.toDoubleArray()[0], 1e-7);
    }

    @Test
    void gradientOpsRejectAnOutputGradientOfTheWrongShape() {
        Tensor x = Tensor.zeros(2, 3, 5, 5);
        Tensor w = Tensor.zeros(4, 3, 3, 3);
        Conv2dOptions o = Conv2dOptions.of(1, 1, 1);
        Tensor good = Tensor.zeros(2, 4, 5, 5);
        assertArrayEquals(x.shape(), good.conv2dBackwardInput(w, x.shape(), o).shape());
        assertArrayEquals(w.shape(), good.conv2dBackwardWeight(x, w.shape(), o).shape());
        Tensor bad = Tensor.zeros(2, 4, 4, 5);
        TensorException ci = assertThrows(TensorException.class, () -> bad.conv2dBackwardInput(w, x.shape(), o));
        assertTrue(ci.getMessage().contains("conv2dBackwardInput") && ci.getMessage().contains("[2, 4, 5, 5]"),
                ci.getMessage());
        assertThrows(TensorException.class, () -> bad.conv2dBackwardWeight(x, w.shape(), o));

        Pool2dOptions p = Pool2dOptions.of(2, 2, 0);
        assertArrayEquals(x.shape(), x.maxPool2dBackward(Tensor.zeros(2, 3, 2, 2), p).shape());
        TensorException mp = assertThrows(TensorException.class,
                () -> x.avgPool2dBackward(Tensor.zeros(2, 3, 3, 2), p));
        assertTrue(mp.getMessage().contains("[2, 3, 2, 2]"), mp.getMessage());
    }

    @Test
    void batchNormChecksItsPerChannelTensors() {
        Tensor x = Tensor.ones(2, 3, 2, 2);
        Tensor c3 = Tensor.ones(3);
        BatchNormResult r = x.batchNormTraining(c3, Tensor.zeros(3), 1e-5);
        assertArrayEquals(x.shape(), r.y().shape());
        assertArrayEquals(new int[] {3}, r.mean().shape());
        TensorException g = assertThrows(TensorException.class,
                () -> x.batchNormTraining(Tensor.ones(4), c3, 1e-5));
        assertTrue(g.getMessage().contains("[3]"), g.getMessage());
        assertThrows(TensorException.class, () -> Tensor.ones(3, 2).batchNormTraining(c3, c3, 1e-5));
        TensorException b = assertThrows(TensorException.class,
                () -> x.batchNormBackward(Tensor.ones(2, 3, 2, 1), r.mean(), r.invStd(), c3));
        assertTrue(b.getMessage().contains("batchNormBackward"), b.getMessage());
        BatchNormGrads d = x.batchNormBackward(Tensor.ones(2, 3, 2, 2), r.mean(), r.invStd(), c3);
        assertArrayEquals(new int[] {3}, d.dGamma().shape());
    }
}

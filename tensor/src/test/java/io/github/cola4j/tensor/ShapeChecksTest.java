package io.github.cola4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad options and windows larger than their input are rejected with messages that name the values at fault. */
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
}

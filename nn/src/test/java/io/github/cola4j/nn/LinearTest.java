package io.github.cola4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.TensorException;
import org.junit.jupiter.api.Test;

class LinearTest {

    @Test
    void initialWeightOfTheWrongShapeIsRejectedAtConstruction() {
        for (Tensor w : new Tensor[] {Tensor.zeros(3, 2), Tensor.zeros(6), Tensor.zeros(2, 3, 1), Tensor.zeros()}) {
            TensorException e = assertThrows(TensorException.class, () -> new Linear(3, 2, true, w));
            String m = e.getMessage();
            assertTrue(m.startsWith("Linear(3, 2)") && m.contains("[2, 3]")
                    && m.contains(java.util.Arrays.toString(w.shape())), m);
        }
    }

    @Test
    void initialWeightOfTheRightShapeIsUsedAsItIs() {
        Tensor w = Tensor.ones(2, 3);
        Linear l = new Linear(3, 2, false, w);
        assertSame(w, l.weight().value());
        assertArrayEquals(new int[] {2, 3}, l.weight().shape());
    }
}

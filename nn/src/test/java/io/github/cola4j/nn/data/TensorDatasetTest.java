package io.github.cola4j.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

class TensorDatasetTest {

    @Test
    void classLabelsRoundTripThroughABatch() {
        TensorDataset d = TensorDataset.ofClasses(Tensor.zeros(4, 2), new int[] {3, 0, 2, 1});
        assertEquals(4, d.size());
        assertArrayEquals(new int[] {1, 3, 3}, d.get(3, 0, 0).classLabels());
    }

    @Test
    void theDatasetKeepsItsOwnCopy() {
        Tensor f = Tensor.of(new float[] {1, 2}, 2, 1);
        TensorDataset d = new TensorDataset(f, Tensor.zeros(2));
        f.assign(Tensor.zeros(2, 1));
        assertArrayEquals(new float[] {2, 1}, d.get(1, 0).features().toFloatArray());
    }

    @Test
    void mismatchedOrScalarTensorsAreRefusedWithTheirShapes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TensorDataset(Tensor.zeros(5, 2), Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("[5, 2]") && e.getMessage().contains("[4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> new TensorDataset(Tensor.scalar(io.github.cola4j.tensor.DType.FLOAT32, 1), Tensor.zeros(1)));
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(null, Tensor.zeros(1)));
        assertThrows(IllegalArgumentException.class, () -> TensorDataset.ofClasses(Tensor.zeros(2, 1),
                new int[] {0, -1}));
    }

    @Test
    void indicesOutsideTheDatasetOrNoIndicesAreRefused() {
        TensorDataset d = TensorDataset.ofClasses(Tensor.zeros(3, 2), new int[] {0, 1, 2});
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class, () -> d.get(0, 3));
        assertTrue(e.getMessage().contains("index 3 outside [0, 3)"), e.getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> d.get(-1));
        assertThrows(IllegalArgumentException.class, () -> d.get());
    }

    @Test
    void classLabelsMustBeNonNegativeIntegers() {
        Batch half = new Batch(Tensor.zeros(2, 1), Tensor.of(new float[] {1, 1.5f}));
        IllegalStateException e = assertThrows(IllegalStateException.class, half::classLabels);
        assertTrue(e.getMessage().contains("label 1 is 1.5"), e.getMessage());
        assertThrows(IllegalStateException.class, new Batch(Tensor.zeros(1, 1), Tensor.of(new float[] {-1}))::classLabels);
        assertThrows(IllegalStateException.class, new Batch(Tensor.zeros(1, 1), Tensor.zeros(1, 2))::classLabels);
        assertThrows(IllegalArgumentException.class, () -> new Batch(Tensor.zeros(2, 1), Tensor.zeros(3)));
    }
}

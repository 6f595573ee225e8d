package io.github.cola4j.nn.data;

import static io.github.cola4j.nn.data.DataLoaderProperties.numbered;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class DataLoaderTest {

    /** The feature values of each batch of one pass of {@code it}, that is the example indices. */
    private static List<int[]> indices(Iterable<Batch> it) {
        List<int[]> out = new ArrayList<>();
        for (Batch b : it) {
            float[] f = b.features().toFloatArray();
            int[] idx = new int[f.length];
            for (int i = 0; i < f.length; i++) {
                idx[i] = (int) f[i];
            }
            out.add(idx);
        }
        return out;
    }

    private static int[] flat(List<int[]> batches) {
        return batches.stream().flatMapToInt(Arrays::stream).toArray();
    }

    @Test
    void withoutShuffleBatchesFollowIndexOrderAndKeepTheLastPartialOne() {
        List<int[]> b = indices(new DataLoader(numbered(7), 3));
        assertEquals(3, b.size());
        assertArrayEquals(new int[] {0, 1, 2}, b.get(0));
        assertArrayEquals(new int[] {3, 4, 5}, b.get(1));
        assertArrayEquals(new int[] {6}, b.get(2));
    }

    @Test
    void dropLastLeavesOutThePartialBatch() {
        DataLoader loader = new DataLoader(numbered(7), 3).withDropLast(true);
        assertEquals(2, loader.batchesPerEpoch());
        List<int[]> b = indices(loader);
        assertEquals(2, b.size());
        assertArrayEquals(new int[] {0, 1, 2, 3, 4, 5}, flat(b));
        // with an exact fit nothing is dropped
        assertEquals(3, new DataLoader(numbered(9), 3).withDropLast(true).batchesPerEpoch());
        // and a batch size above the dataset's leaves no batch at all
        assertFalse(new DataLoader(numbered(2), 3).withDropLast(true).iterator().hasNext());
    }

    @Test
    void theSameSeedGivesTheSameOrderAndEachEpochANewOne() {
        DataLoader a = new DataLoader(numbered(50), 8).withShuffle(42);
        DataLoader b = new DataLoader(numbered(50), 8).withShuffle(42);
        int[] a0 = flat(indices(a));
        int[] a1 = flat(indices(a));
        assertArrayEquals(a0, flat(indices(b)), "same seed, epoch 0");
        assertArrayEquals(a1, flat(indices(b)), "same seed, epoch 1");
        assertFalse(Arrays.equals(a0, a1), "epochs 0 and 1 visit the examples in the same order");
        int[] identity = new int[50];
        Arrays.setAll(identity, i -> i);
        assertFalse(Arrays.equals(identity, a0), "the shuffle left index order");
        int[] sorted = a0.clone();
        Arrays.sort(sorted);
        assertArrayEquals(identity, sorted, "epoch 0 is not a permutation");
        assertFalse(Arrays.equals(a0, flat(indices(new DataLoader(numbered(50), 8).withShuffle(43)))),
                "seeds 42 and 43 give the same order");
    }

    @Test
    void eachForLoopStartsTheNextEpochAndEpochReplaysOneWithoutCounting() {
        DataLoader loader = new DataLoader(numbered(20), 6).withShuffle(3);
        assertEquals(0, loader.nextEpoch());
        int[] e0 = flat(indices(loader));
        int[] e1 = flat(indices(loader));
        assertEquals(2, loader.nextEpoch());
        assertArrayEquals(e1, flat(indices(loader.epoch(1))));
        assertArrayEquals(e0, flat(indices(loader.epoch(0))));
        assertArrayEquals(e0, loader.order(0));
        assertEquals(2, loader.nextEpoch(), "replaying an epoch counted it as started");
        // a new loader from the settings starts again at epoch 0
        assertArrayEquals(e0, flat(indices(loader.withDropLast(false))));
    }

    @Test
    void anIteratorPastItsLastBatchSaysSo() {
        Iterator<Batch> it = new DataLoader(numbered(2), 2).iterator();
        it.next();
        assertFalse(it.hasNext());
        NoSuchElementException e = assertThrows(NoSuchElementException.class, it::next);
        assertTrue(e.getMessage().contains("1 batches"), e.getMessage());
    }

    @Test
    void badArgumentsAreRefusedWithTheirValues() {
        TensorDataset d = numbered(4);
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> new DataLoader(d, 0));
        assertTrue(size.getMessage().contains("at least 1, got 0"), size.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(null, 2));
        IllegalArgumentException epoch = assertThrows(IllegalArgumentException.class,
                () -> new DataLoader(d, 2).epoch(-1));
        assertTrue(epoch.getMessage().contains("-1"), epoch.getMessage());
    }

    @Test
    void anEmptyDatasetGivesNoBatches() {
        DataLoader loader = new DataLoader(new TensorDataset(Tensor.zeros(0, 3), Tensor.zeros(0)), 4);
        assertEquals(0, loader.batchesPerEpoch());
        assertFalse(loader.iterator().hasNext());
    }

    @Test
    void batchesKeepTheElementTypeAndTheExampleShape() {
        Tensor f = Tensor.arange(DType.FLOAT64, 0, 24, 1).reshape(4, 2, 3);
        Tensor l = Tensor.arange(DType.FLOAT64, 0, 8, 1).reshape(4, 2);
        Batch b = new TensorDataset(f, l).get(3, 1);
        assertEquals(DType.FLOAT64, b.features().dtype());
        assertArrayEquals(new int[] {2, 2, 3}, b.features().shape());
        assertArrayEquals(new int[] {2, 2}, b.labels().shape());
        assertArrayEquals(new double[] {18, 19, 20, 21, 22, 23, 6, 7, 8, 9, 10, 11}, b.features().toDoubleArray(), 0);
        assertArrayEquals(new double[] {6, 7, 2, 3}, b.labels().toDoubleArray(), 0);
        assertEquals(2, b.size());
    }
}

package io.github.cola4j.nn.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Every epoch visits each example once, in batches of the right sizes, whatever the settings. */
class DataLoaderProperties {

    /** A dataset whose example i has feature i and label 10 * i, so a batch tells which examples it holds. */
    static TensorDataset numbered(int n) {
        float[] f = new float[n];
        float[] l = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = i;
            l[i] = 10 * i;
        }
        return new TensorDataset(Tensor.of(f, n, 1), Tensor.of(l, n));
    }

    @Property(tries = 200)
    void anEpochVisitsEveryExampleOnceInBatchesOfTheBatchSize(@ForAll @IntRange(min = 0, max = 60) int n,
            @ForAll @IntRange(min = 1, max = 20) int batchSize, @ForAll long seed,
            @ForAll @IntRange(min = 0, max = 5) int epoch, @ForAll boolean shuffle, @ForAll boolean dropLast) {
        DataLoader base = new DataLoader(numbered(n), batchSize).withDropLast(dropLast);
        DataLoader loader = shuffle ? base.withShuffle(seed) : base;
        List<Integer> seen = new ArrayList<>();
        int batches = 0;
        for (Batch b : loader.epoch(epoch)) {
            batches++;
            float[] f = b.features().toFloatArray();
            float[] l = b.labels().toFloatArray();
            assertArrayEquals(new int[] {f.length, 1}, b.features().shape());
            assertTrue(f.length == batchSize || (!dropLast && f.length < batchSize && batches == loader
                    .batchesPerEpoch()), "batch " + batches + " has " + f.length + " examples");
            for (int i = 0; i < f.length; i++) {
                assertEquals(10 * f[i], l[i], "label of example " + f[i]);
                seen.add((int) f[i]);
            }
        }
        assertEquals(loader.batchesPerEpoch(), batches);
        int expected = dropLast ? n / batchSize * batchSize : n;
        assertEquals(expected, seen.size());
        assertEquals(expected, seen.stream().distinct().count(), "an example came twice: " + seen);
        // the examples visited are the first ones of the epoch's order
        int[] order = loader.order(epoch);
        assertArrayEquals(Arrays.copyOf(order, expected), seen.stream().mapToInt(Integer::intValue).toArray());
        int[] sorted = order.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < n; i++) {
            assertEquals(i, sorted[i], "the order is not a permutation of 0.." + (n - 1));
        }
    }
}

package io.github.cola4j.cola.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class EmbeddingIndexTest {

    private static float[] random(int rows, int d, long seed) {
        Random r = new Random(seed);
        float[] x = new float[rows * d];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    private static List<String> keys(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "clip" + i).toList();
    }

    @Test
    void matchesABruteForceRanking() {
        int n = 300;
        int d = 17;
        float[] x = random(n, d, 1);
        EmbeddingIndex index = new EmbeddingIndex(x, d, keys(n));
        float[] q = random(1, d, 2);
        List<EmbeddingIndex.Neighbour> hits = index.nearest(q, 10);
        assertEquals(10, hits.size());
        double[] cos = new double[n];
        for (int r = 0; r < n; r++) {
            double dot = 0;
            double nx = 0;
            double nq = 0;
            for (int j = 0; j < d; j++) {
                dot += (double) x[r * d + j] * q[j];
                nx += (double) x[r * d + j] * x[r * d + j];
                nq += (double) q[j] * q[j];
            }
            cos[r] = dot / Math.sqrt(nx * nq);
        }
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(cos[b], cos[a]));
        for (int i = 0; i < 10; i++) {
            assertEquals(order[i], hits.get(i).row());
            assertEquals("clip" + order[i], hits.get(i).key());
            assertEquals(cos[order[i]], hits.get(i).score(), 1e-5);
        }
    }

    @Test
    void aRowFindsItselfFirstAndItsScaledDuplicateNext() {
        int d = 8;
        float[] x = random(50, d, 3);
        // row 40 is row 7 scaled: cosine 1
        for (int j = 0; j < d; j++) {
            x[40 * d + j] = 3 * x[7 * d + j];
        }
        EmbeddingIndex index = new EmbeddingIndex(x, d, keys(50));
        List<EmbeddingIndex.Neighbour> hits = index.nearest(7, 3);
        assertEquals(7, hits.get(0).row());
        assertEquals(40, hits.get(1).row());
        assertEquals(1.0, hits.get(1).score(), 1e-6);
        assertEquals(3, hits.size());
        // more than there are: all rows
        assertEquals(50, index.nearest(7, 1000).size());
        assertEquals(40, index.rowOf("clip40"));
    }

    @Test
    void badInputIsAClearError() {
        assertThrows(IllegalArgumentException.class, () -> new EmbeddingIndex(new float[10], 3, keys(3)));
        float[] x = random(3, 2, 4);
        x[3] = Float.NaN;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EmbeddingIndex(x, 2, keys(3)));
        assertTrue(e.getMessage().contains("row 1 (clip1)"), e.getMessage());
        EmbeddingIndex ok = new EmbeddingIndex(random(3, 2, 5), 2, keys(3));
        assertThrows(IllegalArgumentException.class, () -> ok.nearest(new float[3], 1));
        assertThrows(IllegalArgumentException.class, () -> ok.nearest(new float[2], 0));
        assertThrows(IndexOutOfBoundsException.class, () -> ok.nearest(3, 1));
        // an all-zero query scores 0 everywhere rather than NaN
        assertEquals(0.0, ok.nearest(new float[2], 1).get(0).score());
    }
}

package io.github.cola4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class MetricsTest {
    // four examples over three classes; predictions 1, 0, 2, 0 (the last a tie of classes 0 and 2)
    private static final Tensor LOGITS = Tensor.of(new float[] {
        0.1f, 0.7f, 0.2f,
        2.0f, 1.0f, 0.0f,
        -1f, -3f, 5f,
        1f, 0f, 1f}, 4, 3);

    @Test
    void predictionsTakeTheFirstOfTheLargestScores() {
        assertArrayEquals(new int[] {1, 0, 2, 0}, Metrics.predictions(LOGITS));
    }

    @Test
    void accuracyCountsPredictionsEqualToTheLabel() {
        assertEquals(0.5, Metrics.accuracy(LOGITS, new int[] {1, 1, 2, 2}), 0);
        assertEquals(1.0, Metrics.accuracy(LOGITS, new int[] {1, 0, 2, 0}), 0);
        assertEquals(0.0, Metrics.accuracy(LOGITS, new int[] {0, 2, 1, 1}), 0);
    }

    @Test
    void topKCountsLabelsAmongTheKBestRankedClasses() {
        int[] labels = {2, 1, 0, 2};
        // second-best classes: 2, 1, 0, 2 (the tie's loser); worst: 0, 2, 1, 1
        assertEquals(0.0, Metrics.topKAccuracy(LOGITS, labels, 1), 0);
        assertEquals(1.0, Metrics.topKAccuracy(LOGITS, labels, 2), 0);
        assertEquals(0.25, Metrics.topKAccuracy(LOGITS, new int[] {0, 2, 1, 2}, 2), 0);
        assertEquals(1.0, Metrics.topKAccuracy(LOGITS, new int[] {0, 2, 1, 1}, 3), 0);
        assertEquals(1.0, Metrics.topKAccuracy(LOGITS, new int[] {0, 2, 1, 1}, 10), 0);
    }

    @Test
    void confusionMatrixCountsTrueAgainstPredicted() {
        int[][] m = Metrics.confusionMatrix(LOGITS, new int[] {1, 1, 2, 2});
        assertArrayEquals(new int[] {0, 0, 0}, m[0]);
        assertArrayEquals(new int[] {1, 1, 0}, m[1]);
        assertArrayEquals(new int[] {1, 0, 1}, m[2]);
        assertArrayEquals(new int[][] {{1, 0}, {2, 0}}, Metrics.confusionMatrix(new int[] {0, 1, 1}, new int[] {0, 0, 0}, 2));
    }

    @Test
    void nanScoresNeverWin() {
        Tensor l = Tensor.of(new double[] {Double.NaN, 1, 0, Double.NaN, Double.NaN, Double.NaN}, 2, 3);
        assertArrayEquals(new int[] {1, 0}, Metrics.predictions(l));
        assertEquals(0.5, Metrics.accuracy(l, new int[] {1, 2}), 0);
        // a NaN label score ranks below the numbers, and among NaNs by index: last in both rows here
        assertEquals(0.0, Metrics.topKAccuracy(l, new int[] {0, 2}, 2), 0);
        assertEquals(1.0, Metrics.topKAccuracy(l, new int[] {0, 2}, 3), 0);
    }

    @Test
    void noExamplesGiveNaN() {
        assertTrue(Double.isNaN(Metrics.accuracy(Tensor.zeros(0, 3), new int[0])));
    }

    @Test
    void badArgumentsAreRefusedWithTheirValues() {
        IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(Tensor.zeros(6), new int[6]));
        assertTrue(shape.getMessage().contains("[6]"), shape.getMessage());
        IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(LOGITS, new int[] {0, 1}));
        assertTrue(count.getMessage().contains("4 rows of logits but 2 labels"), count.getMessage());
        IllegalArgumentException range = assertThrows(IllegalArgumentException.class,
                () -> Metrics.accuracy(LOGITS, new int[] {0, 1, 3, 0}));
        assertTrue(range.getMessage().contains("label 2 is 3, outside [0, 3)"), range.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.topKAccuracy(LOGITS, new int[4], 0));
        assertThrows(IllegalArgumentException.class, () -> Metrics.confusionMatrix(new int[] {0}, new int[] {2}, 2));
        assertThrows(IllegalArgumentException.class, () -> Metrics.confusionMatrix(new int[] {0}, new int[0], 2));
        assertThrows(IllegalArgumentException.class, () -> Metrics.confusionMatrix(new int[0], new int[0], 0));
    }

    @Property(tries = 100)
    void metricsAgreeWithEachOther(@ForAll @IntRange(min = 1, max = 20) int n,
            @ForAll @IntRange(min = 1, max = 6) int c, @ForAll long seed) {
        Rng r = new Rng(seed);
        // scores from a few values, so that ties happen
        double[] scores = new double[n * c];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = r.nextInt(4);
        }
        Tensor logits = Tensor.of(scores, n, c);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = r.nextInt(c);
        }
        int[] pred = Metrics.predictions(logits);
        int[][] m = Metrics.confusionMatrix(logits, labels);
        int hits = 0;
        int total = 0;
        for (int i = 0; i < c; i++) {
            hits += m[i][i];
            for (int j = 0; j < c; j++) {
                total += m[i][j];
            }
        }
        assertEquals(n, total);
        double acc = Metrics.accuracy(logits, labels);
        assertEquals(hits / (double) n, acc, 1e-12);
        long same = 0;
        for (int i = 0; i < n; i++) {
            same += pred[i] == labels[i] ? 1 : 0;
        }
        assertEquals(same / (double) n, acc, 1e-12);
        double previous = acc;
        for (int k = 2; k <= c; k++) {
            double topK = Metrics.topKAccuracy(logits, labels, k);
            assertTrue(topK >= previous, "top-" + k + " below top-" + (k - 1));
            previous = topK;
        }
        assertEquals(1.0, previous, 0, "top-C accuracy");
    }
}

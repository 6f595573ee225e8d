package io.github.cola4j.cola.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchLoaderTest {
    static final int MELS = 64;
    @TempDir
    static Path root;
    static MelDataset ds;
    static final PairSampler SAMPLER = new PairSampler(PairSampler.Config.colaPytorch().toBuilder().cropFrames(20)
            .build());

    @BeforeAll
    static void data() throws IOException {
        // every value of clip i is i, so a crop names its clip (masking with the clip mean keeps it)
        for (int i = 0; i < 10; i++) {
            MelDatasetTest.write(root, String.format("%06d", i), 30 + i, i);
        }
        ds = MelDataset.open(root, MELS);
    }

    static List<float[]> take(BatchLoader l, int n) {
        List<float[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BatchLoader.Batch b = l.next();
            out.add(b.anchors().toFloatArray());
            out.add(b.positives().toFloatArray());
        }
        return out;
    }

    @Test
    void sameSeedSameBatchesAndResumingMatches() {
        List<float[]> a;
        List<float[]> b;
        List<float[]> c;
        List<float[]> tail;
        try (BatchLoader l = new BatchLoader(ds, SAMPLER, 4, 11, 3, 0, Long.MAX_VALUE, 2)) {
            a = take(l, 8);
        }
        try (BatchLoader l = new BatchLoader(ds, SAMPLER, 4, 11, 3, 0, Long.MAX_VALUE, 5)) {
            b = take(l, 8);
        }
        try (BatchLoader l = new BatchLoader(ds, SAMPLER, 4, 12, 3, 0, Long.MAX_VALUE, 2)) {
            c = take(l, 8);
        }
        try (BatchLoader l = new BatchLoader(ds, SAMPLER, 4, 11, 3, 5, 8, 1)) {
            assertEquals(5, l.position());
            tail = take(l, 3);
            assertThrows(IllegalStateException.class, l::next);
        }
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
        assertFalse(java.util.Arrays.equals(a.get(0), c.get(0)));
        for (int i = 0; i < tail.size(); i++) {
            assertArrayEquals(a.get(10 + i), tail.get(i));
        }
        // the direct computation agrees: global step 4 is batch 1 of epoch 1
        assertArrayEquals(a.get(8), BatchLoader.batch(ds, SAMPLER, 4, 11, 1, 1).anchors().toFloatArray());
    }

    @Test
    void batchesHoldDistinctClipsAndAnEpochCoversTheData() {
        int frame = 20 * MELS;
        try (BatchLoader l = new BatchLoader(ds, SAMPLER, 5, 3, 2, 0, Long.MAX_VALUE, 2)) {
            Set<Integer> epoch = new HashSet<>();
            for (int k = 0; k < 2; k++) {
                float[] a = l.next().anchors().toFloatArray();
                Set<Integer> inBatch = new HashSet<>();
                for (int i = 0; i < 5; i++) {
                    // the gain scales values by 0.9..1.1, so round the first unmasked value back to its clip
                    inBatch.add(clipOf(a, i * frame, frame));
                }
                assertEquals(5, inBatch.size());
                epoch.addAll(inBatch);
            }
            assertEquals(10, epoch.size());
        }
    }

    private static int clipOf(float[] a, int off, int n) {
        float max = 0;
        for (int i = off; i < off + n; i++) {
            max = Math.max(max, a[i]);
        }
        return Math.round(max / 1.0f);
    }

    @Test
    void aFailedBatchFailsEveryLaterCallWithoutWaiting(@TempDir Path dir) throws IOException {
        for (int i = 0; i < 4; i++) {
            MelDatasetTest.write(dir, String.format("%06d", i), 30, i);
        }
        MelDataset broken = MelDataset.open(dir, MELS);
        for (int i = 0; i < 4; i++) {
            Files.delete(broken.file(i));
        }
        try (BatchLoader l = new BatchLoader(broken, SAMPLER, 2, 1, 3, 0, 10, 2)) {
            IllegalStateException first = assertThrows(IllegalStateException.class, l::next);
            Throwable cause = first.getCause();
            assertTrue(cause.getMessage().contains("no clip of the dataset can be read"), first.toString());
            for (int k = 0; k < 3; k++) {
                IllegalStateException again = assertTimeoutPreemptively(Duration.ofSeconds(10),
                        () -> assertThrows(IllegalStateException.class, l::next));
                assertSame(cause, again.getCause());
                assertTrue(again.getMessage().contains("batch 0"), again.getMessage());
            }
            assertEquals(0, l.position());
        }
    }

    @Test
    void closeStopsTheThread() throws InterruptedException {
        BatchLoader l = new BatchLoader(ds, SAMPLER, 4, 1, 10, 0, Long.MAX_VALUE, 2);
        l.next();
        l.close();
        assertFalse(l.isAlive());
        assertThrows(IllegalStateException.class, l::next);
    }
}

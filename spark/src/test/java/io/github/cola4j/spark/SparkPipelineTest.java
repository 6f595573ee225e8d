package io.github.cola4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.cola.embed.AudioEncoder;
import io.github.cola4j.nn.io.Safetensors;
import io.github.cola4j.spark.SparkTestSupport.Run;
import io.github.cola4j.spark.cli.SparkEmbedCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The distributed train-encoder (with resume) and embed commands on the examples' FMA fixture. */
class SparkPipelineTest {

    private static String[] train(Path mels, Path out, int epochs, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("train-encoder", "--master", "local[2]", "--workers", "2",
                "--mp3_path", mels.toString(), "--out", out.toString(), "--batch", "4", "--epochs",
                Integer.toString(epochs), "--steps-per-epoch", "2", "--crop", "16", "--validation-batches", "0",
                "--lr", "1e-3", "--log-every", "1", "--width", "0.1", "--depth", "0.1", "--seed", "3"));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    private static Map<String, float[]> weights(Path safetensors) throws Exception {
        Map<String, float[]> m = new java.util.TreeMap<>();
        Safetensors.read(safetensors).tensors().forEach((k, v) -> m.put(k, v.toFloatArray()));
        return m;
    }

    @Test
    void trainsDataParallelResumesAndEmbedsToParquet(@TempDir Path dir) throws Exception {
        Path small = SparkTestSupport.copyFmaSmall(dir);
        Path mels = dir.resolve("mels");
        Run ap = SparkTestSupport.single("audio-processing", "--mp3_path", small.toString(), "--out",
                mels.toString());
        assertEquals(0, ap.code(), ap.toString());

        // two epochs in one run
        Path straight = dir.resolve("straight");
        Run tr = SparkTestSupport.spark(train(mels, straight, 2));
        assertEquals(0, tr.code(), tr.toString());
        assertTrue(tr.out().contains("data-parallel on local[2]: 2 workers per step, driver reduction"), tr.out());
        assertTrue(tr.out().contains("after 4 steps"), tr.out());
        assertTrue(tr.out().contains("data-parallel: 2 workers, 4 steps; a step's gradients (medians)"), tr.out());
        for (String f : List.of("encoder.safetensors", "encoder.json", "checkpoint.safetensors", "loss.png")) {
            assertTrue(Files.isRegularFile(straight.resolve(f)), f + "\n" + tr);
        }

        // one epoch, then resumed for the second: the same weights
        Path resumed = dir.resolve("resumed");
        Run first = SparkTestSupport.spark(train(mels, resumed, 1));
        assertEquals(0, first.code(), first.toString());
        Run second = SparkTestSupport.spark(train(mels, resumed, 2, "--resume"));
        assertEquals(0, second.code(), second.toString());
        assertTrue(second.out().contains("resumed from"), second.out());
        Map<String, float[]> want = weights(straight.resolve("checkpoint.safetensors"));
        Map<String, float[]> got = weights(resumed.resolve("checkpoint.safetensors"));
        assertEquals(want.keySet(), got.keySet());
        for (String k : want.keySet()) {
            assertArrayEquals(want.get(k), got.get(k), k);
        }

        // embed with the trained encoder: Parquet rows = the encoder applied to each file on one machine
        Path encoder = straight.resolve("encoder.safetensors");
        Path parquet = dir.resolve("embeddings.parquet");
        Run em = SparkTestSupport.spark("embed", "--master", "local[2]", "--encoder_path", encoder.toString(),
                "--mp3_path", small.toString(), "--out", parquet.toString());
        assertEquals(0, em.code(), em.toString());
        DistributedEmbedding.Result r = em.<SparkEmbedCommand>command("embed").result();
        assertEquals(8, r.total());
        assertEquals(2, r.bad().size(), r.bad().toString());
        assertEquals(String.join("\n", r.bad()) + "\n", Files.readString(parquet.resolve(DistributedEmbedding.BAD_FILES)));
        AudioEncoder local = AudioEncoder.load(encoder);
        try (SparkSession s = SparkSessions.open("local[1]", "read", Map.of())) {
            List<Row> rows = s.read().parquet(parquet.toString()).collectAsList();
            assertEquals(6, rows.size());
            for (Row row : rows) {
                Path file = Path.of(row.getString(0));
                List<Float> e = row.getList(1);
                float[] want1 = local.embed(file);
                assertEquals(want1.length, e.size());
                for (int i = 0; i < want1.length; i++) {
                    assertEquals(want1[i], e.get(i), 1e-6f * (1 + Math.abs(want1[i])), file + " [" + i + "]");
                }
                assertTrue(row.getDouble(2) > 0.5 && row.getInt(3) >= 1, row.toString());
            }
        }
        // an existing output is kept unless --overwrite
        Run again = SparkTestSupport.spark("embed", "--master", "local[1]", "--encoder_path", encoder.toString(),
                "--mp3_path", small.toString(), "--out", parquet.toString());
        assertEquals(1, again.code(), again.toString());
        assertTrue(again.err().contains("--overwrite"), again.err());
    }
}

package io.github.cola4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.examples.cli.AudioProcessingCommand;
import io.github.cola4j.spark.SparkTestSupport.Run;
import io.github.cola4j.spark.cli.SparkAudioProcessingCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SparkAudioProcessingTest {

    @Test
    void writesTheSingleMachineStepsBytesAndBadFileReport(@TempDir Path dir) throws Exception {
        Path small = SparkTestSupport.copyFmaSmall(dir);
        Path single = dir.resolve("single");
        Path dist = dir.resolve("spark");
        Run one = SparkTestSupport.single("audio-processing", "--mp3_path", small.toString(), "--out",
                single.toString());
        assertEquals(0, one.code(), one.toString());
        Run sp = SparkTestSupport.spark("audio-processing", "--master", "local[2]", "--mp3_path", small.toString(),
                "--out", dist.toString(), "--partitions", "3");
        assertEquals(0, sp.code(), sp.toString());

        AudioProcessingCommand.Result a = one.<AudioProcessingCommand>command("audio-processing").result();
        var b = sp.<SparkAudioProcessingCommand>command("audio-processing").result();
        assertEquals(8, b.total());
        assertEquals(a.written(), b.written());
        assertEquals(6, b.written());
        assertEquals(a.bad(), b.bad(), "the same bad files, with the same words");
        assertEquals(2, b.bad().size());

        SortedMap<String, byte[]> want = SparkTestSupport.files(single);
        SortedMap<String, byte[]> got = SparkTestSupport.files(dist);
        byte[] report = got.remove(DistributedAudioProcessing.BAD_FILES);
        assertEquals(String.join("\n", b.bad()) + "\n", new String(report, java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(want.keySet(), got.keySet(), "the same files, and nothing else (no .crc, no temporary file)");
        for (Map.Entry<String, byte[]> e : want.entrySet()) {
            assertArrayEquals(e.getValue(), got.get(e.getKey()), e.getKey());
        }
        assertTrue(sp.out().contains("bad files (skipped"), sp.out());
    }

    @Test
    void skipsOutputsThatExistAndResumes(@TempDir Path dir) throws Exception {
        Path small = SparkTestSupport.copyFmaSmall(dir);
        Path out = dir.resolve("mels");
        Run first = SparkTestSupport.spark("audio-processing", "--master", "local[2]", "--mp3_path",
                small.toString(), "--out", out.toString(), "--max-files", "3");
        assertEquals(0, first.code(), first.toString());
        assertEquals(3, first.<SparkAudioProcessingCommand>command("audio-processing").result().written());
        Path kept = Files.walk(out).filter(p -> p.toString().endsWith(".npy")).findFirst().orElseThrow();
        long stamp = Files.getLastModifiedTime(kept).toMillis() - 3_600_000;
        Files.setLastModifiedTime(kept, java.nio.file.attribute.FileTime.fromMillis(stamp));

        Run second = SparkTestSupport.spark("audio-processing", "--master", "local[2]", "--mp3_path",
                small.toString(), "--out", out.toString());
        assertEquals(0, second.code(), second.toString());
        var r = second.<SparkAudioProcessingCommand>command("audio-processing").result();
        assertEquals(List.of(3, 3, 2), List.of(r.skipped(), r.written(), r.bad().size()));
        assertEquals(stamp, Files.getLastModifiedTime(kept).toMillis(), kept + " was rewritten");
    }

    @Test
    void refusesAnotherPresetsFolder(@TempDir Path dir) throws Exception {
        Path small = SparkTestSupport.copyFmaSmall(dir);
        Path out = dir.resolve("mels");
        Run first = SparkTestSupport.single("audio-processing", "--mp3_path", small.toString(), "--out",
                out.toString(), "--max-files", "1", "--preset", "cola");
        assertEquals(0, first.code(), first.toString());
        Run sp = SparkTestSupport.spark("audio-processing", "--master", "local[1]", "--mp3_path", small.toString(),
                "--out", out.toString());
        assertEquals(1, sp.code(), sp.toString());
        assertTrue(sp.err().contains("holds cola features"), sp.err());
    }

    @Test
    void anAttemptThatFailsHalfWayIsRetriedWithoutPartialOrDuplicateFiles(@TempDir Path dir) throws Exception {
        Path small = SparkTestSupport.copyFmaSmall(dir);
        Path single = dir.resolve("single");
        Path dist = dir.resolve("spark");
        Run one = SparkTestSupport.single("audio-processing", "--mp3_path", small.toString(), "--out",
                single.toString());
        assertEquals(0, one.code(), one.toString());
        INJECTED.set(0);
        String distName = dist.toString(); // a task's closure holds only serialisable values
        DistributedAudioProcessing.BinFunction failingOnce = (bin, root, conf, options, done) -> {
            if (TaskContext.get().attemptNumber() == 0 && TaskContext.get().partitionId() == 0) {
                // the first attempt writes one output, leaves a temporary file as a killed writer would, and dies
                INJECTED.incrementAndGet();
                DistributedAudioProcessing.processBin(bin.subList(0, 1), root, conf, options, done);
                Files.createDirectories(Path.of(distName, "000"));
                Files.writeString(Path.of(distName, "000/.000002.npy.killed.tmp"), "half");
                throw new java.io.IOException("injected failure of the first attempt");
            }
            return DistributedAudioProcessing.processBin(bin, root, conf, options, done);
        };
        DistributedAudioProcessing.Result r;
        try (SparkSession s = SparkSessions.open("local[2,2]", "retry", Map.of())) {
            r = DistributedAudioProcessing.run(JavaSparkContext.fromSparkContext(s.sparkContext()), small.toString(),
                    dist.toString(), new DistributedAudioProcessing.Options(io.github.cola4j.audio.LogMelPreset
                            .COLA_PYTORCH, -1, 0.5, false, 0, 2), new java.io.PrintWriter(java.io.Writer.nullWriter()),
                    failingOnce);
        }
        assertEquals(1, INJECTED.get());
        assertEquals(6, r.written(), "each output counted once");
        SortedMap<String, byte[]> want = SparkTestSupport.files(single);
        SortedMap<String, byte[]> got = SparkTestSupport.files(dist);
        got.remove(DistributedAudioProcessing.BAD_FILES);
        // the killed writer's temporary file is hidden from readers (a name starting with '.'), and nothing else
        // is left besides the outputs
        assertTrue(got.remove("000/.000002.npy.killed.tmp") != null);
        assertEquals(want.keySet(), got.keySet());
        for (Map.Entry<String, byte[]> e : want.entrySet()) {
            assertArrayEquals(e.getValue(), got.get(e.getKey()), e.getKey());
        }
    }

    private static final java.util.concurrent.atomic.AtomicInteger INJECTED =
            new java.util.concurrent.atomic.AtomicInteger();
}

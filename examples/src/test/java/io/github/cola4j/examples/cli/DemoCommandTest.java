package io.github.cola4j.examples.cli;

import static io.github.cola4j.examples.cli.PipelineTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.examples.cli.PipelineTestSupport.Run;
import io.github.cola4j.examples.demo.MusicSynth;
import io.github.cola4j.examples.fma.FmaTracks;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A cut-down demo: the whole chain on a few seconds of synthetic music with a tiny model. */
class DemoCommandTest {

    @TempDir
    Path dir;

    private static final String[] SMALL = {"demo", "--clips-per-style", "5", "--pool", "24", "--seconds", "3",
        "--width", "0.1", "--depth", "0.1", "--crop", "32", "--batch", "8", "--pretrain-epochs", "1",
        "--steps-per-epoch", "3", "--finetune-epochs", "2", "--linear-epochs", "3"};

    @Test
    void cutDownDemoRunsEveryStepAndReports() throws Exception {
        Path out = dir.resolve("demo");
        String[] a = Arrays.copyOf(SMALL, SMALL.length + 4);
        a[SMALL.length] = "--out";
        a[SMALL.length + 1] = out.toString();
        a[SMALL.length + 2] = "--backend";
        a[SMALL.length + 3] = "auto";
        Run r = run(a);
        assertEquals(0, r.code(), r.toString());
        // the backend is chosen (and reported) once, however many steps run; without an OpenCL GPU auto is the CPU
        assertEquals(1, r.err().split("backend: ", -1).length - 1, r.err());
        FmaTracks tracks = FmaTracks.read(out.resolve("fma_metadata"));
        assertEquals(8 * 5 + 24, tracks.all().size());
        assertEquals(40, tracks.labelled(FmaTracks.Subset.SMALL).size());
        assertTrue(Files.isRegularFile(out.resolve("fma_small/001/001000.wav")));
        assertTrue(Files.isRegularFile(out.resolve("fma_small/001/001000.npy")));
        assertTrue(Files.isRegularFile(out.resolve("fma_large/100/100023.npy")));
        assertTrue(Files.isRegularFile(out.resolve("models/encoder.safetensors")));
        assertTrue(Files.isRegularFile(out.resolve("mapping.json")));
        List<DemoCommand.Row> rows = r.<DemoCommand>command("demo").rows();
        assertEquals(List.of("random encoder + linear", "trained from scratch", "COLA + linear", "COLA + fine-tuning"),
                rows.stream().map(DemoCommand.Row::experiment).toList());
        for (DemoCommand.Row row : rows) {
            assertTrue(row.testAccuracy() >= 0 && row.testAccuracy() <= 1, row.toString());
            assertEquals(24, row.trainClips());
        }
        assertTrue(r.out().contains("| COLA + fine-tuning"), r.out());
        String json = Files.readString(out.resolve("results/results.json"));
        assertTrue(json.contains("\"experiment\": \"COLA + linear\""), json);
        assertTrue(Files.size(out.resolve("results/results.png")) > 1000);
        for (String n : List.of("random-linear", "scratch", "cola-linear", "cola-finetune")) {
            assertTrue(Files.isRegularFile(out.resolve("results/" + n + "-confusion.png")), n);
        }
    }

    @Test
    void synthesisIsDeterministicAndStylesDiffer() {
        MusicSynth s = new MusicSynth(16000);
        float[] a = s.clip(3, 2.0, 11);
        assertArrayEquals(a, s.clip(3, 2.0, 11));
        assertEquals(32000, a.length);
        assertFalse(Arrays.equals(a, s.clip(3, 2.0, 12)));
        for (int style = 0; style < MusicSynth.STYLES.size(); style++) {
            float[] x = s.clip(style, 2.0, 5);
            double e = 0;
            float peak = 0;
            for (float v : x) {
                e += v * v;
                peak = Math.max(peak, Math.abs(v));
            }
            assertTrue(e / x.length > 1e-4, "style " + style + " is silent");
            assertTrue(peak <= 1f);
        }
    }
}

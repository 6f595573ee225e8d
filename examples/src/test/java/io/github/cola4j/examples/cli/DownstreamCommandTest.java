package io.github.cola4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.audio.WavWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code downstream} on a one-task suite of generated tones, with a tiny schedule. */
class DownstreamCommandTest {
    @TempDir
    Path dir;

    /** Task "pitch": low or high hum, 10 labelled clips each (6/2/2), and 12 unlabelled ones. */
    private Path suite() throws IOException {
        Path task = dir.resolve("suite/pitch");
        StringBuilder csv = new StringBuilder();
        csv.append(",album,album,artist,set,set,track,track,track,track\r\n");
        csv.append(",title,tracks,name,split,subset,genre_top,genres,genres_all,title\r\n");
        csv.append("track_id,,,,,,,,,\r\n");
        int id = 1;
        for (int i = 0; i < 32; i++, id++) {
            boolean labelled = i < 20;
            int cls = i % 2;
            int k = i / 2;
            String split = !labelled ? "training" : k < 6 ? "training" : k < 8 ? "validation" : "test";
            String folder = labelled ? "fma_small" : "fma_large";
            float[] x = new float[2 * 16000];
            double f = (cls == 0 ? 150 : 1200) * (1 + 0.03 * k);
            for (int n = 0; n < x.length; n++) {
                x[n] = (float) (0.4 * Math.sin(2 * Math.PI * f * n / 16000) * (0.6 + 0.4 * Math.sin(n * 0.0007 * (k + 1))));
            }
            WavWriter.write(task.resolve(String.format(Locale.ROOT, "%s/000/%06d.wav", folder, id)), x, 16000);
            csv.append(String.format(Locale.ROOT, "%d,a,1,b,%s,%s,%s,[],[],t%n", id, split,
                    labelled ? "small" : "large", labelled ? (cls == 0 ? "low" : "high") : ""));
        }
        Files.createDirectories(task.resolve("fma_metadata"));
        Files.writeString(task.resolve("fma_metadata/tracks.csv"), csv);
        return dir.resolve("suite");
    }

    @Test
    void runsEveryMethodAndTheLearningCurveThenReusesThem() throws IOException {
        Path suite = suite();
        Path out = dir.resolve("out");
        String[] args = {"downstream", "--suite", suite.toString(), "--out", out.toString(), "--epochs", "2",
            "--steps-per-epoch", "2", "--batch", "4", "--crop", "16", "--finetune-epochs", "1"};
        PipelineTestSupport.Run first = PipelineTestSupport.run(args);
        assertEquals(0, first.code(), first.toString());
        List<DownstreamCommand.TaskResult> r = first.<DownstreamCommand>command("downstream").results();
        assertEquals(1, r.size());
        assertEquals("pitch", r.get(0).task());
        assertEquals(2, r.get(0).classes());
        assertEquals(4, r.get(0).testClips());
        for (double a : r.get(0).accuracy()) {
            assertTrue(a >= 0 && a <= 1, "accuracy " + a);
        }
        assertEquals(List.of(2L, 4L), java.util.Arrays.stream(r.get(0).curveSteps()).boxed().toList());
        for (String f : List.of("results.json", "results.md")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f);
        }
        assertEquals(1000, ImageIO.read(out.resolve("results.png").toFile()).getWidth());
        assertEquals(800, ImageIO.read(out.resolve("curve.png").toFile()).getWidth());
        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("| pitch | 2 | 4 |") && md.contains("COLA + fine-tune"), md);
        // a second run reuses every classifier and the finished pre-training
        PipelineTestSupport.Run again = PipelineTestSupport.run(args);
        assertEquals(0, again.code(), again.toString());
        assertEquals(8, again.out().split("reusing", -1).length - 1, again.toString());
    }

    @Test
    void aSuiteWithoutTasksIsAnError() throws IOException {
        Files.createDirectories(dir.resolve("empty"));
        PipelineTestSupport.Run run = PipelineTestSupport.run("downstream", "--suite", dir.resolve("empty").toString());
        assertEquals(1, run.code());
        assertTrue(run.err().contains("no task folders"), run.toString());
    }
}

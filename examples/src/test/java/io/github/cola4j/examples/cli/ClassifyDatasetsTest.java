package io.github.cola4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code classify} on datasets described without FMA's metadata, and its hand-made-feature baseline. */
class ClassifyDatasetsTest {
    @TempDir
    Path dir;

    private PipelineTestSupport.Run last;

    private int run(String... args) {
        last = PipelineTestSupport.run(args);
        return last.code();
    }

    private Map<String, Object> summary() {
        return ((ClassifyCommand) last.commandLine().getSubcommands().get("classify").getCommand()).summary();
    }

    /** Three classes whose log-mels differ in which bands are loud; 20 clips each under data/<class>/. */
    @BeforeEach
    void clips() throws IOException {
        Random r = new Random(9);
        String[] classes = {"hum", "hiss", "thump"};
        StringBuilder csv = new StringBuilder("path,label,split\n");
        for (int c = 0; c < classes.length; c++) {
            for (int i = 0; i < 20; i++) {
                int frames = 30 + r.nextInt(10);
                float[] mel = new float[frames * 64];
                for (int t = 0; t < frames; t++) {
                    for (int b = 0; b < 64; b++) {
                        boolean loud = b / 22 == c;
                        mel[t * 64 + b] = (float) ((loud ? 1.0 : -1.0) + 0.8 * r.nextGaussian());
                    }
                }
                Path f = dir.resolve("data/" + classes[c] + "/clip" + i + ".npy");
                Files.createDirectories(f.getParent());
                Npy.write(f, mel, frames, 64);
                String split = i < 12 ? "training" : i < 15 ? "validation" : "test";
                csv.append("data/").append(classes[c]).append("/clip").append(i).append(".wav,").append(classes[c])
                        .append(',').append(split).append('\n');
            }
        }
        Files.writeString(dir.resolve("labels.csv"), csv);
    }

    @Test
    void aCsvWithSplitsAndTheHandmadeBaseline() {
        assertEquals(0, run("classify", "--labels", dir.resolve("labels.csv").toString(), "--mp3_path",
                dir.resolve("data").toString(), "--mode", "features", "--epochs", "40", "--batch", "8", "--out",
                dir.resolve("out").toString()), last.err());
        Map<String, Object> s = summary();
        assertEquals("official", s.get("split"));
        assertEquals(36, s.get("train_clips"));
        assertEquals(9, s.get("validation_clips"));
        assertEquals(15, s.get("test_clips"));
        assertEquals("features", s.get("mode"));
        assertTrue((Double) s.get("test_accuracy") >= 0.9, s.toString());
        assertTrue(Files.isRegularFile(dir.resolve("out/genre-features.json")));
    }

    @Test
    void severalWeightDecaysAreTriedAndTheKeptOneIsReported() {
        assertEquals(0, run("classify", "--labels", dir.resolve("labels.csv").toString(), "--mp3_path",
                dir.resolve("data").toString(), "--mode", "features", "--epochs", "5", "--batch", "8",
                "--weight-decay", "0,0.5", "--out", dir.resolve("out").toString()), last.err());
        Map<String, Object> s = summary();
        assertEquals(List.of(0.0, 0.5), s.get("weight_decays_tried"));
        assertTrue(List.of(0.0, 0.5).contains(s.get("weight_decay")), s.toString());
        assertTrue(last.out().contains("kept weight decay"), last.out());

        assertEquals(2, run("classify", "--labels", dir.resolve("labels.csv").toString(), "--mp3_path",
                dir.resolve("data").toString(), "--mode", "features", "--weight-decay", "-1"));
        assertTrue(last.err().contains("--weight-decay must be 0 or more, got -1"), last.err());
    }

    @Test
    void oneFolderPerClassGetsARandomSplit() {
        assertEquals(0, run("classify", "--mp3_path", dir.resolve("data").toString(), "--mode", "linear",
                "--width", "0.25", "--depth", "0.25", "--epochs", "2", "--crop", "16", "--out",
                dir.resolve("out").toString()), last.err());
        Map<String, Object> s = summary();
        assertEquals("random-72-8-20", s.get("split"));
        assertEquals(60, (Integer) s.get("train_clips") + (Integer) s.get("validation_clips")
                + (Integer) s.get("test_clips"));
        assertTrue(last.out().contains("3 classes"), last.out());
    }

    @Test
    void bothDescriptionsAtOnceIsAUsageError() {
        assertEquals(2, run("classify", "--labels", dir.resolve("labels.csv").toString(), "--metadata_path",
                dir.toString(), "--mp3_path", dir.resolve("data").toString()));
        assertTrue(last.err().contains("not both"), last.err());
    }
}

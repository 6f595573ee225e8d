package io.github.cola4j.examples.cli;

import static io.github.cola4j.examples.cli.PipelineTestSupport.copyFixture;
import static io.github.cola4j.examples.cli.PipelineTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.examples.cli.PipelineTestSupport.Run;
import io.github.cola4j.tensor.io.Npy;
import io.github.cola4j.tensor.io.NpyArray;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The four FMA steps end to end on the committed fixture, with a tiny model. */
class FmaPipelineTest {

    @TempDir
    Path dir;

    private static final String[] TINY = {"--width", "0.1", "--depth", "0.1"};

    /** The arguments followed by the tiny model's size flags. */
    private static String[] tiny(String... a) {
        String[] r = new String[a.length + TINY.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(TINY, 0, r, a.length, TINY.length);
        return r;
    }

    private static String[] plus(String[] a, String... more) {
        String[] r = new String[a.length + more.length];
        System.arraycopy(a, 0, r, 0, a.length);
        System.arraycopy(more, 0, r, a.length, more.length);
        return r;
    }

    @Test
    void prepareProcessTrainClassify() throws Exception {
        Path fma = copyFixture(dir);
        Path meta = fma.resolve("fma_metadata");
        Path small = fma.resolve("fma_small");

        // prepare-data (the seed's flag name)
        Run prep = run("prepare-data", "--metadata_path", meta.toString(), "--out", dir.toString());
        assertEquals(0, prep.code(), prep.toString());
        String genres = Files.readString(dir.resolve("tracks_genre.json"));
        for (String id : List.of("\"2\": \"Hip-Hop\"", "\"5\": \"Hip-Hop\"", "\"10\": \"Pop\"", "\"140\": \"Folk\"",
                "\"99134\": \"Pop\"", "\"108925\": \"Rock\"")) {
            assertTrue(genres.contains(id), genres);
        }
        assertFalse(genres.contains("\"20\""), "medium-only track in small");
        assertFalse(genres.contains("\"133297\""), "large-only track in small");
        assertEquals("{\n  \"Folk\": 0,\n  \"Hip-Hop\": 1,\n  \"Pop\": 2,\n  \"Rock\": 3\n}\n",
                Files.readString(dir.resolve("mapping.json")));
        String splits = Files.readString(dir.resolve("tracks_split.json"));
        assertTrue(splits.contains("\"5\": \"test\"") && splits.contains("\"141\": \"validation\""), splits);
        // the dashed form and a larger subset
        Run prepMedium = run("prepare-data", "--metadata-path", meta.resolve("tracks.csv").toString(), "--subset",
                "medium", "--out", dir.resolve("medium").toString());
        assertEquals(0, prepMedium.code(), prepMedium.toString());
        assertTrue(prepMedium.out().contains("subset medium: 8 with a top genre"), prepMedium.out());

        // audio-processing: the two bad files are reported, not fatal
        Path mels = dir.resolve("mels");
        Run ap = run("audio-processing", "--mp3_path", small.toString(), "--out", mels.toString());
        assertEquals(0, ap.code(), ap.toString());
        AudioProcessingCommand.Result res = ap.<AudioProcessingCommand>command("audio-processing").result();
        assertEquals(8, res.total());
        assertEquals(6, res.written(), ap.toString());
        assertEquals(2, res.bad().size(), res.bad().toString());
        assertTrue(ap.out().contains("099134.mp3") && ap.out().contains("108925.mp3"), ap.out());
        assertTrue(ap.out().contains("bad files (skipped)"), ap.out());
        NpyArray a = Npy.read(mels.resolve("000/000002.npy"));
        assertEquals(2, a.shape().length);
        assertEquals(64, a.shape()[1]);
        assertEquals(32, a.shape()[0]); // 1 s at hop 512 with centring: 1 + 16000 / 512
        assertFalse(Files.exists(mels.resolve("099/099134.npy")));

        // train-encoder on all the .npy files, then resume a finished run
        Path models = dir.resolve("models");
        java.util.function.IntFunction<String[]> train = epochs -> tiny("train-encoder", "--mp3_path",
                mels.toString(), "--out", models.toString(), "--batch", "2", "--epochs", Integer.toString(epochs),
                "--steps-per-epoch", "2", "--crop", "16", "--validation-batches", "0", "--lr", "1e-3",
                "--log-every", "1");
        Run tr = run(train.apply(2));
        assertEquals(0, tr.code(), tr.toString());
        for (String f : List.of("encoder.safetensors", "encoder.json", "checkpoint.safetensors", "loss.png",
                "accuracy.png")) {
            assertTrue(Files.isRegularFile(models.resolve(f)), f + "\n" + tr);
        }
        for (String png : List.of(TrainEncoderCommand.LOSS_PLOT, TrainEncoderCommand.ACCURACY_PLOT)) {
            BufferedImage img = ImageIO.read(models.resolve(png).toFile());
            assertNotNull(img, png);
            assertEquals(800, img.getWidth(), png);
            assertEquals(500, img.getHeight(), png);
        }
        String encoderJson = Files.readString(models.resolve("encoder.json"));
        assertTrue(encoderJson.contains("\"width_mult\": 0.1"), encoderJson);
        // no validation in this run: no best validation accuracy, null rather than a -1
        assertTrue(encoderJson.contains("\"best_validation_pair_accuracy\": null"), encoderJson);
        Run again = run(plus(train.apply(3), "--resume"));
        assertEquals(0, again.code(), again.toString());
        assertTrue(again.out().contains("resumed from") && again.out().contains("after 6 steps (2 this call"),
                again.out());

        // classify: linear from the encoder, fine-tuning from scratch, the random split
        Path out = dir.resolve("results");
        Run lin = run("classify", "--metadata_path", meta.toString(), "--mp3_path", mels.toString(),
                "--encoder_path", models.resolve("encoder.safetensors").toString(), "--mode", "linear", "--epochs", "2",
                "--crop", "16", "--out", out.toString());
        assertEquals(0, lin.code(), lin.toString());
        assertTrue(lin.out().contains("test accuracy: "), lin.out());
        Map<String, Object> s = lin.<ClassifyCommand>command("classify").summary();
        assertEquals(3, s.get("train_clips")); // 2, 10, 140 (99134 has no features)
        assertEquals(1, s.get("validation_clips"));
        assertEquals(2, s.get("test_clips")); // 5, 148 (108925 has no features)
        assertEquals(2, s.get("left_out_tracks"));
        double acc = (Double) s.get("test_accuracy");
        assertTrue(acc >= 0 && acc <= 1);
        for (String f : List.of("genre-linear.json", "genre-linear-curves.png", "genre-linear-confusion.png")) {
            assertTrue(Files.size(out.resolve(f)) > 100, f);
        }
        assertTrue(Files.readString(out.resolve("genre-linear.json")).contains("\"confusion\""));

        Run ft2 = run(tiny("classify", "--metadata-path", meta.toString(), "--mp3-path", mels.toString(),
                "--mode", "finetune", "--epochs", "2", "--batch", "2", "--crop", "16", "--out", out.toString(),
                "--name", "scratch", "--split", "random", "--backend", "cpu"));
        assertEquals(0, ft2.code(), ft2.toString());
        Map<String, Object> s2 = ft2.<ClassifyCommand>command("classify").summary();
        assertEquals("random-72-8-20", s2.get("split"));
        assertEquals(6, (Integer) s2.get("train_clips") + (Integer) s2.get("validation_clips")
                + (Integer) s2.get("test_clips"));
        // 72/8/20 of at most 2 clips per genre leaves none for validation: its figures are null, not NaN or -1
        assertEquals(0, s2.get("validation_clips"));
        assertNull(s2.get("best_validation_accuracy"));
        String scratchJson = Files.readString(out.resolve("scratch.json"));
        assertTrue(scratchJson.contains("\"best_validation_accuracy\": null")
                && scratchJson.contains("\"validation_accuracy\": null"), scratchJson);
        assertTrue(Files.isRegularFile(out.resolve("scratch-confusion.png")));
    }

    @Test
    void interruptedAudioProcessingResumesWithoutRewritingDoneFiles() throws Exception {
        Path fma = copyFixture(dir);
        Path small = fma.resolve("fma_small");
        // the first run stops after 3 files (as an interrupted run would); a temporary file of an unfinished write
        // is left behind as a killed run would leave it
        Run first = run("audio-processing", "--mp3_path", small.toString(), "--max-files", "3", "--threads", "2");
        assertEquals(0, first.code(), first.toString());
        assertEquals(3, first.<AudioProcessingCommand>command("audio-processing").result().written());
        Files.writeString(small.resolve("000/.000148.npy.deadbeef.tmp"), "half");
        Map<Path, FileTime> done = new LinkedHashMap<>();
        try (Stream<Path> s = Files.walk(small)) {
            for (Path p : s.filter(p -> p.getFileName().toString().endsWith(".npy")).toList()) {
                done.put(p, Files.getLastModifiedTime(p));
            }
        }
        assertEquals(3, done.size());
        // make any rewrite visible in the modification time
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        for (Path p : done.keySet()) {
            Files.setLastModifiedTime(p, old);
        }
        Run second = run("audio-processing", "--mp3_path", small.toString());
        assertEquals(0, second.code(), second.toString());
        AudioProcessingCommand.Result r = second.<AudioProcessingCommand>command("audio-processing").result();
        assertEquals(3, r.skipped());
        assertEquals(3, r.written()); // 6 good files in all
        assertEquals(2, r.bad().size());
        for (Path p : done.keySet()) {
            assertEquals(old, Files.getLastModifiedTime(p), p + " was rewritten");
        }
        assertTrue(Npy.read(small.resolve("000/000148.npy")).shape()[0] > 0);
        // a third run has nothing left to do
        Run third = run("audio-processing", "--mp3_path", small.toString());
        AudioProcessingCommand.Result r3 = third.<AudioProcessingCommand>command("audio-processing").result();
        assertEquals(0, r3.written());
        assertEquals(6, r3.skipped());
    }

    @Test
    void relativePathsAreRelativeToTheWorkingDirectory() throws Exception {
        copyFixture(dir);
        String before = System.getProperty("user.dir");
        System.setProperty("user.dir", dir.toString());
        try {
            Run prep = run("prepare-data", "--metadata_path", "fma/fma_metadata");
            assertEquals(0, prep.code(), prep.toString());
            assertTrue(Files.isRegularFile(dir.resolve("mapping.json")));
            Run ap = run("audio-processing", "--mp3_path", "fma/fma_small", "--out", "features", "--max-files", "1");
            assertEquals(0, ap.code(), ap.toString());
            assertTrue(Files.isRegularFile(dir.resolve("features/000/000002.npy")));
        } finally {
            System.setProperty("user.dir", before);
        }
    }

    @Test
    void backendFlagAndErrors() throws Exception {
        Path fma = copyFixture(dir);
        Run ocl = run("classify", "--metadata_path", fma.resolve("fma_metadata").toString(), "--mp3_path",
                dir.toString(), "--encoder_path", dir.resolve("absent.safetensors").toString(), "--backend", "opencl");
        assertEquals(1, ocl.code(), ocl.toString());
        // the backend actually used is named: the OpenCL device where there is one, else the CPU fallback
        assertTrue(ocl.err().contains("backend: opencl") || ocl.err().contains("using the CPU backend"), ocl.err());
        assertEquals(2, run("classify", "--metadata_path", "x", "--mp3_path", "y", "--backend", "cuda").code());
        Run missing = run("prepare-data", "--metadata_path", dir.resolve("nope").toString());
        assertEquals(1, missing.code());
        assertTrue(missing.err().startsWith("cola4j prepare-data: " + dir.resolve("nope")), missing.err());
        assertTrue(missing.err().contains("tracks.csv"), missing.err());
        Run noData = run("train-encoder", "--mp3_path", dir.resolve("nope").toString(), "--out",
                dir.resolve("m").toString());
        assertEquals(1, noData.code(), noData.toString());
        assertEquals("cola4j train-encoder: " + dir.resolve("nope") + ": no such directory", noData.err().strip());
        for (String c : List.of("forward", "train-encoder", "classify", "demo")) {
            Run h = run(c, "--help");
            assertEquals(0, h.code(), c);
            assertTrue(h.out().contains("--backend") && h.out().contains("Usage: cola4j " + c), h.out());
        }
        // commands that compute nothing with tensors have no --backend
        for (String c : List.of("mel", "prepare-data", "audio-processing")) {
            Run h = run(c, "--help");
            assertEquals(0, h.code(), c);
            assertTrue(h.out().contains("Usage: cola4j " + c) && !h.out().contains("--backend"), h.out());
        }
        assertTrue(run("classify", "--help").out().contains("--encoder_path, --encoder-path"));
    }
}

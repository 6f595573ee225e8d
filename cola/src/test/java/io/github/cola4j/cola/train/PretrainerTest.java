package io.github.cola4j.cola.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.cola.ColaConfig;
import io.github.cola4j.cola.ColaModel;
import io.github.cola4j.cola.ProgressLine;
import io.github.cola4j.cola.Similarity;
import io.github.cola4j.cola.data.BatchLoader;
import io.github.cola4j.cola.data.MelDataset;
import io.github.cola4j.cola.data.PairSampler;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.Module;
import io.github.cola4j.nn.io.ModelFiles;
import io.github.cola4j.nn.io.Safetensors;
import io.github.cola4j.tensor.io.Npy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PretrainerTest {
    static final int MELS = 64;
    static final int FRAMES = 120;
    static final int CROP = 48;

    @TempDir
    static Path corpusDir;
    static MelDataset.Split split;

    @BeforeAll
    static void corpus() throws IOException {
        SyntheticCorpus.write(corpusDir, 32, FRAMES, MELS, 7);
        split = MelDataset.open(corpusDir, MELS, true).split(0.25, 3);
    }

    static ColaModel tinyModel(long seed) {
        Randomness.seed(seed);
        EfficientNetConfig enc = new EfficientNetConfig(0.25, 0.25, 1, 0.0, EfficientNetConfig.Pooling.MAX);
        return new ColaModel(new ColaConfig(enc, 32, Similarity.BILINEAR, 0.2, 0.0));
    }

    static PairSampler sampler() {
        return new PairSampler(PairSampler.Config.cola().toBuilder().cropFrames(CROP).build());
    }

    @Test
    void learnsToIdentifyPairs(@TempDir Path out) throws IOException {
        PretrainConfig cfg = PretrainConfig.builder(out).batchSize(8).epochs(5).stepsPerEpoch(20)
                .learningRate(3e-3).lrDecay(0.99).validationBatches(4).logEvery(10).checkpointEvery(0).build();
        List<String> lines = new ArrayList<>();
        List<String> epochsSeen = new ArrayList<>();
        Pretrainer p = new Pretrainer(tinyModel(1), split.train(), split.validation(), sampler(), cfg)
                .progress(lines::add)
                .onEpochEnd(h -> epochsSeen.add(h.epochLosses().length + " epochs, " + h.stepLosses().length
                        + " steps, " + h.validationAccuracies().length + " validations"));
        double before = p.validationAccuracy();
        long t0 = System.nanoTime();
        Pretrainer.Summary s = p.run();
        double secs = (System.nanoTime() - t0) / 1e9;
        lines.forEach(System.out::println);
        System.out.printf("validation pair accuracy %.3f -> %.3f (chance 0.125), %d steps in %.1f s%n", before,
                s.bestValidationAccuracy(), s.steps(), secs);
        assertTrue(s.finished());
        assertEquals(100, s.steps());
        assertTrue(s.bestValidationAccuracy() >= 0.5, "validation accuracy " + s.bestValidationAccuracy());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("step 10/100  epoch 1/5  loss ")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("epoch 5/5  train loss ")), lines.toString());
        // every step and epoch line is in the one progress format
        assertEquals(10 + 5, lines.stream().filter(l -> ProgressLine.FORMAT.matcher(l).matches()).count(),
                lines.toString());
        assertTrue(lines.get(lines.size() - 1).startsWith("pre-training done after 100 steps"));
        // the best encoder loads into a fresh encoder; the listener saw the history after every epoch
        EfficientNet enc = new EfficientNet(p.model().encoder().config());
        ModelFiles.load(enc, out.resolve(Pretrainer.BEST_ENCODER));
        assertEquals(List.of("1 epochs, 20 steps, 1 validations", "2 epochs, 40 steps, 2 validations",
                "3 epochs, 60 steps, 3 validations", "4 epochs, 80 steps, 4 validations",
                "5 epochs, 100 steps, 5 validations"), epochsSeen);
        assertEquals(5, p.history().validationAccuracies().length);
        // the best epoch counts from 1, as the progress lines do; History's index 0 is epoch 1
        double[] va = p.history().validationAccuracies();
        int first = 0;
        for (int i = 1; i < va.length; i++) {
            first = va[i] > va[first] ? i : first;
        }
        assertEquals(first + 1, s.bestEpoch());
        assertEquals(va[first], s.bestValidationAccuracy());
        assertEquals(s.bestEpoch(), Checkpoint.position(out.resolve(Pretrainer.CHECKPOINT)).bestEpoch());
    }

    @Test
    void validationAccuracyIsNaNWithoutValidation(@TempDir Path out) {
        PretrainConfig cfg = PretrainConfig.builder(out).batchSize(4).epochs(1).stepsPerEpoch(2).validationBatches(0)
                .build();
        Pretrainer none = new Pretrainer(tinyModel(5), split.train(), null, sampler(), cfg).progress(l -> { });
        assertTrue(Double.isNaN(none.validationAccuracy()));
        Pretrainer unused = new Pretrainer(tinyModel(5), split.train(), split.validation(), sampler(), cfg)
                .progress(l -> { });
        assertTrue(Double.isNaN(unused.validationAccuracy()));
    }

    @Test
    void anEpochListenersFailureStopsTheRunBeforeTheEpochsCheckpoint(@TempDir Path out) {
        PretrainConfig cfg = PretrainConfig.builder(out).batchSize(4).epochs(2).stepsPerEpoch(2).validationBatches(0)
                .checkpointEvery(0).logEvery(100).build();
        Pretrainer p = new Pretrainer(tinyModel(7), split.train(), null, sampler(), cfg).progress(l -> { })
                .onEpochEnd(h -> {
                    throw new IOException("no room for the curves");
                });
        IOException e = assertThrows(IOException.class, p::run);
        assertEquals("no room for the curves", e.getMessage());
        assertEquals(2, p.step());
        assertFalse(Files.exists(out.resolve(Pretrainer.CHECKPOINT)));
    }

    @Test
    void runningUntilAnEarlierStepNamesBothSteps(@TempDir Path out) throws IOException {
        PretrainConfig cfg = PretrainConfig.builder(out).batchSize(4).epochs(1).stepsPerEpoch(3).validationBatches(0)
                .logEvery(100).build();
        Pretrainer p = new Pretrainer(tinyModel(6), split.train(), null, sampler(), cfg).progress(l -> { });
        assertEquals(2, p.run(2).steps());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.run(1));
        assertTrue(e.getMessage().contains("step 1") && e.getMessage().contains("step 2"), e.getMessage());
        assertEquals(2, p.step());
        // the current step itself is no step at all
        Pretrainer.Summary same = p.run(2);
        assertEquals(2, same.steps());
        assertFalse(same.finished());
    }

    @Test
    void runningARunThatIsAlreadyPastItsEndTrainsNothing(@TempDir Path out) throws IOException {
        PretrainConfig longer = PretrainConfig.builder(out).batchSize(4).epochs(2).stepsPerEpoch(2)
                .validationBatches(0).logEvery(100).build();
        new Pretrainer(tinyModel(8), split.train(), null, sampler(), longer).progress(l -> { }).run();
        Pretrainer shorter = new Pretrainer(tinyModel(8), split.train(), null, sampler(),
                longer.toBuilder().epochs(1).build()).progress(l -> { }).resume(out.resolve(Pretrainer.CHECKPOINT));
        assertEquals(4, shorter.step());
        Pretrainer.Summary s = shorter.run();
        assertEquals(4, s.steps());
        assertTrue(s.finished());
        // without validation the best epoch is the last finished one
        assertEquals(2, s.bestEpoch());
        assertEquals(4, shorter.run(10).steps());
    }

    private static PretrainConfig resumeConfig(Path out) {
        return PretrainConfig.builder(out).batchSize(6).epochs(2).stepsPerEpoch(3).learningRate(1e-3).lrDecay(0.9)
                .validationBatches(1).checkpointEvery(2).logEvery(100).gradClipNorm(1.0).build();
    }

    @Test
    void killAndResumeGivesTheSameLosses(@TempDir Path a, @TempDir Path b) throws IOException {
        // 6 steps straight (2 epochs of 3: validation, lr decay and an epoch change fall inside)
        Pretrainer straight = new Pretrainer(tinyModel(5), split.train(), split.validation(), sampler(),
                resumeConfig(a)).progress(l -> { });
        straight.run();
        double[] expected = straight.history().stepLosses();
        assertEquals(6, expected.length);

        // 2 steps, then the objects are dropped; only the checkpoint file survives
        Pretrainer first = new Pretrainer(tinyModel(5), split.train(), split.validation(), sampler(),
                resumeConfig(b)).progress(l -> { });
        first.run(2);
        first = null;
        Randomness.seed(12345); // whatever the generator did meanwhile must not matter
        Pretrainer resumed = new Pretrainer(tinyModel(99), split.train(), split.validation(), sampler(),
                resumeConfig(b)).progress(l -> { });
        resumed.resume(b.resolve(Pretrainer.CHECKPOINT));
        assertEquals(2, resumed.step());
        resumed.run();
        assertArrayEquals(expected, resumed.history().stepLosses(), "losses after resuming differ");
        assertArrayEquals(straight.history().validationAccuracies(), resumed.history().validationAccuracies());
        assertArrayEquals(straight.model().stateDict().get("similarity_weight").tensor().toFloatArray(),
                resumed.model().stateDict().get("similarity_weight").tensor().toFloatArray());
    }

    /**
     * A checkpoint of version 1, which counted its best epoch from 0, resumes as it did: the position reads the
     * same epoch and the run goes on to the losses and best epoch of an uninterrupted run.
     */
    @Test
    void aVersion1CheckpointStillResumes(@TempDir Path a, @TempDir Path b) throws IOException {
        Pretrainer straight = new Pretrainer(tinyModel(5), split.train(), split.validation(), sampler(),
                resumeConfig(a)).progress(l -> { });
        Pretrainer.Summary whole = straight.run();

        // one epoch of 3 steps and one step more: the checkpoint at step 4 has a best epoch
        new Pretrainer(tinyModel(5), split.train(), split.validation(), sampler(), resumeConfig(b))
                .progress(l -> { }).run(4);
        Path file = b.resolve(Pretrainer.CHECKPOINT);
        Checkpoint.Position now = Checkpoint.position(file);
        assertEquals(4, now.step());
        assertEquals(1, now.bestEpoch());
        Safetensors.Contents c = Safetensors.read(file);
        assertEquals(Checkpoint.VERSION, c.metadata().get("version"));
        assertEquals("1", c.metadata().get("best_epoch"));

        // the same file as version 1 wrote it
        Map<String, Module.StateEntry> entries = new LinkedHashMap<>();
        c.tensors().forEach((k, t) -> entries.put(k, new Module.StateEntry(t, c.integers().contains(k))));
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        meta.put("version", "1");
        meta.put("best_epoch", "0");
        Safetensors.write(file, entries, meta);
        Checkpoint.Position old = Checkpoint.position(file);
        assertEquals(now.step(), old.step());
        assertEquals(now.bestEpoch(), old.bestEpoch());
        assertEquals(now.bestAccuracy(), old.bestAccuracy());

        Pretrainer resumed = new Pretrainer(tinyModel(99), split.train(), split.validation(), sampler(),
                resumeConfig(b)).progress(l -> { }).resume(file);
        Pretrainer.Summary rest = resumed.run();
        assertArrayEquals(straight.history().stepLosses(), resumed.history().stepLosses());
        assertEquals(whole.bestEpoch(), rest.bestEpoch());
        assertEquals(whole.bestValidationAccuracy(), rest.bestValidationAccuracy());
        assertEquals("2", Safetensors.read(file).metadata().get("version"));
    }

    @Test
    void nonFiniteLossStopsAndKeepsTheLastCheckpoint(@TempDir Path data, @TempDir Path out) throws IOException {
        SyntheticCorpus.write(data, 12, FRAMES, MELS, 11);
        float[] nan = SyntheticCorpus.clip(0, FRAMES, MELS, 11);
        Arrays.fill(nan, 5 * MELS, 6 * MELS, Float.NaN);
        Npy.write(data.resolve("000/000002.npy"), nan, FRAMES, MELS);
        MelDataset ds = MelDataset.open(data, MELS);
        // a seed whose first batch is clean, so a checkpoint exists before the poisoned batch
        PairSampler sampler = new PairSampler(PairSampler.Config.cola().toBuilder().cropFrames(FRAMES).build());
        long seed = 0;
        int firstBad = -1;
        for (; firstBad < 1; seed++) {
            firstBad = -1;
            for (int k = 0; k < 4 && firstBad < 0; k++) {
                float[] v = BatchLoader.batch(ds, sampler, 4, seed, 0, k).anchors().toFloatArray();
                for (float x : v) {
                    if (Float.isNaN(x)) {
                        firstBad = k;
                        break;
                    }
                }
            }
        }
        seed--;
        PretrainConfig cfg = PretrainConfig.builder(out).batchSize(4).epochs(1).stepsPerEpoch(4).seed(seed)
                .validationBatches(0).checkpointEvery(1).logEvery(100).build();
        List<String> lines = new ArrayList<>();
        Pretrainer p = new Pretrainer(tinyModel(3), ds, null, sampler, cfg).progress(lines::add);
        TrainingDivergedException e = assertThrows(TrainingDivergedException.class, p::run);
        assertEquals(firstBad, e.step());
        assertTrue(e.getMessage().startsWith("training diverged at step " + firstBad + " "), e.getMessage());
        assertTrue(e.getMessage().contains("loss is NaN"), e.getMessage());
        assertTrue(e.getMessage().contains("(step " + firstBad + ")"), e.getMessage());
        assertEquals(out.resolve(Pretrainer.CHECKPOINT), e.lastCheckpoint());
        assertEquals(firstBad, Checkpoint.position(e.lastCheckpoint()).step());
        ColaModel fresh = tinyModel(4);
        Checkpoint.loadModel(e.lastCheckpoint(), fresh);
        for (var entry : fresh.stateDict().values()) {
            for (float x : entry.tensor().toFloatArray()) {
                assertTrue(Float.isFinite(x));
            }
        }
        assertTrue(Files.exists(out.resolve(Pretrainer.CHECKPOINT)));
    }
}

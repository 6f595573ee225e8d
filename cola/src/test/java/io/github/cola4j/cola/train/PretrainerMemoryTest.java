package io.github.cola4j.cola.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.cola.data.MelDataset;
import io.github.cola4j.tensor.cpu.CpuBackend;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pre-training steps after the first take their activations and gradients from the CPU pool, not the heap. */
class PretrainerMemoryTest {

    @Test
    void laterStepsReuseTheFirstStepsArrays(@TempDir Path data, @TempDir Path out) throws IOException {
        SyntheticCorpus.write(data, 16, PretrainerTest.FRAMES, PretrainerTest.MELS, 11);
        MelDataset train = MelDataset.open(data, PretrainerTest.MELS, true);
        PretrainConfig cfg = PretrainConfig.builder(out).batchSize(8).epochs(1).stepsPerEpoch(8).validationBatches(0)
                .checkpointEvery(0).build();
        Pretrainer p = new Pretrainer(PretrainerTest.tinyModel(2), train, null, PretrainerTest.sampler(), cfg)
                .progress(l -> { });
        long m0 = CpuBackend.poolStats().misses();
        p.run(1);
        long firstStep = CpuBackend.poolStats().misses() - m0;
        long m1 = CpuBackend.poolStats().misses();
        p.run(7);
        double perLaterStep = (CpuBackend.poolStats().misses() - m1) / 6.0;
        // what still misses is the loader's batches and each run's checkpoint, a few arrays a step
        assertTrue(firstStep > 50, "the first step allocates its activations from the heap: " + firstStep);
        assertTrue(perLaterStep < firstStep / 10.0,
                "later steps missed the pool " + perLaterStep + " times a step, the first " + firstStep);
    }
}

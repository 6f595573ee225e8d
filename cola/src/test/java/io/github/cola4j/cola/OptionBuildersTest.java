package io.github.cola4j.cola;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.cola.data.Augmentation;
import io.github.cola4j.cola.data.PairSampler;
import io.github.cola4j.cola.eval.Crops;
import io.github.cola4j.cola.eval.FineTuning;
import io.github.cola4j.cola.eval.LinearEvaluation;
import io.github.cola4j.cola.train.PretrainConfig;
import io.github.cola4j.nn.EfficientNetConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Every builder setter lands in its own component, and an untouched builder gives back what it started from. */
class OptionBuildersTest {

    @Test
    void pretrainConfig() {
        PretrainConfig d = PretrainConfig.defaults(Path.of("out"));
        assertEquals(d, PretrainConfig.builder(Path.of("out")).build());
        assertEquals(d, d.toBuilder().build());
        assertEquals(new PretrainConfig(16, 3, 7, 2e-3, 0.5, 1.5, 4, 9, 11, 13, 5, Path.of("elsewhere"), LogMelPreset.COLA, 3, true),
                d.toBuilder().batchSize(16).epochs(3).stepsPerEpoch(7).learningRate(2e-3).lrDecay(0.5)
                        .gradClipNorm(1.5).validationBatches(4).checkpointEvery(9).logEvery(11).seed(13).prefetch(5)
                        .outputDir(Path.of("elsewhere")).frontEnd(LogMelPreset.COLA).warmupSteps(3).cosineDecay(true).build());
        // a builder is checked when built, not before: a bad value may be corrected on the way
        assertEquals(d, PretrainConfig.builder(null).batchSize(0).outputDir(Path.of("out")).batchSize(128).build());
        assertThrows(IllegalArgumentException.class, () -> PretrainConfig.builder(null).build());
    }

    @Test
    void fineTuningOptions() {
        FineTuning.Options d = FineTuning.Options.seedRecipe();
        assertEquals(d, d.toBuilder().build());
        assertEquals(new FineTuning.Options(3, 5, 2e-3, 0.5, 0.25, 77, Augmentation.none(), Crops.LastWindow.PAD, 9,
                17, 4), d.toBuilder().epochs(3).batchSize(5).lr(2e-3).lrDecay(0.5).clipNorm(0.25).cropFrames(77)
                        .augmentation(Augmentation.none()).lastWindow(Crops.LastWindow.PAD).evalBatchSize(9).seed(17)
                        .logEverySteps(4).build());
    }

    @Test
    void linearEvaluationOptions() {
        LinearEvaluation.Options d = LinearEvaluation.Options.defaults();
        assertEquals(d, d.toBuilder().build());
        assertEquals(new LinearEvaluation.Options(3, 5, 2e-3, 0.5, 77, Crops.LastWindow.PAD, 9, 17, false),
                d.toBuilder().epochs(3).batchSize(5).lr(2e-3).weightDecay(0.5).windowFrames(77)
                        .lastWindow(Crops.LastWindow.PAD).encoderBatchSize(9).seed(17).standardize(false).build());
    }

    @Test
    void pairSamplerConfig() {
        PairSampler.Config cola = PairSampler.Config.cola();
        assertEquals(cola, cola.toBuilder().build());
        assertEquals(new PairSampler.Config(40, 32, 0.5, 0.25, 0.75, 0.8, 1.2), cola.toBuilder().cropFrames(40)
                .mels(32).noiseStd(0.5).maskProb(0.25).maskContinueProb(0.75).gainMin(0.8).gainMax(1.2).build());
        // masking and gain on: the PyTorch re-implementation's augmentation, at the official crop length
        PairSampler.Config pytorch = PairSampler.Config.colaPytorch();
        assertEquals(pytorch.toBuilder().cropFrames(cola.cropFrames()).build(),
                cola.toBuilder().masking(true).gain(true).build());
        assertEquals(cola, pytorch.toBuilder().cropFrames(cola.cropFrames()).masking(false).gain(false).build());
        assertNotEquals(cola, cola.toBuilder().masking(true).build());
    }

    @Test
    void colaConfig() {
        ColaConfig paper = ColaConfig.paper();
        assertEquals(paper, paper.toBuilder().build());
        EfficientNetConfig tiny = new EfficientNetConfig(0.25, 0.25, 1, 0.0, EfficientNetConfig.Pooling.AVG);
        assertEquals(new ColaConfig(tiny, 16, Similarity.COSINE, 0.5, 0.25), paper.toBuilder().encoder(tiny)
                .embeddingDim(16).similarity(Similarity.COSINE).temperature(0.5).headDropout(0.25).build());
    }
}

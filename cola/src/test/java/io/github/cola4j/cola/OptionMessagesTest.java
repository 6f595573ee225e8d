package io.github.cola4j.cola;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.cola.data.Augmentation;
import io.github.cola4j.cola.eval.Crops;
import io.github.cola4j.cola.eval.FineTuning;
import io.github.cola4j.cola.eval.LinearEvaluation;
import io.github.cola4j.cola.train.PretrainConfig;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** A rejected option names the offending parameter and the value given. */
class OptionMessagesTest {

    private static void rejects(Executable build, String... parts) {
        String msg = assertThrows(IllegalArgumentException.class, build).getMessage();
        for (String p : parts) {
            assertTrue(msg.contains(p), "'" + p + "' missing from: " + msg);
        }
    }

    @Test
    void linearEvaluationOptions() {
        LinearEvaluation.Options d = LinearEvaluation.Options.defaults();
        rejects(() -> d.withEpochs(-3), "epochs is -3");
        rejects(() -> d.withBatchSize(0), "batchSize is 0");
        rejects(() -> d.withLr(Double.NaN), "lr is NaN");
        rejects(() -> d.withWeightDecay(-0.5), "weightDecay is -0.5");
        rejects(() -> d.withWindowFrames(-7), "windowFrames is -7");
        rejects(() -> new LinearEvaluation.Options(5, 8, 1e-3, 0, 98, Crops.LastWindow.DROP, -2, 0, true),
                "encoderBatchSize is -2");
    }

    @Test
    void fineTuningOptions() {
        FineTuning.Options d = FineTuning.Options.seedRecipe();
        rejects(() -> d.withEpochs(0), "epochs is 0");
        rejects(() -> d.withBatchSize(-4), "batchSize is -4");
        rejects(() -> d.withLr(-1e-3), "lr is -0.001");
        rejects(() -> new FineTuning.Options(2, 4, 1e-3, 0, 1, 16, Augmentation.none(), Crops.LastWindow.DROP, 4, 0,
                0), "lrDecay is 0.0");
        rejects(() -> new FineTuning.Options(2, 4, 1e-3, 1, 1, -16, Augmentation.none(), Crops.LastWindow.DROP, 4, 0,
                0), "cropFrames is -16");
        rejects(() -> new FineTuning.Options(2, 4, 1e-3, 1, 1, 16, null, Crops.LastWindow.DROP, 4, 0, 0),
                "augmentation is null");
        rejects(() -> new FineTuning.Options(2, 4, 1e-3, 1, 1, 16, Augmentation.none(), null, 4, 0, 0),
                "lastWindow is null");
        rejects(() -> new FineTuning.Options(2, 4, 1e-3, 1, 1, 16, Augmentation.none(), Crops.LastWindow.DROP, -9, 0,
                0), "evalBatchSize is -9");
        rejects(() -> new FineTuning.Options(2, 4, 1e-3, 1, 1, 16, Augmentation.none(), Crops.LastWindow.DROP, 4, 0,
                -5), "logEverySteps is -5");
    }

    @Test
    void pretrainConfig() {
        PretrainConfig d = PretrainConfig.defaults(Path.of("out"));
        rejects(() -> d.withBatchSize(1), "batchSize is 1");
        rejects(() -> d.withEpochs(0, 10), "epochs is 0");
        rejects(() -> d.withEpochs(3, -10), "stepsPerEpoch is -10");
        rejects(() -> d.withLearningRate(-2.5, 0.99), "learningRate is -2.5");
        rejects(() -> d.withLearningRate(1e-3, 0), "lrDecay is 0.0");
        rejects(() -> d.withGradClipNorm(-1.5), "gradClipNorm is -1.5");
        rejects(() -> d.withValidationBatches(-6), "validationBatches is -6");
        rejects(() -> d.withCheckpointEvery(-7), "checkpointEvery is -7");
        rejects(() -> d.withLogEvery(0), "logEvery is 0");
        rejects(() -> new PretrainConfig(8, 1, 1, 1e-3, 1, 0, 0, 0, 1, 0, -3, Path.of("out")), "prefetch is -3");
        rejects(() -> d.withOutputDir(null), "outputDir is null");
    }
}

package io.github.cola4j.cola;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.audio.LogMelPreset;
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
        rejects(() -> d.toBuilder().epochs(-3).build(), "epochs is -3");
        rejects(() -> d.toBuilder().batchSize(0).build(), "batchSize is 0");
        rejects(() -> d.toBuilder().lr(Double.NaN).build(), "lr is NaN");
        rejects(() -> d.toBuilder().weightDecay(-0.5).build(), "weightDecay is -0.5");
        rejects(() -> d.toBuilder().windowFrames(-7).build(), "windowFrames is -7");
        rejects(() -> new LinearEvaluation.Options(5, 8, 1e-3, 0, 98, Crops.LastWindow.DROP, -2, 0, true),
                "encoderBatchSize is -2");
    }

    @Test
    void fineTuningOptions() {
        FineTuning.Options d = FineTuning.Options.seedRecipe();
        rejects(() -> d.toBuilder().epochs(0).build(), "epochs is 0");
        rejects(() -> d.toBuilder().batchSize(-4).build(), "batchSize is -4");
        rejects(() -> d.toBuilder().lr(-1e-3).build(), "lr is -0.001");
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
        rejects(() -> d.toBuilder().batchSize(1).build(), "batchSize is 1");
        rejects(() -> d.toBuilder().epochs(0).stepsPerEpoch(10).build(), "epochs is 0");
        rejects(() -> d.toBuilder().epochs(3).stepsPerEpoch(-10).build(), "stepsPerEpoch is -10");
        rejects(() -> d.toBuilder().learningRate(-2.5).lrDecay(0.99).build(), "learningRate is -2.5");
        rejects(() -> d.toBuilder().learningRate(1e-3).lrDecay(0).build(), "lrDecay is 0.0");
        rejects(() -> d.toBuilder().gradClipNorm(-1.5).build(), "gradClipNorm is -1.5");
        rejects(() -> d.toBuilder().validationBatches(-6).build(), "validationBatches is -6");
        rejects(() -> d.toBuilder().checkpointEvery(-7).build(), "checkpointEvery is -7");
        rejects(() -> d.toBuilder().logEvery(0).build(), "logEvery is 0");
        rejects(() -> new PretrainConfig(8, 1, 1, 1e-3, 1, 0, 0, 0, 1, 0, -3, Path.of("out"), LogMelPreset.COLA, 0, false), "prefetch is -3");
        rejects(() -> d.toBuilder().outputDir(null).build(), "outputDir is null");
    }
}

package io.github.cola4j.cola.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Randomness;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class FineTuningTest {

    static EfficientNetConfig tiny() {
        return new EfficientNetConfig(0.25, 0.25, 1, 0.0, EfficientNetConfig.Pooling.MAX);
    }

    @Test
    void fromScratchBeatsChanceClearly() {
        Randomness.seed(7);
        List<LabelledClip> train = SyntheticClips.make(10, 4, 120, 180, 1);
        List<LabelledClip> val = SyntheticClips.make(2, 4, 120, 180, 2);
        List<LabelledClip> test = SyntheticClips.make(4, 4, 120, 180, 3);
        GenreClassifier model = new GenreClassifier(tiny(), 4);
        List<String> lines = new ArrayList<>();
        FineTuning.Options o = FineTuning.Options.seedRecipe().toBuilder().epochs(20).batchSize(8).lr(1e-3)
                .cropFrames(64).logEverySteps(3).build();
        long t0 = System.nanoTime();
        FineTuning.Result r = new FineTuning(model, o, s -> {
            lines.add(s);
            System.out.println(s);
        }).run(train, val);
        double trainSeconds = (System.nanoTime() - t0) / 1e9;
        Predictions p = new WindowedPredictor(model, 64).predict(test);
        ClassificationReport report = p.report(SyntheticClips.NAMES);
        System.out.println(report.toTable());
        System.out.printf("fine-tuning took %.1f s%n", trainSeconds);
        assertEquals(20, r.history().size());
        assertTrue(r.bestEpoch() >= 1 && r.bestEpoch() <= 20);
        assertEquals(r.history().get(r.bestEpoch() - 1).validationAccuracy(), r.bestValidationAccuracy());
        // the kept state is the selected epoch's: re-scoring the validation set gives its accuracy
        assertEquals(r.bestValidationAccuracy(), new WindowedPredictor(model, 64).predict(val).accuracy(), 1e-12);
        // exponential decay per epoch
        assertEquals(1e-3 * Math.pow(0.97, 19), r.history().get(19).lr(), 1e-12);
        assertTrue(report.accuracy() >= 0.75, "test accuracy " + report.accuracy() + " (chance 0.25)");
        assertTrue(lines.stream().anyMatch(s -> s.contains("epoch 20/20") && s.contains("ex/s") && s.contains("left")));
        assertTrue(lines.stream().anyMatch(s -> s.contains("step 3/5")));
        assertTrue(lines.get(lines.size() - 1).startsWith("fine-tuning done"));
    }
}

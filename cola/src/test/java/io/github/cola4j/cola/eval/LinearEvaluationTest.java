package io.github.cola4j.cola.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.Module;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LinearEvaluationTest {

    /** The floor baseline (untrained, frozen encoder; standardised features) already separates these classes. */
    @Test
    void probeOnFrozenRandomEncoderSeparatesSpectralClasses() {
        Randomness.seed(11);
        EfficientNet encoder = new EfficientNet(FineTuningTest.tiny());
        List<LabelledClip> train = SyntheticClips.make(8, 4, 100, 200, 21);
        List<LabelledClip> val = SyntheticClips.make(3, 4, 100, 200, 22);
        Map<String, Module.StateEntry> before = encoder.stateDict();
        Map<String, float[]> frozen = new java.util.HashMap<>();
        before.forEach((k, e) -> frozen.put(k, e.tensor().contiguous().toFloatArray()));

        List<String> lines = new ArrayList<>();
        LinearEvaluation.Options o = LinearEvaluation.Options.defaults().toBuilder().epochs(40).batchSize(16)
                .lr(1e-2).windowFrames(64).seed(3).build();
        LinearEvaluation le = new LinearEvaluation(encoder, 4, o, lines::add);
        CachedFeatures tr = le.features(train);
        CachedFeatures va = le.features(val);
        int expectedWindows = 0;
        for (LabelledClip c : train) {
            expectedWindows += Math.max(1, c.frames() / 64);
        }
        assertEquals(expectedWindows, tr.windows());
        assertEquals(encoder.config().featureWidth(), tr.width());

        LinearEvaluation.Result r = le.train(tr, va);
        lines.forEach(System.out::println);
        EpochStats last = r.history().get(r.history().size() - 1);
        assertTrue(last.trainAccuracy() >= 0.9, "the probe fits the cached training features: " + last);
        assertTrue(r.bestValidationAccuracy() >= 0.75, "validation accuracy " + r.bestValidationAccuracy());
        assertTrue(lines.stream().anyMatch(s -> s.contains("linear epoch 40/40") && s.contains("ex/s")));

        // the encoder stayed frozen: parameters and running statistics unchanged
        encoder.stateDict().forEach((k, e) -> assertArrayEquals(frozen.get(k), e.tensor().contiguous()
                .toFloatArray(), k));

        // the cached-feature path and the raw-clip window protocol give the same clip logits
        Predictions cached = LinearEvaluation.predict(r.probe(), va);
        Predictions raw = new WindowedPredictor(new ProbedEncoder(encoder, r.probe()), 64).predict(val);
        assertArrayEquals(cached.predicted(), raw.predicted());
        for (int i = 0; i < val.size(); i++) {
            assertArrayEquals(cached.logits()[i], raw.logits()[i], 1e-3);
        }
        assertEquals(r.bestValidationAccuracy(), cached.accuracy(), 1e-12);

        // same seed, same probe
        LinearEvaluation.Result again = new LinearEvaluation(encoder, 4, o, s -> { }).train(tr, va);
        Tensor w1 = r.probe().linear().weight().value();
        Tensor w2 = again.probe().linear().weight().value();
        assertArrayEquals(w1.toFloatArray(), w2.toFloatArray());
    }

    /** Validation features without clips count as no validation set: the last epoch is kept. */
    @Test
    void emptyValidationKeepsTheLastEpochAsNullDoes() {
        Randomness.seed(12);
        EfficientNet encoder = new EfficientNet(FineTuningTest.tiny());
        LinearEvaluation.Options o = LinearEvaluation.Options.defaults().toBuilder().epochs(3).batchSize(8)
                .windowFrames(64).seed(4).build();
        LinearEvaluation le = new LinearEvaluation(encoder, 4, o, s -> { });
        CachedFeatures tr = le.features(SyntheticClips.make(2, 4, 100, 140, 23));
        CachedFeatures none = le.features(List.of());
        assertEquals(0, none.clips());

        LinearEvaluation.Result empty = le.train(tr, none);
        LinearEvaluation.Result withoutSet = le.train(tr, null);
        assertEquals(3, empty.bestEpoch());
        assertTrue(Double.isNaN(empty.bestValidationAccuracy()));
        assertEquals(3, empty.history().size());
        assertArrayEquals(withoutSet.probe().linear().weight().value().toFloatArray(),
                empty.probe().linear().weight().value().toFloatArray());
    }
}

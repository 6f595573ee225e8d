package io.github.cola4j.cola.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HandcraftedFeaturesTest {

    @Test
    void eachBandsMeanThenItsStandardDeviation() {
        float[] mel = new float[3 * 64];
        for (int t = 0; t < 3; t++) {
            for (int b = 0; b < 64; b++) {
                mel[t * 64 + b] = b + (t - 1) * (b % 5); // mean b, values b - k, b, b + k with k = b % 5
            }
        }
        CachedFeatures f = HandcraftedFeatures.of(List.of(new LabelledClip("a", mel, 3, 1)));
        assertEquals(1, f.windows());
        assertEquals(HandcraftedFeatures.WIDTH, f.width());
        for (int b = 0; b < 64; b++) {
            assertEquals(b, f.values()[b], 1e-5);
            assertEquals(Math.sqrt(2.0 / 3) * (b % 5), f.values()[64 + b], 1e-5, "band " + b);
        }
        assertEquals(1, f.windowLabel(0));
    }

    @Test
    void logisticRegressionOnThemSeparatesClassesThatDifferInSpreadOnly() {
        // both classes have the same mean in every band; one fluctuates over time three times as much
        Random r = new Random(4);
        List<LabelledClip> train = new ArrayList<>();
        List<LabelledClip> test = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            int label = i % 2;
            float[] mel = new float[20 * 64];
            for (int j = 0; j < mel.length; j++) {
                mel[j] = (float) (r.nextGaussian() * (label == 0 ? 0.5 : 1.5));
            }
            (i < 60 ? train : test).add(new LabelledClip("c" + i, mel, 20, label));
        }
        LinearEvaluation.Options o = LinearEvaluation.Options.defaults().toBuilder().epochs(30).batchSize(16)
                .lr(1e-2).build();
        LinearEvaluation eval = LinearEvaluation.onFeatures(2, o, null);
        LinearEvaluation.Result res = eval.train(HandcraftedFeatures.of(train), null);
        Predictions p = LinearEvaluation.predict(res.probe(), HandcraftedFeatures.of(test));
        assertTrue(p.accuracy() >= 0.95, "accuracy " + p.accuracy());
        assertThrows(IllegalStateException.class, () -> eval.features(test));
    }
}

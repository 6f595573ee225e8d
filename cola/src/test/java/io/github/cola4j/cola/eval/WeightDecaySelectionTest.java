package io.github.cola4j.cola.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WeightDecaySelectionTest {

    /** Noisy 3-class clips whose band means differ a little: probes with different decays score differently. */
    private static List<LabelledClip> clips(int n, long seed) {
        Random r = new Random(seed);
        List<LabelledClip> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int label = i % 3;
            float[] mel = new float[12 * 64];
            for (int t = 0; t < 12; t++) {
                for (int b = 0; b < 64; b++) {
                    double signal = b % 3 == label ? 0.4 : 0;
                    mel[t * 64 + b] = (float) (signal + r.nextGaussian());
                }
            }
            out.add(new LabelledClip("c" + seed + "-" + i, mel, 12, label));
        }
        return out;
    }

    @Test
    void keepsTheFirstDecayWithTheBestValidationAccuracyAndItsProbe() {
        CachedFeatures train = HandcraftedFeatures.of(clips(30, 1));
        CachedFeatures val = HandcraftedFeatures.of(clips(30, 2));
        LinearEvaluation.Options o = LinearEvaluation.Options.defaults().toBuilder().epochs(15).batchSize(8)
                .lr(1e-2).seed(5).build();
        double[] decays = {0, 0.3, 3};
        LinearEvaluation.Selection sel = LinearEvaluation.onFeatures(3, o, null)
                .trainSelectingWeightDecay(train, val, decays);

        assertArrayEquals(decays, sel.weightDecays());
        assertEquals(decays.length, sel.validationAccuracies().length);
        int first = 0;
        for (int i = 0; i < decays.length; i++) {
            // each decay's score is what training with that decay alone gives (same seed, same data)
            LinearEvaluation.Result alone = LinearEvaluation.onFeatures(3,
                    o.toBuilder().weightDecay(decays[i]).build(), null).train(train, val);
            assertEquals(alone.bestValidationAccuracy(), sel.validationAccuracies()[i], 0.0, "decay " + decays[i]);
            if (sel.validationAccuracies()[i] > sel.validationAccuracies()[first]) {
                first = i;
            }
        }
        assertEquals(decays[first], sel.weightDecay());
        assertEquals(sel.validationAccuracies()[first], sel.result().bestValidationAccuracy(), 0.0);
        LinearEvaluation.Result chosen = LinearEvaluation.onFeatures(3,
                o.toBuilder().weightDecay(decays[first]).build(), null).train(train, val);
        assertArrayEquals(chosen.probe().linear().weight().value().toFloatArray(),
                sel.result().probe().linear().weight().value().toFloatArray());
    }

    @Test
    void withoutValidationOnlyTheFirstDecayIsTrained() {
        CachedFeatures train = HandcraftedFeatures.of(clips(12, 3));
        LinearEvaluation le = LinearEvaluation.onFeatures(3,
                LinearEvaluation.Options.defaults().toBuilder().epochs(2).batchSize(4).build(), null);
        LinearEvaluation.Selection sel = le.trainSelectingWeightDecay(train, null, 1e-2, 0);
        assertEquals(1e-2, sel.weightDecay());
        assertArrayEquals(new double[] {1e-2}, sel.weightDecays());
        assertTrue(Double.isNaN(sel.validationAccuracies()[0]));
        assertEquals(2, sel.result().bestEpoch());
    }

    @Test
    void rejectsNoDecayAndNegativeOnes() {
        CachedFeatures train = HandcraftedFeatures.of(clips(6, 4));
        LinearEvaluation le = LinearEvaluation.onFeatures(3, LinearEvaluation.Options.defaults(), null);
        assertThrows(IllegalArgumentException.class, () -> le.trainSelectingWeightDecay(train, train));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> le.trainSelectingWeightDecay(train, train, 0, -1));
        assertTrue(e.getMessage().contains("weightDecay is -1"), e.getMessage());
    }
}

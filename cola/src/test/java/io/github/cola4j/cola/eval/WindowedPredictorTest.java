package io.github.cola4j.cola.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.Module;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowedPredictorTest {

    /** Logits of a window: (mean of its values, -mean, number of non-zero frames); records batch sizes. */
    static final class MeanModule extends Module {
        final List<Integer> batches = new ArrayList<>();
        boolean sawTraining;

        @Override
        public Variable forward(Variable x) {
            batches.add(x.shape()[0]);
            sawTraining |= isTraining();
            Variable mean = x.mean(false, 1, 2, 3).unsqueeze(1);
            Variable nonZeroFrames = Variable.constant(x.value().abs().sum(false, 1, 3)
                    .gt(io.github.cola4j.tensor.Tensor.scalar(x.dtype(), 0)).sum(false, 1)).unsqueeze(1);
            return Variable.concat(1, mean, mean.neg(), nonZeroFrames);
        }
    }

    /** A clip whose frame t holds the value t + 1 in every bin. */
    static LabelledClip ramp(String id, int frames, int label) {
        float[] mel = new float[frames * LabelledClip.MEL_BINS];
        for (int t = 0; t < frames; t++) {
            java.util.Arrays.fill(mel, t * LabelledClip.MEL_BINS, (t + 1) * LabelledClip.MEL_BINS, t + 1);
        }
        return new LabelledClip(id, mel, frames, label);
    }

    /** Mean over a window of 64 frames starting at frame s of a ramp clip of n frames (zeros past the end). */
    static double windowMean(int s, int n) {
        double sum = 0;
        for (int t = s; t < Math.min(n, s + 64); t++) {
            sum += t + 1;
        }
        return sum / 64;
    }

    @Test
    void countsWindowsByTheDocumentedRule() {
        assertEquals(2, Crops.windowCount(150, 64, Crops.LastWindow.DROP));
        assertEquals(3, Crops.windowCount(150, 64, Crops.LastWindow.PAD));
        assertEquals(2, Crops.windowCount(128, 64, Crops.LastWindow.DROP));
        assertEquals(2, Crops.windowCount(128, 64, Crops.LastWindow.PAD));
        assertEquals(1, Crops.windowCount(30, 64, Crops.LastWindow.DROP));
        assertEquals(1, Crops.windowCount(30, 64, Crops.LastWindow.PAD));
        assertEquals(1, Crops.windowCount(64, 64, Crops.LastWindow.DROP));
    }

    @Test
    void averagesLogitsOverTheWindows() {
        MeanModule m = new MeanModule();
        m.train(true);
        List<LabelledClip> clips = List.of(ramp("a", 150, 0), ramp("b", 30, 1), ramp("c", 128, 2));

        WindowedPredictor drop = new WindowedPredictor(m, 64, Crops.LastWindow.DROP, 3);
        double[][] l = drop.logits(clips);
        double a = (windowMean(0, 150) + windowMean(64, 150)) / 2;
        assertArrayEquals(new double[] {a, -a, 64}, l[0], 1e-4);
        assertArrayEquals(new double[] {windowMean(0, 30), -windowMean(0, 30), 30}, l[1], 1e-4);
        double c = (windowMean(0, 128) + windowMean(64, 128)) / 2;
        assertArrayEquals(new double[] {c, -c, 64}, l[2], 1e-4);
        // 2 + 1 + 2 = 5 windows in batches of at most 3, spanning clips; the model ran in evaluation mode
        assertEquals(List.of(3, 2), m.batches);
        assertEquals(false, m.sawTraining);
        assertEquals(true, m.isTraining());

        m.batches.clear();
        WindowedPredictor pad = new WindowedPredictor(m, 64, Crops.LastWindow.PAD, 32);
        double[] p = pad.logits(clips.get(0));
        double pa = (windowMean(0, 150) + windowMean(64, 150) + windowMean(128, 150)) / 3;
        assertArrayEquals(new double[] {pa, -pa, (64 + 64 + 22) / 3.0}, p, 1e-4);
        assertEquals(List.of(3), m.batches);

        Predictions pr = drop.predict(clips);
        // (mean, -mean, frames): a and c have mean 64.5 > 64 frames, b has mean 7.27 < 30 frames
        assertArrayEquals(new int[] {0, 2, 0}, pr.predicted());
        assertArrayEquals(new int[] {0, 1, 2}, pr.labels());
        assertEquals(List.of("a", "b", "c"), pr.ids());
        assertEquals(1 / 3.0, pr.accuracy(), 1e-12);
    }

    @Test
    void cropsZeroPadShortClips() {
        LabelledClip c = ramp("x", 10, 0);
        float[] crop = Crops.crop(c, 8, 4);
        assertEquals(4 * 64, crop.length);
        assertEquals(9f, crop[0]);
        assertEquals(10f, crop[64]);
        assertEquals(0f, crop[2 * 64]);
        float[] r = Crops.randomCrop(c, 32, new io.github.cola4j.tensor.Rng(1));
        assertEquals(1f, r[0]);
        assertEquals(0f, r[10 * 64]);
    }
}

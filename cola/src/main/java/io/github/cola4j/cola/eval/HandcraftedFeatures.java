package io.github.cola4j.cola.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * The baseline a learned representation has to beat: each clip summarised by the mean and the standard deviation
 * of every log-mel band over time (128 values for 64 bands), the classic "bag of frames" statistics. A linear
 * probe on them ({@link LinearEvaluation#train(CachedFeatures, CachedFeatures)}, standardised) is logistic
 * regression on hand-made features.
 */
public final class HandcraftedFeatures {
    /** Features per clip: a mean and a standard deviation per band. */
    public static final int WIDTH = 2 * LabelledClip.MEL_BINS;

    private HandcraftedFeatures() {
    }

    /**
     * The features of every clip, one row per clip.
     *
     * @param clips labelled clips
     * @return rows [clips, {@value #WIDTH}]: the 64 band means, then the 64 band standard deviations (population,
     *     over all frames), with each clip's id and label
     */
    public static CachedFeatures of(List<LabelledClip> clips) {
        int n = clips.size();
        int bands = LabelledClip.MEL_BINS;
        float[] values = new float[n * WIDTH];
        int[] clipOf = new int[n];
        int[] labels = new int[n];
        List<String> ids = new ArrayList<>(n);
        for (int c = 0; c < n; c++) {
            LabelledClip clip = clips.get(c);
            double[] sum = new double[bands];
            double[] sq = new double[bands];
            float[] mel = clip.mel();
            for (int t = 0; t < clip.frames(); t++) {
                for (int b = 0; b < bands; b++) {
                    double v = mel[t * bands + b];
                    sum[b] += v;
                    sq[b] += v * v;
                }
            }
            for (int b = 0; b < bands; b++) {
                double mean = sum[b] / clip.frames();
                double var = Math.max(0, sq[b] / clip.frames() - mean * mean);
                values[c * WIDTH + b] = (float) mean;
                values[c * WIDTH + bands + b] = (float) Math.sqrt(var);
            }
            clipOf[c] = c;
            labels[c] = clip.label();
            ids.add(clip.id());
        }
        return new CachedFeatures(values, WIDTH, clipOf, ids, labels);
    }
}

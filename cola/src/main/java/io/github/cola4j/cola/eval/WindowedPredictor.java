package io.github.cola4j.cola.eval;

import io.github.cola4j.autograd.Autograd;
import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.Module;
import io.github.cola4j.tensor.MemoryScope;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;

/**
 * The test-time protocol: each clip is cut into non-overlapping windows of {@code windowFrames} frames (98, one
 * second, in the paper; the training crop length when fine-tuning), the model scores every window, and the clip's
 * logits are the mean of its windows' logits; the prediction is their arg-max.
 *
 * <p>The last, partial window is dropped by default ({@link Crops.LastWindow#DROP}), so that every window holds
 * only real frames, like the training crops of clips at least one crop long; a clip shorter than one window gives
 * one zero-padded window. {@link Crops.LastWindow#PAD} keeps the partial window, zero-padded.
 *
 * <p>The model runs in evaluation mode under no-grad, windows of several clips batched together
 * ({@code batchSize} windows per forward pass); its training mode is restored afterwards.
 */
public final class WindowedPredictor {
    private final Module model;
    private final int windowFrames;
    private final Crops.LastWindow lastWindow;
    private final int batchSize;

    /**
     * Partial windows dropped, 32 windows per forward pass.
     *
     * @param model maps crops [N, 1, windowFrames, 64] to logits [N, classes]
     * @param windowFrames window length in frames, at least 1
     * @throws IllegalArgumentException if {@code windowFrames} is below 1
     */
    public WindowedPredictor(Module model, int windowFrames) {
        this(model, windowFrames, Crops.LastWindow.DROP, 32);
    }

    /**
     * A predictor cutting clips into windows of {@code windowFrames} frames, handling a partial last window by
     * {@code lastWindow}, running {@code batchSize} windows per forward pass; throws IllegalArgumentException for
     * sizes below 1.
     *
     * @param model maps crops [N, 1, windowFrames, 64] to logits [N, classes]
     * @param windowFrames window length in frames, at least 1
     * @param lastWindow whether a partial last window is dropped or zero-padded
     * @param batchSize windows per forward pass, at least 1 (the last pass may hold fewer)
     * @throws IllegalArgumentException if {@code windowFrames} or {@code batchSize} is below 1
     */
    public WindowedPredictor(Module model, int windowFrames, Crops.LastWindow lastWindow, int batchSize) {
        if (windowFrames < 1 || batchSize < 1) {
            throw new IllegalArgumentException("bad windowed predictor: window " + windowFrames + ", batch "
                    + batchSize);
        }
        this.model = model;
        this.windowFrames = windowFrames;
        this.lastWindow = lastWindow;
        this.batchSize = batchSize;
    }

    /** Per-window outputs of a model: row {@code i} ({@code width} values) belongs to clip {@code clipOf[i]}. */
    record WindowOutputs(float[] values, int width, int[] clipOf) {
        int windows() {
            return clipOf.length;
        }
    }

    /**
     * Runs {@code model} (in evaluation mode, under no-grad) on every window of every clip; the model must map
     * [N, 1, windowFrames, 64] to [N, width].
     */
    static WindowOutputs runWindows(Module model, List<LabelledClip> clips, int windowFrames,
            Crops.LastWindow lastWindow, int batchSize) {
        int total = 0;
        for (LabelledClip c : clips) {
            total += Crops.windowCount(c.frames(), windowFrames, lastWindow);
        }
        int[] clipOf = new int[total];
        float[] values = null;
        int width = -1;
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var scope = Autograd.noGrad()) {
            List<float[]> pending = new ArrayList<>();
            int done = 0;
            int k = 0;
            for (int ci = 0; ci < clips.size(); ci++) {
                LabelledClip c = clips.get(ci);
                int n = Crops.windowCount(c.frames(), windowFrames, lastWindow);
                for (int w = 0; w < n; w++) {
                    clipOf[k++] = ci;
                    pending.add(Crops.window(c, w, windowFrames));
                    if (pending.size() == batchSize || k == total) {
                        // each batch's activations go back to the CPU pool for the next batch
                        try (MemoryScope batchMemory = MemoryScope.open()) {
                            Tensor out = model.forward(Variable.constant(Crops.batch(pending, windowFrames))).value();
                            if (out.rank() != 2 || out.dim(0) != pending.size()) {
                                throw new IllegalStateException("the model must return [N, width], got "
                                        + java.util.Arrays.toString(out.shape()));
                            }
                            if (values == null) {
                                width = out.dim(1);
                                values = new float[total * width];
                            }
                            float[] o = out.contiguous().toFloatArray();
                            System.arraycopy(o, 0, values, done * width, o.length);
                        }
                        done += pending.size();
                        pending.clear();
                    }
                }
            }
        } finally {
            model.train(wasTraining);
        }
        return new WindowOutputs(values == null ? new float[0] : values, Math.max(width, 0), clipOf);
    }

    /** Averages per-window rows into per-clip rows. */
    static double[][] meanPerClip(WindowOutputs w, int clips) {
        double[][] out = new double[clips][w.width()];
        int[] count = new int[clips];
        for (int i = 0; i < w.windows(); i++) {
            int c = w.clipOf()[i];
            count[c]++;
            for (int j = 0; j < w.width(); j++) {
                out[c][j] += w.values()[i * w.width() + j];
            }
        }
        for (int c = 0; c < clips; c++) {
            for (int j = 0; j < w.width(); j++) {
                out[c][j] /= count[c];
            }
        }
        return out;
    }

    /**
     * Number of windows a clip of {@code frames} frames is cut into.
     *
     * @param frames the clip's length in frames, at least 1
     * @return the windows the model scores for such a clip, at least 1
     */
    public int windowCount(int frames) {
        return Crops.windowCount(frames, windowFrames, lastWindow);
    }

    /**
     * Window-averaged logits [clips][classes].
     *
     * @param clips the clips to score
     * @return one row per clip, in the order of {@code clips}: the mean of its windows' logits
     * @throws IllegalStateException if the model does not return one row per window
     */
    public double[][] logits(List<LabelledClip> clips) {
        return meanPerClip(runWindows(model, clips, windowFrames, lastWindow, batchSize), clips.size());
    }

    /**
     * Every window's output, clip by clip: the model's rows before they are averaged (window embeddings when the
     * model is an encoder).
     *
     * @param clips the clips to run
     * @return one array per clip, in the order of {@code clips}, holding its windows' outputs
     *     [{@link #windowCount(int)} of the clip][output width]
     * @throws IllegalStateException if the model does not return one row per window
     */
    public List<float[][]> windowOutputs(List<LabelledClip> clips) {
        WindowOutputs w = runWindows(model, clips, windowFrames, lastWindow, batchSize);
        List<float[][]> out = new ArrayList<>(clips.size());
        int row = 0;
        for (LabelledClip c : clips) {
            float[][] rows = new float[windowCount(c.frames())][];
            for (int i = 0; i < rows.length; i++, row++) {
                rows[i] = java.util.Arrays.copyOfRange(w.values(), row * w.width(), (row + 1) * w.width());
            }
            out.add(rows);
        }
        return out;
    }

    /**
     * Window-averaged logits of one clip.
     *
     * @param clip the clip to score
     * @return the mean of its windows' logits, one value per class
     * @throws IllegalStateException if the model does not return one row per window
     */
    public double[] logits(LabelledClip clip) {
        return logits(List.of(clip))[0];
    }

    /**
     * Predictions (arg-max of the window-averaged logits) for every clip, with their labels.
     *
     * @param clips the labelled clips to classify
     * @return ids, true labels, predicted classes and averaged logits, in the order of {@code clips}
     * @throws IllegalStateException if the model does not return one row per window
     */
    public Predictions predict(List<LabelledClip> clips) {
        return Predictions.of(clips, logits(clips));
    }

    /**
     * The window length, in frames.
     *
     * @return the frames per window given to the constructor
     */
    public int windowFrames() {
        return windowFrames;
    }

    /**
     * What happens to a partial last window.
     *
     * @return {@link Crops.LastWindow#DROP} unless the four-argument constructor said otherwise
     */
    public Crops.LastWindow lastWindow() {
        return lastWindow;
    }
}

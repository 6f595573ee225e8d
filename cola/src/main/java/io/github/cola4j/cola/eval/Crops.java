package io.github.cola4j.cola.eval;

import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import java.util.List;

/** Cutting fixed-length crops and windows out of clips, and stacking them into encoder input batches. */
public final class Crops {

    /** What happens to the last, partial window of a clip (a clip shorter than one window always gives one). */
    public enum LastWindow {
        /** Dropped when the clip has at least one full window (the windows then all hold real frames). */
        DROP,
        /** Kept, zero-padded at the end to a full window. */
        PAD
    }

    private Crops() {
    }

    /**
     * Frames {@code [start, start + length)} of {@code clip} as a [length, 64] row-major array; frames past the end
     * of the clip are zero.
     *
     * @param clip the clip to cut from; not modified
     * @param start first frame of the crop, 0 or more (a start past the clip's end gives all zeros)
     * @param length frames in the crop, at least 1
     * @return a new array of {@code length * 64} values
     * @throws IllegalArgumentException if {@code start} is negative or {@code length} is below 1
     */
    public static float[] crop(LabelledClip clip, int start, int length) {
        if (start < 0 || length < 1) {
            throw new IllegalArgumentException("bad crop: start " + start + ", length " + length);
        }
        int m = LabelledClip.MEL_BINS;
        float[] out = new float[length * m];
        int n = Math.max(0, Math.min(length, clip.frames() - start));
        if (n > 0) {
            System.arraycopy(clip.mel(), start * m, out, 0, n * m);
        }
        return out;
    }

    /**
     * A crop of {@code length} frames at a uniformly random start (at 0, zero-padded, when the clip is shorter).
     *
     * @param clip the clip to cut from; not modified
     * @param length frames in the crop, at least 1
     * @param rng source of the start position (not drawn from when the clip is at most {@code length} frames)
     * @return a new array of {@code length * 64} values
     * @throws IllegalArgumentException if {@code length} is below 1
     */
    public static float[] randomCrop(LabelledClip clip, int length, Rng rng) {
        int slack = clip.frames() - length;
        int start = slack > 0 ? rng.nextInt(slack + 1) : 0;
        return crop(clip, start, length);
    }

    /**
     * How many non-overlapping windows of {@code length} frames the test-time protocol cuts from a clip of
     * {@code frames}: {@code max(1, frames / length)} when the last partial window is dropped,
     * {@code ceil(frames / length)} when it is padded.
     *
     * @param frames the clip's length in frames, at least 1
     * @param length window length in frames, at least 1
     * @param last whether a partial last window is dropped or padded (null counts as {@link LastWindow#DROP})
     * @return the number of windows, at least 1 for a clip of at least one frame
     * @throws IllegalArgumentException if {@code length} is below 1
     */
    public static int windowCount(int frames, int length, LastWindow last) {
        if (length < 1) {
            throw new IllegalArgumentException("window length must be >= 1, got " + length);
        }
        int full = frames / length;
        if (last == LastWindow.PAD) {
            return full + (frames % length == 0 ? 0 : 1);
        }
        return Math.max(1, full);
    }

    /**
     * Window {@code i} of a clip: frames {@code [i * length, (i + 1) * length)}, zero-padded past the end.
     *
     * @param clip the clip to cut from; not modified
     * @param i the window index, 0 or more
     * @param length window length in frames, at least 1
     * @return a new array of {@code length * 64} values
     * @throws IllegalArgumentException if {@code i} is negative or {@code length} is below 1
     */
    public static float[] window(LabelledClip clip, int i, int length) {
        return crop(clip, i * length, length);
    }

    /**
     * Stacks crops of {@code length} frames into an encoder input [N, 1, length, 64].
     *
     * @param crops the crops, each {@code length * 64} values row-major; copied
     * @param length frames per crop
     * @return a new float32 tensor [crops.size(), 1, length, 64]
     * @throws IllegalArgumentException if a crop does not hold {@code length * 64} values
     */
    public static Tensor batch(List<float[]> crops, int length) {
        int per = length * LabelledClip.MEL_BINS;
        float[] data = new float[crops.size() * per];
        for (int i = 0; i < crops.size(); i++) {
            float[] c = crops.get(i);
            if (c.length != per) {
                throw new IllegalArgumentException("crop " + i + " has " + c.length + " values, expected " + per);
            }
            System.arraycopy(c, 0, data, i * per, per);
        }
        return Tensor.of(data, crops.size(), 1, length, LabelledClip.MEL_BINS);
    }
}

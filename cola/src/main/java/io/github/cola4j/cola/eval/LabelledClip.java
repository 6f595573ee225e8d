package io.github.cola4j.cola.eval;

import java.util.Objects;

/**
 * One labelled clip as the downstream protocols see it: a log-mel spectrogram {@code mel} of {@code frames} rows
 * by {@link #MEL_BINS} columns, row-major (frame {@code t}, bin {@code m} at {@code mel[t * 64 + m]}), and a class
 * index. The array is used as it is, not copied.
 *
 * @param id a name for reports (a track id, a file name)
 * @param mel [frames, 64] row-major
 * @param frames number of frames (at least 1)
 * @param label class index (at least 0)
 */
public record LabelledClip(String id, float[] mel, int frames, int label) {

    /** Mel bins per frame. */
    public static final int MEL_BINS = 64;

    /**
     * Checks the clip; throws NullPointerException for a null id or mel array and IllegalArgumentException when
     * the array is not {@code frames x 64} values or the label is negative.
     *
     * @param id a name for reports, not null
     * @param mel [frames, 64] row-major, not null
     * @param frames number of frames, at least 1
     * @param label class index, 0 or more
     * @throws NullPointerException if {@code id} or {@code mel} is null
     * @throws IllegalArgumentException if {@code mel.length != frames * 64}, {@code frames} is below 1 or
     *     {@code label} is negative
     */
    public LabelledClip {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(mel, "mel");
        if (frames < 1 || mel.length != frames * MEL_BINS) {
            throw new IllegalArgumentException("clip " + id + ": " + mel.length + " values are not " + frames
                    + " frames x " + MEL_BINS + " bins");
        }
        if (label < 0) {
            throw new IllegalArgumentException("clip " + id + ": negative label " + label);
        }
    }
}

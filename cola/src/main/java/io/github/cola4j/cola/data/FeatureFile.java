package io.github.cola4j.cola.data;

import io.github.cola4j.audio.AudioClip;
import io.github.cola4j.audio.AudioDecodeException;
import io.github.cola4j.audio.AudioDecoder;
import io.github.cola4j.audio.LogMelExtractor;
import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.tensor.io.NpyArray;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What {@code audio-processing} makes of one audio file: its log-mel features as a {@code [frames, 64]} float32
 * array, or the reason the file is unusable. One definition, so that the single-machine step and the distributed
 * one write the same bytes and report bad files with the same words.
 */
public final class FeatureFile {

    private FeatureFile() {
    }

    /**
     * The features of one file, or why there are none.
     *
     * @param features the {@code [frames, 64]} log-mel array, null when the file is bad
     * @param bad one line naming the file and what is wrong with it, null when the features were computed
     */
    public record Outcome(NpyArray features, String bad) {
        /**
         * Whether the file gave features.
         *
         * @return true when {@link #features()} is set
         */
        public boolean ok() {
            return features != null;
        }
    }

    /**
     * Decodes an audio file's bytes, resamples to {@link LogMelPreset#SAMPLE_RATE} and computes its log-mel
     * features. An MP3 whose last frame alone is cut short is accepted (FMA has many).
     *
     * @param file the file's name, used only in the report of a bad file
     * @param data the file's complete bytes
     * @param extractor the front-end (not thread-safe: one per thread)
     * @param maxSeconds use at most the first maxSeconds of audio; negative for all
     * @param minSeconds files with less audio than this are reported as too short
     * @return the features, or the reason the file is bad (undecodable, too short, or failing in the front-end)
     */
    public static Outcome compute(Path file, byte[] data, LogMelExtractor extractor, double maxSeconds,
            double minSeconds) {
        try {
            AudioClip clip = AudioDecoder.decodeAllowingTruncatedEnd(file, data, maxSeconds);
            if (clip.seconds() < minSeconds) {
                return new Outcome(null, String.format(Locale.ROOT, "%s: too short (%.2f s < %.2f s)", file,
                        clip.seconds(), minSeconds));
            }
            float[] x = clip.resampled(LogMelPreset.SAMPLE_RATE).samples();
            float[] features = extractor.compute(x);
            int frames = extractor.frames(x.length);
            return new Outcome(NpyArray.of(features, frames, LogMelPreset.MELS), null);
        } catch (AudioDecodeException e) {
            return new Outcome(null, e.getMessage());
        } catch (RuntimeException e) {
            return new Outcome(null, file + ": failed: " + e);
        }
    }

    /**
     * The output's relative path for an audio file's relative path: the same path with the extension
     * {@code .npy} ({@code 000/000002.mp3} gives {@code 000/000002.npy}).
     *
     * @param relativeAudioPath the audio file's path relative to the input root, with an extension
     * @return the feature file's path relative to the output root
     * @throws IllegalArgumentException if the name has no extension
     */
    public static String outputName(String relativeAudioPath) {
        int dot = relativeAudioPath.lastIndexOf('.');
        int slash = Math.max(relativeAudioPath.lastIndexOf('/'), relativeAudioPath.lastIndexOf('\\'));
        if (dot <= slash + 1) {
            throw new IllegalArgumentException(relativeAudioPath + ": an audio file name needs an extension");
        }
        return relativeAudioPath.substring(0, dot) + ".npy";
    }
}

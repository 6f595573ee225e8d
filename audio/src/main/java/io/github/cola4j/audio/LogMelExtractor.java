package io.github.cola4j.audio;

import io.github.cola4j.tensor.cpu.Parallel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Computes a {@link LogMelPreset}'s features, {@code [frames][64]} float32 row-major.
 *
 * <p>One clip is computed on one thread; an instance holds FFT scratch buffers and must not be shared
 * between threads. {@link #computeAll} spreads many clips over the shared CPU pool, one extractor per worker.
 */
public final class LogMelExtractor {

    private static final MelFilterbank COLA_MEL = MelFilterbank.tensorflow(LogMelPreset.MELS, 513,
            LogMelPreset.SAMPLE_RATE, 60, 7800);
    private static final MelFilterbank PYTORCH_MEL = MelFilterbank.slaney(1025, 0, 8000, LogMelPreset.MELS,
            LogMelPreset.SAMPLE_RATE, true);

    private final LogMelPreset preset;
    private final Stft stft;
    private final MelFilterbank mel;
    private float[] spec = new float[0];
    private float[] melScratch = new float[0];

    /**
     * An extractor for {@code preset}, with its own FFT scratch buffers (use one per thread).
     *
     * @param preset the front-end to compute; any preset other than {@link LogMelPreset#COLA} gets the
     *     {@link LogMelPreset#COLA_PYTORCH} pipeline
     */
    public LogMelExtractor(LogMelPreset preset) {
        this.preset = preset;
        if (preset == LogMelPreset.COLA) {
            stft = Stft.tensorflow(400, 160, 1024, Stft.Spectrum.MAGNITUDE);
            mel = COLA_MEL;
        } else {
            stft = Stft.torch(2048, 2048, 512, Stft.Padding.REFLECT, Stft.Spectrum.POWER);
            mel = PYTORCH_MEL;
        }
    }

    /**
     * The preset whose features this extractor computes.
     *
     * @return the preset given to the constructor
     */
    public LogMelPreset preset() {
        return preset;
    }

    /**
     * Frames produced for {@code n} samples at 16 kHz.
     *
     * @param n the clip length in samples at 16 kHz
     * @return the number of 64-band rows {@link #compute(float[])} gives for that length (0 for an empty clip,
     *     whatever the preset, and for a {@link LogMelPreset#COLA} clip shorter than one 400-sample frame)
     */
    public int frames(int n) {
        return stft.frames(n);
    }

    /**
     * Features of 16 kHz mono {@code samples}: {@code frames(samples.length) * 64} values, frame-major.
     *
     * @param samples mono audio at 16 kHz; not modified
     * @return a new array of {@code frames(samples.length) * 64} log-mel values, frame by frame (empty for an
     *     empty clip)
     */
    public float[] compute(float[] samples) {
        int frames = stft.frames(samples.length);
        int bins = stft.bins();
        // process in blocks of frames so the spectrogram scratch stays small and cache-resident
        final int block = 64;
        if (spec.length < block * bins) {
            spec = new float[block * bins];
        }
        float scale = 1f;
        if (preset == LogMelPreset.COLA) {
            scale = (float) (1.0 / Math.sqrt(Math.max(sumOfSquares(samples), 1e-12)));
        }
        float[] out = new float[frames * LogMelPreset.MELS];
        VectorStft v = stft.batched();
        if (v != null) {
            computeBatched(v, samples, scale, frames, out);
            return out;
        }
        for (int f0 = 0; f0 < frames; f0 += block) {
            int nf = Math.min(block, frames - f0);
            stft.computeFrames(samples, scale, f0, nf, spec, 0);
            mel.apply(spec, 0, nf, out, f0 * LogMelPreset.MELS);
        }
        if (preset == LogMelPreset.COLA) {
            LogScale.logClamped(out, 1e-5f, 1e8f);
        } else {
            LogScale.powerToDbRefMax(out, 1e-10, 80);
            LogScale.affine(out, 40f, 40f);
        }
        return out;
    }

    /** The sum of squares in double, eight partial sums so that the additions overlap. */
    private static double sumOfSquares(float[] x) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int n = x.length;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            s0 += (double) x[i] * x[i];
            s1 += (double) x[i + 1] * x[i + 1];
            s2 += (double) x[i + 2] * x[i + 2];
            s3 += (double) x[i + 3] * x[i + 3];
            s4 += (double) x[i + 4] * x[i + 4];
            s5 += (double) x[i + 5] * x[i + 5];
            s6 += (double) x[i + 6] * x[i + 6];
            s7 += (double) x[i + 7] * x[i + 7];
        }
        for (; i < n; i++) {
            s0 += (double) x[i] * x[i];
        }
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }

    /**
     * The Vector API path: {@link VectorStft} batches of frames, the mel bands of a batch from its transposed
     * spectra, the log on the batch's bands, then the bands written frame-major into {@code out}.
     */
    private void computeBatched(VectorStft v, float[] samples, float scale, int frames, float[] out) {
        final int lanes = VectorStft.LANES;
        final int mels = LogMelPreset.MELS;
        if (melScratch.length < mels * lanes) {
            melScratch = new float[mels * lanes];
        }
        float[] mt = melScratch;
        boolean cola = preset == LogMelPreset.COLA;
        float maxDb = Float.NEGATIVE_INFINITY;
        for (int f0 = 0; f0 < frames; f0 += lanes) {
            int nf = Math.min(lanes, frames - f0);
            v.batch(samples, scale, f0, nf);
            v.mel(mel, mt);
            if (cola) {
                VectorLog.lnClamped(mt, mels * lanes, 1e-5f, 1e8f);
            } else {
                // lanes past nf hold no frame: their values must not reach the maximum
                float batchMax = VectorLog.tenLog10(mt, mels * lanes, 1e-10f);
                if (nf < lanes) {
                    batchMax = Float.NEGATIVE_INFINITY;
                    for (int m = 0; m < mels; m++) {
                        for (int l = 0; l < nf; l++) {
                            batchMax = Math.max(batchMax, mt[m * lanes + l]);
                        }
                    }
                }
                maxDb = Math.max(maxDb, batchMax);
            }
            for (int l = 0; l < nf; l++) {
                int o = (f0 + l) * mels;
                for (int m = 0; m < mels; m++) {
                    out[o + m] = mt[m * lanes + l];
                }
            }
        }
        if (!cola) {
            // power_to_db(ref = max, top_db = 80), then (x + 40) / 40, from 10 log10(max(s, amin)) and its maximum
            float floor = -80f;
            for (int i = 0; i < out.length; i++) {
                out[i] = (Math.max(out[i] - maxDb, floor) + 40f) / 40f;
            }
        }
    }

    /**
     * Decodes an MP3 or WAV file, resamples it to 16 kHz and computes the features.
     *
     * @param audio an MP3 or WAV file, decoded whole
     * @return the features as {@link #compute(float[])} gives them
     * @throws AudioDecodeException if the file cannot be read or decoded
     */
    public float[] compute(Path audio) throws AudioDecodeException {
        return compute(AudioDecoder.decode(audio).resampled(LogMelPreset.SAMPLE_RATE).samples());
    }

    /**
     * The features of one file, or why it could not be decoded.
     *
     * @param file the input
     * @param features {@code [frames][64]} row-major, or {@code null} on failure
     * @param frames number of frames (0 on failure)
     * @param error the decoding failure, or {@code null}
     */
    public record FileFeatures(Path file, float[] features, int frames, AudioDecodeException error) {
        /**
         * True when the file was decoded and {@link #features()} holds its features.
         *
         * @return true when there is no {@link #error()}
         */
        public boolean ok() {
            return error == null;
        }
    }

    /**
     * Decodes (at most the first {@code maxSeconds} seconds, all when negative), resamples and computes the
     * features of many files in parallel over files on the shared CPU pool. A file that cannot be decoded
     * gives a result carrying its {@link AudioDecodeException} instead of stopping the batch. Results are in
     * input order.
     *
     * @param preset the front-end to compute
     * @param files the MP3 or WAV files to read
     * @param maxSeconds the most audio decoded per file, in seconds; negative for whole files
     * @return one result per file, in the order of {@code files}; failures carry their exception
     */
    public static List<FileFeatures> computeFiles(LogMelPreset preset, List<Path> files, double maxSeconds) {
        FileFeatures[] results = new FileFeatures[files.size()];
        ThreadLocal<LogMelExtractor> local = ThreadLocal.withInitial(() -> new LogMelExtractor(preset));
        Parallel.forRange(files.size(), 1, (from, to) -> {
            LogMelExtractor e = local.get();
            for (int i = from; i < to; i++) {
                Path f = files.get(i);
                try {
                    float[] x = AudioDecoder.decode(f, maxSeconds).resampled(LogMelPreset.SAMPLE_RATE).samples();
                    results[i] = new FileFeatures(f, e.compute(x), e.frames(x.length), null);
                } catch (AudioDecodeException ex) {
                    results[i] = new FileFeatures(f, null, 0, ex);
                }
            }
        });
        return new ArrayList<>(Arrays.asList(results));
    }

    /**
     * Features of many 16 kHz clips, computed in parallel over clips on the shared CPU pool
     * ({@link Parallel}); the result list is in input order.
     *
     * @param preset the front-end to compute
     * @param clips mono clips at 16 kHz; not modified
     * @return one feature array per clip, as {@link #compute(float[])} gives it, in the order of {@code clips}
     */
    public static List<float[]> computeAll(LogMelPreset preset, List<float[]> clips) {
        float[][] results = new float[clips.size()][];
        ThreadLocal<LogMelExtractor> local = ThreadLocal.withInitial(() -> new LogMelExtractor(preset));
        Parallel.forRange(clips.size(), 1, (from, to) -> {
            LogMelExtractor e = local.get();
            for (int i = from; i < to; i++) {
                results[i] = e.compute(clips.get(i));
            }
        });
        return new ArrayList<>(Arrays.asList(results));
    }
}

package io.github.cola4j.cola.embed;

import io.github.cola4j.audio.AudioClip;
import io.github.cola4j.audio.AudioDecodeException;
import io.github.cola4j.audio.AudioDecoder;
import io.github.cola4j.audio.LogMelExtractor;
import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.cola.EncoderDescription;
import io.github.cola4j.cola.eval.Crops;
import io.github.cola4j.cola.eval.LabelledClip;
import io.github.cola4j.cola.eval.WindowedPredictor;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.io.ModelFileException;
import io.github.cola4j.nn.io.ModelFiles;
import io.github.cola4j.nn.io.Safetensors;
import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.cpu.Parallel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Audio in, vectors out: a trained encoder with the front-end it was trained on. A clip is decoded, mixed to mono,
 * resampled to 16 kHz, turned into the encoder's log-mel preset, cut into non-overlapping windows of the
 * encoder's crop length (a partial last window dropped; a clip shorter than one window gives one zero-padded
 * window), and its embedding is the mean of its windows' pooled encoder features, as in COLA's clip-level
 * evaluation.
 *
 * <p>The encoder runs in evaluation mode under no-grad (batch norm folded into the convolutions). Instances are
 * safe for concurrent callers: decoding and log-mels run on the callers' threads, forward passes one at a time
 * (each is itself spread over the CPU pool). A clip embeds the same alone and among others, to float rounding.
 */
public final class AudioEncoder {
    /** Windows per forward pass when none is given. */
    public static final int DEFAULT_BATCH_WINDOWS = 32;

    private final EfficientNet encoder;
    private final EncoderDescription description;
    private final WindowedPredictor windows;
    private final ThreadLocal<LogMelExtractor> extractors;
    private final ReentrantLock forwardLock = new ReentrantLock();

    /**
     * Around an encoder in memory. The encoder is switched to evaluation mode and must not be trained while this
     * object is used.
     *
     * @param encoder an encoder without a classifier (its forward gives pooled features)
     * @param description its front-end and window; its architecture fields must match the encoder's configuration
     * @param batchWindows windows per forward pass, at least 1
     * @throws IllegalArgumentException if the description's architecture differs from the encoder's, or
     *     {@code batchWindows} is below 1
     */
    public AudioEncoder(EfficientNet encoder, EncoderDescription description, int batchWindows) {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(description, "description");
        EncoderDescription actual = EncoderDescription.of(encoder.config(), description.frontEnd(),
                description.windowFrames());
        if (!actual.equals(description)) {
            throw new IllegalArgumentException("the description " + description + " does not match the encoder "
                    + encoder.config());
        }
        this.encoder = encoder;
        this.description = description;
        encoder.eval();
        this.windows = new WindowedPredictor(encoder, description.windowFrames(), Crops.LastWindow.DROP,
                batchWindows);
        this.extractors = ThreadLocal.withInitial(() -> new LogMelExtractor(description.frontEnd()));
    }

    /**
     * Loads an encoder file written by {@code train-encoder} (or {@link ModelFiles#save} with
     * {@link EncoderDescription#toMetadata()}): its description comes from the file's metadata, or from the
     * {@code .json} file beside it for files written before the metadata held it.
     *
     * @param encoderFile the encoder's safetensors file
     * @return an encoder on the CPU, in evaluation mode, {@value #DEFAULT_BATCH_WINDOWS} windows per pass
     * @throws IOException if the file cannot be read, is not safetensors, has no description (neither in its
     *     metadata nor beside it), or its weights do not fit the described encoder; the message names the file
     */
    public static AudioEncoder load(Path encoderFile) throws IOException {
        Safetensors.Contents contents = Safetensors.read(encoderFile);
        EncoderDescription d = EncoderDescription.find(encoderFile, contents.metadata());
        if (d == null) {
            throw new ModelFileException(encoderFile, "no encoder description: neither the file's metadata nor "
                    + EncoderDescription.sidecar(encoderFile).getFileName() + " beside it says which network"
                    + " the weights belong to (files from train-encoder have both)");
        }
        EfficientNet net = new EfficientNet(d.config(0));
        try {
            ModelFiles.load(net, encoderFile, contents.tensors(), true);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(encoderFile, "the weights do not fit the described encoder (" + d + "): "
                    + e.getMessage());
        }
        return new AudioEncoder(net, d, DEFAULT_BATCH_WINDOWS);
    }

    /**
     * Moves the encoder to {@code backend} (an OpenCL device, for example); call before embedding.
     *
     * @param backend where the forward passes run
     * @return this encoder
     */
    public AudioEncoder to(Backend backend) {
        forwardLock.lock();
        try {
            encoder.to(backend);
        } finally {
            forwardLock.unlock();
        }
        return this;
    }

    /**
     * What this encoder is: architecture, front-end and window.
     *
     * @return the description it was built or loaded with
     */
    public EncoderDescription description() {
        return description;
    }

    /**
     * Width of an embedding.
     *
     * @return the encoder's pooled feature width (1280 for B0)
     */
    public int dimension() {
        return description.embeddingWidth();
    }

    /**
     * The embedding of an audio file (MP3 or WAV, decoded whole).
     *
     * @param audioFile the file
     * @return the mean of its windows' embeddings, {@link #dimension()} values
     * @throws AudioDecodeException if the file cannot be read or decoded, or holds too little audio for one frame
     */
    public float[] embed(Path audioFile) throws AudioDecodeException {
        AudioClip clip = AudioDecoder.decode(audioFile);
        LabelledClip mel = logMel(audioFile.toString(), clip);
        if (mel == null) {
            throw tooShort(audioFile, clip);
        }
        return mean(forward(List.of(mel)).get(0));
    }

    /**
     * The embedding of decoded audio.
     *
     * @param clip the audio, at any sample rate (already mixed to mono, as the decoder gives it)
     * @return the mean of its windows' embeddings, {@link #dimension()} values
     * @throws IllegalArgumentException if the clip holds too little audio for one log-mel frame
     */
    public float[] embed(AudioClip clip) {
        return mean(windowEmbeddings(clip));
    }

    /**
     * The embedding of decoded audio with its windows and length, as {@link #embedAll} gives it for a file (for
     * callers that decode themselves, from bytes read elsewhere).
     *
     * @param file the file the audio came from, recorded in the result
     * @param clip the decoded audio, at any sample rate (mono)
     * @return the clip's embedding, its windows' embeddings and its length in seconds
     * @throws IllegalArgumentException if the clip holds too little audio for one log-mel frame
     */
    public ClipEmbedding embed(Path file, AudioClip clip) {
        float[][] w = windowEmbeddings(clip);
        return new ClipEmbedding(file, mean(w), w, clip.seconds(), null);
    }

    /**
     * The embeddings of each window of decoded audio, before they are averaged.
     *
     * @param clip the audio, at any sample rate (mono)
     * @return [windows][{@link #dimension()}], windows in time order
     * @throws IllegalArgumentException if the clip holds too little audio for one log-mel frame
     */
    public float[][] windowEmbeddings(AudioClip clip) {
        LabelledClip mel = logMel("clip", clip);
        if (mel == null) {
            throw new IllegalArgumentException("the clip (" + clip.samples().length + " samples at "
                    + clip.sampleRate() + " Hz) is too short for one log-mel frame");
        }
        return forward(List.of(mel)).get(0);
    }

    /**
     * The embedding of log-mel features already computed with this encoder's front-end
     * ({@link EncoderDescription#frontEnd()}).
     *
     * @param features [frames][64] row-major
     * @param frames number of frames, at least 1
     * @return the mean of its windows' embeddings
     * @throws IllegalArgumentException if {@code features} is not {@code frames * 64} values or frames is below 1
     */
    public float[] embedLogMel(float[] features, int frames) {
        return mean(forward(List.of(new LabelledClip("features", features, frames, 0))).get(0));
    }

    /**
     * Embeddings of many files: decoding and log-mels in parallel over files on the CPU pool, then windows of
     * several clips per forward pass. A file that cannot be decoded gives a result carrying its error instead of
     * stopping the others.
     *
     * @param audioFiles MP3 or WAV files
     * @return one result per file, in the order of {@code audioFiles}
     */
    public List<ClipEmbedding> embedAll(List<Path> audioFiles) {
        int n = audioFiles.size();
        LabelledClip[] mels = new LabelledClip[n];
        double[] seconds = new double[n];
        AudioDecodeException[] errors = new AudioDecodeException[n];
        Parallel.forRange(n, 1, (from, to) -> {
            for (int i = from; i < to; i++) {
                Path f = audioFiles.get(i);
                try {
                    AudioClip clip = AudioDecoder.decode(f);
                    seconds[i] = clip.seconds();
                    mels[i] = logMel(f.toString(), clip);
                    if (mels[i] == null) {
                        errors[i] = tooShort(f, clip);
                    }
                } catch (AudioDecodeException e) {
                    errors[i] = e;
                }
            }
        });
        List<LabelledClip> good = new ArrayList<>();
        for (LabelledClip m : mels) {
            if (m != null) {
                good.add(m);
            }
        }
        List<float[][]> perClip = forward(good);
        List<ClipEmbedding> out = new ArrayList<>(n);
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (mels[i] == null) {
                out.add(ClipEmbedding.failed(audioFiles.get(i), errors[i]));
            } else {
                float[][] w = perClip.get(k++);
                out.add(new ClipEmbedding(audioFiles.get(i), mean(w), w, seconds[i], null));
            }
        }
        return out;
    }

    private static AudioDecodeException tooShort(Path f, AudioClip clip) {
        return new AudioDecodeException(f, AudioDecodeException.Reason.EMPTY,
                "too little audio for one log-mel frame (" + clip.samples().length + " samples at "
                        + clip.sampleRate() + " Hz)");
    }

    /** The clip's log-mel features as a window source, or null when it is too short for one frame. */
    private LabelledClip logMel(String id, AudioClip clip) {
        LogMelExtractor e = extractors.get();
        float[] x = clip.resampled(LogMelPreset.SAMPLE_RATE).samples();
        int frames = e.frames(x.length);
        if (frames < 1) {
            return null;
        }
        return new LabelledClip(id, e.compute(x), frames, 0);
    }

    private List<float[][]> forward(List<LabelledClip> clips) {
        if (clips.isEmpty()) {
            return List.of();
        }
        forwardLock.lock();
        try {
            return windows.windowOutputs(clips);
        } finally {
            forwardLock.unlock();
        }
    }

    private static float[] mean(float[][] rows) {
        int d = rows[0].length;
        double[] sum = new double[d];
        for (float[] r : rows) {
            for (int j = 0; j < d; j++) {
                sum[j] += r[j];
            }
        }
        float[] m = new float[d];
        for (int j = 0; j < d; j++) {
            m[j] = (float) (sum[j] / rows.length);
        }
        return m;
    }
}

package io.github.cola4j.cola;

import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.io.Json;
import io.github.cola4j.tensor.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * What an encoder file is: the network its weights belong to and the input it expects. It travels inside the
 * safetensors file (as string entries of its {@code __metadata__}, which PyTorch's loaders ignore) and beside it
 * as a readable {@code <name>.json} ({@code encoder.json} for {@code encoder.safetensors}) that also holds
 * facts about the training run.
 *
 * @param widthMult EfficientNet width multiplier (1 for B0)
 * @param depthMult EfficientNet depth multiplier (1 for B0)
 * @param inChannels input channels of the stem (1 for log-mel spectrograms)
 * @param pooling global pooling of the last feature map
 * @param frontEnd the log-mel preset the encoder was trained on
 * @param windowFrames frames per window the encoder was trained on (its crop length): clips are embedded as the
 *     mean over windows of this length
 */
public record EncoderDescription(double widthMult, double depthMult, int inChannels,
        EfficientNetConfig.Pooling pooling, LogMelPreset frontEnd, int windowFrames) {

    /** The architecture name written to files; the only one this library builds from a description. */
    public static final String ARCHITECTURE = "efficientnet";
    /** Front-end of files written before descriptions named it: {@code audio-processing}'s default. */
    public static final LogMelPreset DEFAULT_FRONT_END = LogMelPreset.COLA_PYTORCH;
    /** Window of files written before descriptions named it: {@code train-encoder}'s default crop. */
    public static final int DEFAULT_WINDOW_FRAMES = 100;
    /** The largest description file read: a few hundred bytes is usual, so anything this big is something else. */
    private static final int MAX_SIDECAR_BYTES = 1 << 20;

    /**
     * Checks the description.
     *
     * @param widthMult above 0 and finite
     * @param depthMult above 0 and finite
     * @param inChannels at least 1
     * @param pooling not null
     * @param frontEnd not null
     * @param windowFrames at least 1
     * @throws IllegalArgumentException if a value is out of range, naming it
     */
    public EncoderDescription {
        if (!(widthMult > 0) || Double.isInfinite(widthMult) || !(depthMult > 0) || Double.isInfinite(depthMult)) {
            throw new IllegalArgumentException("width and depth multipliers must be finite and above 0, got "
                    + widthMult + " and " + depthMult);
        }
        if (inChannels < 1 || windowFrames < 1) {
            throw new IllegalArgumentException("input channels and window frames must be at least 1, got "
                    + inChannels + " and " + windowFrames);
        }
        if (pooling == null || frontEnd == null) {
            throw new IllegalArgumentException("pooling and front-end must be given");
        }
    }

    /**
     * The description of an encoder built from {@code config} for {@code frontEnd} features cut into windows of
     * {@code windowFrames} frames.
     *
     * @param config the encoder's configuration (its stochastic depth does not matter here)
     * @param frontEnd the log-mel preset of its input
     * @param windowFrames its crop length in frames
     * @return the description
     */
    public static EncoderDescription of(EfficientNetConfig config, LogMelPreset frontEnd, int windowFrames) {
        return new EncoderDescription(config.widthMult(), config.depthMult(), config.inChannels(), config.pooling(),
                frontEnd, windowFrames);
    }

    /**
     * The encoder configuration this describes.
     *
     * @param stochasticDepth drop-connect rate of the blocks during training (0 for inference)
     * @return a new EfficientNet configuration
     */
    public EfficientNetConfig config(double stochasticDepth) {
        return new EfficientNetConfig(widthMult, depthMult, inChannels, stochasticDepth, pooling);
    }

    /**
     * Width of the pooled features, the embedding.
     *
     * @return 1280 for B0, fewer for narrower encoders
     */
    public int embeddingWidth() {
        return config(0).featureWidth();
    }

    // ---------------------------------------------------------------- inside the safetensors file

    /**
     * The description as safetensors metadata entries (all strings).
     *
     * @return an ordered map of the keys {@code architecture}, {@code width_mult}, {@code depth_mult},
     *     {@code in_channels}, {@code pooling}, {@code frontend}, {@code window_frames}, {@code embedding_width}
     */
    public Map<String, String> toMetadata() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("architecture", ARCHITECTURE);
        m.put("width_mult", Double.toString(widthMult));
        m.put("depth_mult", Double.toString(depthMult));
        m.put("in_channels", Integer.toString(inChannels));
        m.put("pooling", pooling.name().toLowerCase(Locale.ROOT));
        m.put("frontend", frontEnd.id());
        m.put("window_frames", Integer.toString(windowFrames));
        m.put("embedding_width", Integer.toString(embeddingWidth()));
        return m;
    }

    /**
     * The description held in a safetensors file's metadata, or null when it holds none (no
     * {@code architecture} entry, as in files written by PyTorch).
     *
     * @param file the file the metadata came from, for messages
     * @param metadata its {@code __metadata__} entries
     * @return the description, or null
     * @throws IOException if an entry is missing, malformed or names an architecture other than
     *     {@value #ARCHITECTURE}; the message names the file and the entry
     */
    public static EncoderDescription fromMetadata(Path file, Map<String, String> metadata) throws IOException {
        if (!metadata.containsKey("architecture")) {
            return null;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String v = e.getValue();
            values.put(e.getKey(), isNumber(v) ? new Json.Num(v) : v);
        }
        return parse(file, "metadata entry", values);
    }

    private static boolean isNumber(String s) {
        try {
            new Json.Num(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    // ---------------------------------------------------------------- beside the file

    /**
     * The description file kept beside an encoder file.
     *
     * @param encoderFile the encoder's weights, such as {@code encoder.safetensors}
     * @return the same path with the extension replaced by {@code .json} (appended when there is none)
     */
    public static Path sidecar(Path encoderFile) {
        String n = encoderFile.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return encoderFile.resolveSibling((dot > 0 ? n.substring(0, dot) : n) + ".json");
    }

    /**
     * Writes this description, then {@code extra}, to the file beside {@code encoderFile} (atomically, replacing
     * it if it exists).
     *
     * @param encoderFile the encoder's weights; the JSON goes to {@link #sidecar(Path)} of it
     * @param extra further keys written after the description (training facts such as steps); a null value is
     *     written as JSON {@code null}
     * @throws IOException if the file cannot be written
     */
    public void writeSidecar(Path encoderFile, Map<String, Object> extra) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : toMetadata().entrySet()) {
            String v = e.getValue();
            m.put(e.getKey(), isNumber(v) ? (Object) new Json.Num(v) : v);
        }
        for (Map.Entry<String, Object> e : extra.entrySet()) {
            m.put(e.getKey(), e.getValue() == null ? Json.NULL : e.getValue());
        }
        AtomicFile.writeString(sidecar(encoderFile), Json.write(m));
    }

    /**
     * The description recorded beside {@code encoderFile}, or null when there is no such file. Files written
     * before descriptions named the front-end and window get {@link #DEFAULT_FRONT_END} and their
     * {@code crop_frames} (else {@link #DEFAULT_WINDOW_FRAMES}).
     *
     * @param encoderFile the encoder's weights
     * @return the recorded description, or null
     * @throws IOException if the file cannot be read, is larger than 1 MiB, is not a JSON object, or has a
     *     missing or malformed field; the message names the file and the field
     */
    public static EncoderDescription readSidecar(Path encoderFile) throws IOException {
        Path f = sidecar(encoderFile);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        if (Files.size(f) > MAX_SIDECAR_BYTES) {
            throw new IOException(f + ": not an encoder description: " + Files.size(f) + " bytes, more than "
                    + MAX_SIDECAR_BYTES);
        }
        Object root;
        try {
            root = Json.parse(Files.readString(f, StandardCharsets.UTF_8));
        } catch (Json.JsonException e) {
            throw new IOException(f + ": not an encoder description: " + e.getMessage(), e);
        }
        if (!(root instanceof Map<?, ?> m)) {
            throw new IOException(f + ": not an encoder description: not a JSON object");
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            values.put(String.valueOf(e.getKey()), e.getValue());
        }
        return parse(f, "field", values);
    }

    /**
     * The description of an encoder file: its own metadata when it has a description, else the file beside it.
     *
     * @param encoderFile the encoder's weights
     * @param metadata the file's safetensors metadata (already read with its tensors)
     * @return the description, or null when neither the file nor a sidecar describes it
     * @throws IOException if a description is there but malformed, naming the file and the entry
     */
    public static EncoderDescription find(Path encoderFile, Map<String, String> metadata) throws IOException {
        EncoderDescription d = fromMetadata(encoderFile, metadata);
        return d != null ? d : readSidecar(encoderFile);
    }

    // ---------------------------------------------------------------- parsing

    private static EncoderDescription parse(Path f, String what, Map<String, Object> m) throws IOException {
        Object arch = m.get("architecture");
        if (arch != null && !ARCHITECTURE.equals(arch)) {
            throw bad(f, what + " \"architecture\" is " + arch + ", not " + ARCHITECTURE);
        }
        String pooling = field(f, what, m, "pooling", String.class);
        EfficientNetConfig.Pooling p;
        try {
            p = EfficientNetConfig.Pooling.valueOf(pooling.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(f, "unknown " + what + " \"pooling\" \"" + pooling + "\" (expected avg or max)");
        }
        LogMelPreset frontEnd = DEFAULT_FRONT_END;
        if (m.containsKey("frontend")) {
            String s = field(f, what, m, "frontend", String.class);
            try {
                frontEnd = LogMelPreset.byName(s);
            } catch (IllegalArgumentException e) {
                throw bad(f, what + " \"frontend\": " + e.getMessage());
            }
        }
        int window = DEFAULT_WINDOW_FRAMES;
        if (m.containsKey("window_frames")) {
            window = intField(f, what, m, "window_frames");
        } else if (m.containsKey("crop_frames")) {
            window = intField(f, what, m, "crop_frames");
        }
        int in = m.containsKey("in_channels") ? intField(f, what, m, "in_channels") : 1;
        try {
            return new EncoderDescription(field(f, what, m, "width_mult", Json.Num.class).doubleValue(),
                    field(f, what, m, "depth_mult", Json.Num.class).doubleValue(), in, p, frontEnd, window);
        } catch (IllegalArgumentException e) {
            throw bad(f, e.getMessage());
        }
    }

    private static int intField(Path f, String what, Map<String, Object> m, String key) throws IOException {
        double v = field(f, what, m, key, Json.Num.class).doubleValue();
        if (v != Math.rint(v) || v < 1 || v > Integer.MAX_VALUE) {
            throw bad(f, what + " \"" + key + "\" is " + m.get(key) + ", not a whole number of at least 1");
        }
        return (int) v;
    }

    private static <T> T field(Path f, String what, Map<String, Object> m, String key, Class<T> type)
            throws IOException {
        Object v = m.get(key);
        if (v == null) {
            throw bad(f, "no " + what + " \"" + key + "\"");
        }
        if (!type.isInstance(v)) {
            throw bad(f, what + " \"" + key + "\" is " + v + ", not a " + (type == String.class ? "string" : "number"));
        }
        return type.cast(v);
    }

    private static IOException bad(Path f, String message) {
        return new IOException(f + ": not an encoder description: " + message);
    }
}

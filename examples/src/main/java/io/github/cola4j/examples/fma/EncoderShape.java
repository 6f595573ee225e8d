package io.github.cola4j.examples.fma;

import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.io.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The shape of an encoder file, kept beside it as {@code <name>.json} ({@code encoder.json} for
 * {@code encoder.safetensors}) so that {@code classify} can rebuild the network the weights belong to.
 *
 * @param width EfficientNet width multiplier (1 for B0)
 * @param depth EfficientNet depth multiplier (1 for B0)
 * @param pooling global pooling of the last feature map
 */
public record EncoderShape(double width, double depth, EfficientNetConfig.Pooling pooling) {
    /** The largest description file read: a few hundred bytes is usual, so anything this big is something else. */
    private static final int MAX_BYTES = 1 << 20;

    /**
     * The encoder configuration with this shape, a 1-channel stem and the given stochastic-depth rate.
     *
     * @param stochasticDepth drop-connect rate of the blocks during training (0.1 in the seed; 0 for none)
     * @return a new EfficientNet configuration
     */
    public EfficientNetConfig config(double stochasticDepth) {
        return new EfficientNetConfig(width, depth, 1, stochasticDepth, pooling);
    }

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
     * Writes this shape to the description file beside {@code encoderFile}, replacing it if it exists.
     *
     * @param encoderFile the encoder's weights; the JSON goes to {@link #sidecar(Path)} of it
     * @param extra further keys written after the shape (training facts such as steps and crop length)
     * @throws IOException if the file cannot be written
     */
    public void write(Path encoderFile, Map<String, Object> extra) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("architecture", "efficientnet");
        m.put("width_mult", width);
        m.put("depth_mult", depth);
        m.put("pooling", pooling.name().toLowerCase(Locale.ROOT));
        m.put("in_channels", 1);
        m.putAll(extra);
        Files.writeString(sidecar(encoderFile), Json.write(m), StandardCharsets.UTF_8);
    }

    /**
     * The shape recorded beside {@code encoderFile}, or null when there is no sidecar file.
     *
     * @param encoderFile the encoder's weights
     * @return the recorded width, depth and pooling, or null
     * @throws IOException if the sidecar file cannot be read, is larger than 1 MiB, is not a
     *     JSON object, or lacks a numeric {@code width_mult} or {@code depth_mult} or a known {@code pooling}; the
     *     message names the file and the field
     */
    public static EncoderShape readFor(Path encoderFile) throws IOException {
        Path f = sidecar(encoderFile);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        if (Files.size(f) > MAX_BYTES) {
            throw new IOException(f + ": not an encoder description: " + Files.size(f) + " bytes, more than "
                    + MAX_BYTES);
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
        String pooling = field(f, m, "pooling", String.class);
        EfficientNetConfig.Pooling p;
        try {
            p = EfficientNetConfig.Pooling.valueOf(pooling.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IOException(f + ": not an encoder description: unknown \"pooling\" \"" + pooling + "\"");
        }
        return new EncoderShape(field(f, m, "width_mult", Json.Num.class).doubleValue(),
                field(f, m, "depth_mult", Json.Num.class).doubleValue(), p);
    }

    private static <T> T field(Path f, Map<?, ?> m, String key, Class<T> type) throws IOException {
        Object v = m.get(key);
        if (v == null) {
            throw new IOException(f + ": not an encoder description: no \"" + key + "\"");
        }
        if (!type.isInstance(v)) {
            throw new IOException(f + ": not an encoder description: \"" + key + "\" is " + v + ", not a "
                    + (type == String.class ? "string" : "number"));
        }
        return type.cast(v);
    }
}

package io.github.cola4j.examples.fma;

import io.github.cola4j.nn.EfficientNetConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shape of an encoder file, kept beside it as {@code <name>.json} ({@code encoder.json} for
 * {@code encoder.safetensors}) so that {@code classify} can rebuild the network the weights belong to.
 *
 * @param width EfficientNet width multiplier (1 for B0)
 * @param depth EfficientNet depth multiplier (1 for B0)
 * @param pooling global pooling of the last feature map
 */
public record EncoderShape(double width, double depth, EfficientNetConfig.Pooling pooling) {

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
     * @throws IOException if the sidecar file cannot be read or lacks a valid width, depth or pooling
     */
    public static EncoderShape readFor(Path encoderFile) throws IOException {
        Path f = sidecar(encoderFile);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        String s = Files.readString(f, StandardCharsets.UTF_8);
        try {
            return new EncoderShape(number(s, "width_mult"), number(s, "depth_mult"),
                    EfficientNetConfig.Pooling.valueOf(string(s, "pooling").toUpperCase(Locale.ROOT)));
        } catch (RuntimeException e) {
            throw new IOException(f + ": not an encoder description: " + e.getMessage());
        }
    }

    private static double number(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*([-+0-9.eE]+)").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + key);
        }
        return Double.parseDouble(m.group(1));
    }

    private static String string(String json, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*\"([^\"]*)\"").matcher(json);
        if (!m.find()) {
            throw new IllegalArgumentException("no " + key);
        }
        return m.group(1);
    }
}

package io.github.cola4j.cola.data;

import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.nn.io.Json;
import io.github.cola4j.tensor.io.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The file at the root of a folder of log-mel {@code .npy} files that says which front-end computed them
 * ({@value #NAME}), so that an encoder trained on the folder can record its input and features of two presets
 * are not mixed by accident.
 */
public final class FrontEndFile {
    /** File name at the folder's root. */
    public static final String NAME = "frontend.json";
    private static final int MAX_BYTES = 1 << 16;

    private FrontEndFile() {
    }

    /**
     * Records that the features under {@code dir} were computed with {@code preset} (atomically, replacing an
     * earlier record).
     *
     * @param dir the folder's root; created if missing
     * @param preset the front-end
     * @throws IOException if the file cannot be written
     */
    public static void write(Path dir, LogMelPreset preset) throws IOException {
        AtomicFile.writeString(dir.resolve(NAME), text(preset));
    }

    /**
     * The record's text, as {@link #write} puts it in {@value #NAME} (for writers on other file systems).
     *
     * @param preset the front-end
     * @return the JSON text
     */
    public static String text(LogMelPreset preset) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("frontend", preset.id());
        m.put("sample_rate", LogMelPreset.SAMPLE_RATE);
        m.put("mels", LogMelPreset.MELS);
        return Json.write(m);
    }

    /**
     * The front-end recorded at the root of {@code dir}.
     *
     * @param dir a folder of log-mel files
     * @return the recorded preset, or null when the folder has no record (files written by older versions, or
     *     by hand)
     * @throws IOException if the record exists but cannot be read or names no known preset; the message names
     *     the file
     */
    public static LogMelPreset read(Path dir) throws IOException {
        Path f = dir.resolve(NAME);
        if (!Files.isRegularFile(f)) {
            return null;
        }
        if (Files.size(f) > MAX_BYTES) {
            throw new IOException(f + ": not a front-end record: " + Files.size(f) + " bytes");
        }
        return parse(Files.readString(f, StandardCharsets.UTF_8), f.toString());
    }

    /**
     * The preset a record's text names (for readers on other file systems).
     *
     * @param text the record's JSON text
     * @param source the record's name, for the error message
     * @return the recorded preset
     * @throws IOException if the text is not a front-end record or names no known preset; the message names
     *     {@code source}
     */
    public static LogMelPreset parse(String text, String source) throws IOException {
        try {
            if (Json.parse(text) instanceof Map<?, ?> m && m.get("frontend") instanceof String s) {
                return LogMelPreset.byName(s);
            }
            throw new IOException(source + ": not a front-end record: no \"frontend\" string");
        } catch (Json.JsonException | IllegalArgumentException e) {
            throw new IOException(source + ": not a front-end record: " + e.getMessage(), e);
        }
    }
}

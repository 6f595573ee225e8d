package io.github.cola4j.examples.fma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.nn.EfficientNetConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderShapeTest {

    @TempDir
    Path dir;

    @Test
    void writesAndReadsTheSidecar() throws IOException {
        Path enc = dir.resolve("encoder.safetensors");
        assertNull(EncoderShape.readFor(enc));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("pretraining_steps", 6);
        extra.put("note", "crop \"16\", batch 2");
        EncoderShape shape = new EncoderShape(0.1, 1.2, EfficientNetConfig.Pooling.AVG);
        shape.write(enc, extra);
        assertEquals(dir.resolve("encoder.json"), EncoderShape.sidecar(enc));
        assertEquals("""
                {
                  "architecture": "efficientnet",
                  "width_mult": 0.1,
                  "depth_mult": 1.2,
                  "pooling": "avg",
                  "in_channels": 1,
                  "pretraining_steps": 6,
                  "note": "crop \\"16\\", batch 2"
                }
                """, Files.readString(EncoderShape.sidecar(enc)));
        assertEquals(shape, EncoderShape.readFor(enc));
    }

    @Test
    void keysAreMatchedAsKeysNotAsText() throws IOException {
        // a regular expression over the text would have taken the first "width_mult" it saw
        Files.writeString(dir.resolve("e.json"),
                "{\"note\": \"\\\"width_mult\\\": 9\", \"pooling\": \"MAX\", \"depth_mult\": 2e0, \"width_mult\": 0.5}");
        assertEquals(new EncoderShape(0.5, 2, EfficientNetConfig.Pooling.MAX),
                EncoderShape.readFor(dir.resolve("e.safetensors")));
    }

    @Test
    void aBadSidecarIsAnErrorNamingTheFileAndTheField() throws IOException {
        Path enc = dir.resolve("e.safetensors");
        Path json = dir.resolve("e.json");
        String good = "\"width_mult\": 1, \"depth_mult\": 1, \"pooling\": \"avg\"";
        for (String[] c : new String[][] {
                {"{\"depth_mult\": 1, \"pooling\": \"avg\"}", "no \"width_mult\""},
                {"{\"width_mult\": \"1\", \"depth_mult\": 1, \"pooling\": \"avg\"}", "\"width_mult\" is 1, not a number"},
                {"{\"width_mult\": 1, \"depth_mult\": 1, \"pooling\": 3}", "\"pooling\" is 3, not a string"},
                {"{\"width_mult\": 1, \"depth_mult\": 1, \"pooling\": \"median\"}", "unknown \"pooling\" \"median\""},
                {"{" + good + ", \"width_mult\": 2}", "duplicate key \"width_mult\""},
                {"[" + good.replace(':', ',') + "]", "not a JSON object"},
                {"{" + good, "malformed JSON"}}) {
            Files.writeString(json, c[0]);
            IOException e = assertThrows(IOException.class, () -> EncoderShape.readFor(enc), c[0]);
            assertTrue(e.getMessage().startsWith(json + ": not an encoder description: "), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }
}

package io.github.cola4j.cola;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.io.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncoderDescriptionTest {

    @TempDir
    Path dir;

    private static final EncoderDescription SMALL = new EncoderDescription(0.1, 1.2, 1, EfficientNetConfig.Pooling.AVG,
            LogMelPreset.COLA, 96);

    @Test
    void writesAndReadsTheSidecar() throws IOException {
        Path enc = dir.resolve("encoder.safetensors");
        assertNull(EncoderDescription.readSidecar(enc));
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("pretraining_steps", 6);
        extra.put("best_validation_pair_accuracy", null);
        extra.put("note", "crop \"16\", batch 2");
        SMALL.writeSidecar(enc, extra);
        assertEquals(dir.resolve("encoder.json"), EncoderDescription.sidecar(enc));
        assertEquals("""
                {
                  "architecture": "efficientnet",
                  "width_mult": 0.1,
                  "depth_mult": 1.2,
                  "in_channels": 1,
                  "pooling": "avg",
                  "frontend": "cola",
                  "window_frames": 96,
                  "embedding_width": %d,
                  "pretraining_steps": 6,
                  "best_validation_pair_accuracy": null,
                  "note": "crop \\"16\\", batch 2"
                }
                """.formatted(SMALL.embeddingWidth()), Files.readString(EncoderDescription.sidecar(enc)));
        assertEquals(SMALL, EncoderDescription.readSidecar(enc));
    }

    @Test
    void travelsInsideTheSafetensorsFile() throws IOException {
        EfficientNet net = new EfficientNet(SMALL.config(0));
        Path f = dir.resolve("e.safetensors");
        ModelFiles.save(net, f, SMALL.toMetadata());
        Map<String, String> meta = ModelFiles.metadata(f);
        assertEquals("pt", meta.get("format"));
        assertEquals(SMALL, EncoderDescription.fromMetadata(f, meta));
        // the file's own description wins over a stale one beside it
        new EncoderDescription(1, 1, 1, EfficientNetConfig.Pooling.MAX, LogMelPreset.COLA_PYTORCH, 100)
                .writeSidecar(f, Map.of());
        assertEquals(SMALL, EncoderDescription.find(f, meta));
        // a file without one (as PyTorch writes them) falls back to the sidecar, and to nothing without it
        ModelFiles.save(net, f);
        assertNull(EncoderDescription.fromMetadata(f, ModelFiles.metadata(f)));
        assertEquals(EfficientNetConfig.Pooling.MAX, EncoderDescription.find(f, ModelFiles.metadata(f)).pooling());
        Files.delete(EncoderDescription.sidecar(f));
        assertNull(EncoderDescription.find(f, ModelFiles.metadata(f)));
    }

    @Test
    void olderSidecarsGetTheDefaultFrontEndAndTheirCropAsWindow() throws IOException {
        // written before descriptions named the front-end: crop_frames was a training fact
        Files.writeString(dir.resolve("e.json"), "{\"architecture\": \"efficientnet\", \"width_mult\": 0.25,"
                + " \"depth_mult\": 0.34, \"pooling\": \"avg\", \"in_channels\": 1, \"crop_frames\": 64}");
        assertEquals(new EncoderDescription(0.25, 0.34, 1, EfficientNetConfig.Pooling.AVG,
                EncoderDescription.DEFAULT_FRONT_END, 64), EncoderDescription.readSidecar(dir.resolve("e.safetensors")));
    }

    @Test
    void keysAreMatchedAsKeysNotAsText() throws IOException {
        // a regular expression over the text would have taken the first "width_mult" it saw
        Files.writeString(dir.resolve("e.json"),
                "{\"note\": \"\\\"width_mult\\\": 9\", \"pooling\": \"MAX\", \"depth_mult\": 2e0, \"width_mult\": 0.5}");
        assertEquals(new EncoderDescription(0.5, 2, 1, EfficientNetConfig.Pooling.MAX,
                EncoderDescription.DEFAULT_FRONT_END, EncoderDescription.DEFAULT_WINDOW_FRAMES),
                EncoderDescription.readSidecar(dir.resolve("e.safetensors")));
    }

    @Test
    void aBadSidecarIsAnErrorNamingTheFileAndTheField() throws IOException {
        Path enc = dir.resolve("e.safetensors");
        Path json = dir.resolve("e.json");
        String good = "\"width_mult\": 1, \"depth_mult\": 1, \"pooling\": \"avg\"";
        for (String[] c : new String[][] {
                {"{\"depth_mult\": 1, \"pooling\": \"avg\"}", "no field \"width_mult\""},
                {"{\"width_mult\": \"1\", \"depth_mult\": 1, \"pooling\": \"avg\"}", "\"width_mult\" is 1, not a number"},
                {"{\"width_mult\": 1, \"depth_mult\": 1, \"pooling\": 3}", "\"pooling\" is 3, not a string"},
                {"{\"width_mult\": 1, \"depth_mult\": 1, \"pooling\": \"median\"}", "\"pooling\" \"median\""},
                {"{" + good + ", \"frontend\": \"mfcc\"}", "unknown preset 'mfcc'"},
                {"{" + good + ", \"window_frames\": 1.5}", "\"window_frames\" is 1.5, not a whole number"},
                {"{" + good + ", \"architecture\": \"resnet\"}", "\"architecture\" is resnet"},
                {"{\"width_mult\": -1, \"depth_mult\": 1, \"pooling\": \"avg\"}", "above 0, got -1.0"},
                {"{" + good + ", \"width_mult\": 2}", "duplicate key \"width_mult\""},
                {"[" + good.replace(':', ',') + "]", "not a JSON object"},
                {"{" + good, "malformed JSON"}}) {
            Files.writeString(json, c[0]);
            IOException e = assertThrows(IOException.class, () -> EncoderDescription.readSidecar(enc), c[0]);
            assertTrue(e.getMessage().startsWith(json + ": not an encoder description: "), e.getMessage());
            assertTrue(e.getMessage().contains(c[1]), e.getMessage());
        }
    }
}

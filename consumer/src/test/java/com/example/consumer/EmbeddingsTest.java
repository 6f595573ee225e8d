package com.example.consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.audio.WavWriter;
import io.github.cola4j.cola.EncoderDescription;
import io.github.cola4j.cola.embed.AudioEncoder;
import io.github.cola4j.cola.embed.ClipEmbedding;
import io.github.cola4j.cola.embed.EmbeddingIndex;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.io.ModelFiles;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's "Embeddings" snippet, on a small described encoder and generated audio. */
class EmbeddingsTest {
    @TempDir
    Path dir;

    @Test
    void theReadmeSnippetRuns() throws IOException {
        // an encoder file as train-encoder writes it: weights plus the description in its metadata
        EncoderDescription d = new EncoderDescription(0.25, 0.25, 1, EfficientNetConfig.Pooling.AVG,
                LogMelPreset.COLA_PYTORCH, 16);
        Path models = dir.resolve("models");
        ModelFiles.save(new EfficientNet(d.config(0)), models.resolve("encoder.safetensors"), d.toMetadata());
        Path song = dir.resolve("song.wav");
        Path other = dir.resolve("other.wav");
        WavWriter.write(song, chirp(440, 2.0), 16000);
        WavWriter.write(other, chirp(90, 1.5), 16000);

        // --- README snippet ---
        AudioEncoder encoder = AudioEncoder.load(models.resolve("encoder.safetensors"));
        float[] v = encoder.embed(song);                                  // one clip: mean of its windows
        List<ClipEmbedding> all = encoder.embedAll(List.of(song, other)); // many: decoded in parallel
        float[] matrix = new float[all.size() * encoder.dimension()];
        List<String> keys = new ArrayList<>();
        for (ClipEmbedding c : all) {
            if (c.ok()) {                                                 // c.error() says why otherwise
                System.arraycopy(c.embedding(), 0, matrix, keys.size() * encoder.dimension(), encoder.dimension());
                keys.add(c.file().toString());
            }
        }
        EmbeddingIndex index = new EmbeddingIndex(matrix, encoder.dimension(), keys);
        List<EmbeddingIndex.Neighbour> hits = index.nearest(v, 2);       // cosine similarity, best first
        // --- end of snippet ---

        assertEquals(d.embeddingWidth(), v.length);
        assertEquals(song.toString(), hits.get(0).key());
        assertTrue(hits.get(0).score() > 0.99999, hits.toString());
    }

    private static float[] chirp(double f0, double seconds) {
        float[] x = new float[(int) (seconds * 16000)];
        for (int i = 0; i < x.length; i++) {
            double t = i / 16000.0;
            x[i] = (float) (0.4 * Math.sin(2 * Math.PI * (f0 + 200 * t) * t));
        }
        return x;
    }
}

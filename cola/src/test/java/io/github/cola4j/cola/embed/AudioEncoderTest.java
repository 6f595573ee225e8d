package io.github.cola4j.cola.embed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.audio.AudioClip;
import io.github.cola4j.audio.AudioDecodeException;
import io.github.cola4j.audio.LogMelExtractor;
import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.audio.WavWriter;
import io.github.cola4j.autograd.Autograd;
import io.github.cola4j.autograd.Variable;
import io.github.cola4j.cola.EncoderDescription;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.io.ModelFiles;
import io.github.cola4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioEncoderTest {
    private static final EncoderDescription SMALL = new EncoderDescription(0.25, 0.34, 1,
            EfficientNetConfig.Pooling.AVG, LogMelPreset.COLA_PYTORCH, 24);

    private static EfficientNet net;
    private static AudioEncoder encoder;

    @TempDir
    Path dir;

    @BeforeAll
    static void build() {
        Randomness.seed(11);
        net = new EfficientNet(SMALL.config(0));
        encoder = new AudioEncoder(net, SMALL, 5);
    }

    /** A few seconds of a chord whose pitch depends on {@code seed}, at 22.05 kHz. */
    private static float[] tone(int seed, double seconds) {
        int rate = 22050;
        float[] x = new float[(int) (seconds * rate)];
        double f = 110 * (1 + seed % 7);
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / rate;
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * f * t) + 0.2 * Math.sin(2 * Math.PI * 2.5 * f * t)
                    * Math.sin(2 * Math.PI * (0.5 + seed) * t));
        }
        return x;
    }

    @Test
    void theEmbeddingIsTheMeanOfTheEncodersOutputOnTheLogMelWindows() {
        AudioClip clip = new AudioClip(tone(3, 3.0), 22050, 1);
        float[] got = encoder.embed(clip);
        // by hand: 16 kHz, the preset's log-mels, non-overlapping 24-frame windows, the encoder, the mean
        float[] x = clip.resampled(16000).samples();
        LogMelExtractor e = new LogMelExtractor(LogMelPreset.COLA_PYTORCH);
        float[] mel = e.compute(x);
        int frames = e.frames(x.length);
        int windows = frames / 24;
        assertTrue(windows >= 3, frames + " frames");
        Tensor batch = Tensor.of(java.util.Arrays.copyOf(mel, windows * 24 * 64), windows, 1, 24, 64);
        net.eval();
        float[] rows;
        try (var s = Autograd.noGrad()) {
            rows = net.forward(Variable.constant(batch)).value().toFloatArray();
        }
        int d = SMALL.embeddingWidth();
        assertEquals(d, got.length);
        assertEquals(d, encoder.dimension());
        for (int j = 0; j < d; j++) {
            double m = 0;
            for (int w = 0; w < windows; w++) {
                m += rows[w * d + j];
            }
            assertEquals(m / windows, got[j], 1e-5, "value " + j);
        }
        assertEquals(windows, encoder.windowEmbeddings(clip).length);
    }

    @Test
    void aFileEmbedsTheSameAloneAndInABatchAndBadFilesAreReported() throws IOException {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path f = dir.resolve("clip" + i + ".wav");
            WavWriter.write(f, tone(i, 1.5 + 0.7 * i), 22050);
            files.add(f);
        }
        Path junk = dir.resolve("junk.mp3");
        Files.writeString(junk, "not audio at all");
        files.add(2, junk);
        List<ClipEmbedding> all = encoder.embedAll(files);
        assertEquals(files.size(), all.size());
        ClipEmbedding bad = all.get(2);
        assertFalse(bad.ok());
        assertNull(bad.embedding());
        assertTrue(bad.error().getMessage().contains("junk.mp3"), bad.error().getMessage());
        for (int i = 0; i < files.size(); i++) {
            if (i == 2) {
                continue;
            }
            ClipEmbedding c = all.get(i);
            assertTrue(c.ok());
            assertEquals(files.get(i), c.file());
            float[] alone = encoder.embed(files.get(i));
            for (int j = 0; j < alone.length; j++) {
                assertEquals(alone[j], c.embedding()[j], 1e-5, files.get(i) + " value " + j);
            }
            assertEquals(Files.size(files.get(i)) - 44, Math.round(c.seconds() * 22050) * 2);
        }
        assertThrows(AudioDecodeException.class, () -> encoder.embed(junk));
    }

    @Test
    void concurrentCallersGetTheSameEmbeddings() throws Exception {
        AudioClip a = new AudioClip(tone(1, 2.0), 22050, 1);
        AudioClip b = new AudioClip(tone(5, 2.5), 22050, 1);
        float[] wantA = encoder.embed(a);
        float[] wantB = encoder.embed(b);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<float[]>> got = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                AudioClip c = i % 2 == 0 ? a : b;
                got.add(pool.submit(() -> encoder.embed(c)));
            }
            for (int i = 0; i < got.size(); i++) {
                float[] want = i % 2 == 0 ? wantA : wantB;
                float[] g = got.get(i).get();
                for (int j = 0; j < want.length; j++) {
                    assertEquals(want[j], g[j], 1e-6);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void loadsADescribedFileAndRefusesAnUndescribedOne() throws IOException {
        Path f = dir.resolve("encoder.safetensors");
        ModelFiles.save(net, f, SMALL.toMetadata());
        AudioEncoder loaded = AudioEncoder.load(f);
        assertEquals(SMALL, loaded.description());
        AudioClip clip = new AudioClip(tone(2, 1.8), 22050, 1);
        float[] want = encoder.embed(clip);
        float[] got = loaded.embed(clip);
        for (int j = 0; j < want.length; j++) {
            assertEquals(want[j], got[j], 1e-6);
        }
        Path bare = dir.resolve("bare.safetensors");
        ModelFiles.save(net, bare);
        IOException e = assertThrows(IOException.class, () -> AudioEncoder.load(bare));
        assertTrue(e.getMessage().contains("bare.safetensors") && e.getMessage().contains("no encoder description"),
                e.getMessage());
        // described as something the weights are not
        EncoderDescription wide = new EncoderDescription(0.5, 0.34, 1, EfficientNetConfig.Pooling.AVG,
                LogMelPreset.COLA_PYTORCH, 24);
        Path lying = dir.resolve("lying.safetensors");
        ModelFiles.save(net, lying, wide.toMetadata());
        e = assertThrows(IOException.class, () -> AudioEncoder.load(lying));
        assertTrue(e.getMessage().contains("lying.safetensors") && e.getMessage().contains("do not fit"),
                e.getMessage());
    }

    @Test
    void aClipShorterThanAWindowGivesOnePaddedWindowAndAnEmptyOneIsAnError() {
        AudioClip shortClip = new AudioClip(tone(4, 0.3), 22050, 1);
        assertEquals(1, encoder.windowEmbeddings(shortClip).length);
        assertThrows(IllegalArgumentException.class, () -> encoder.embed(new AudioClip(new float[0], 16000, 1)));
    }
}

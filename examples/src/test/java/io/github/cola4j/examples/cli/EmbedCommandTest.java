package io.github.cola4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.audio.WavWriter;
import io.github.cola4j.cola.EncoderDescription;
import io.github.cola4j.cola.embed.AudioEncoder;
import io.github.cola4j.cola.embed.ClipEmbedding;
import io.github.cola4j.cola.embed.EmbeddingIndex;
import io.github.cola4j.examples.embed.EmbeddingFiles;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.io.ModelFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code embed} and {@code similar} on generated WAV files with a small described encoder. */
class EmbedCommandTest {
    @TempDir
    Path dir;

    private PipelineTestSupport.Run last;
    private Path audio;
    private Path encoderFile;

    private int run(String... args) {
        last = PipelineTestSupport.run(args);
        return last.code();
    }

    private static float[] tone(int seed, double seconds) {
        int rate = 22050;
        float[] x = new float[(int) (seconds * rate)];
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / rate;
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 120 * (1 + seed) * t)
                    + 0.2 * Math.sin(2 * Math.PI * 45 * (2 + seed % 3) * t) * Math.sin(2 * Math.PI * seed * t));
        }
        return x;
    }

    @BeforeEach
    void corpus() throws IOException {
        audio = dir.resolve("audio");
        for (int i = 0; i < 5; i++) {
            WavWriter.write(audio.resolve("g" + (i % 2) + "/clip" + i + ".wav"), tone(i, 1.2 + 0.3 * i), 22050);
        }
        // an exact copy of clip3 under another name, and a file that is no audio
        Files.copy(audio.resolve("g1/clip3.wav"), audio.resolve("g1/copy3.wav"));
        Files.writeString(audio.resolve("g0/broken.mp3"), "no frames here");
        EncoderDescription d = new EncoderDescription(0.25, 0.34, 1, EfficientNetConfig.Pooling.AVG,
                LogMelPreset.COLA_PYTORCH, 16);
        Randomness.seed(5);
        encoderFile = dir.resolve("encoder.safetensors");
        ModelFiles.save(new EfficientNet(d.config(0)), encoderFile, d.toMetadata());
    }

    @Test
    void embedsAFolderSkippingBadFilesAndEachRowEqualsTheFileAlone() throws IOException {
        Path name = dir.resolve("out/emb");
        assertEquals(0, run("embed", "--encoder_path", encoderFile.toString(), "--mp3_path", audio.toString(),
                "--out", name.toString(), "--chunk", "3"), last.err());
        assertTrue(last.out().contains("6 embedded (0 from an earlier run), 1 bad"), last.out());
        assertTrue(last.out().contains("broken.mp3"), last.out());
        EmbeddingFiles.Table t = EmbeddingFiles.read(name);
        assertEquals(6, t.rows().size());
        AudioEncoder enc = AudioEncoder.load(encoderFile);
        assertEquals(enc.dimension(), t.dimension());
        assertFalse(Files.exists(EmbeddingFiles.parts(name)), "the chunks are removed once merged");
        for (int r = 0; r < t.rows().size(); r++) {
            Path f = Path.of(t.rows().get(r).path());
            assertTrue(f.startsWith(audio), f.toString());
            float[] alone = enc.embed(f);
            for (int j = 0; j < alone.length; j++) {
                assertEquals(alone[j], t.embeddings()[r * t.dimension() + j], 1e-5, f + " value " + j);
            }
        }
        // rows in path order, with their lengths
        List<String> names = t.rows().stream().map(r -> Path.of(r.path()).getFileName().toString()).toList();
        assertEquals(List.of("clip0.wav", "clip2.wav", "clip4.wav", "clip1.wav", "clip3.wav", "copy3.wav"), names);
        assertEquals(1.2, t.rows().get(0).seconds(), 1e-3);
    }

    @Test
    void anInterruptedRunResumesFromItsFinishedChunks() throws IOException {
        Path name = dir.resolve("emb");
        List<Path> files = EmbedCommand.inputs(audio);
        assertEquals(7, files.size());
        // chunk 0 (files 0-2) finished earlier, with values no encoder gives: they must be taken as they are
        AudioEncoder enc = AudioEncoder.load(encoderFile);
        List<ClipEmbedding> earlier = enc.embedAll(files.subList(0, 3));
        float[] marked = new float[enc.dimension()];
        java.util.Arrays.fill(marked, 7f);
        // the first file in path order is the broken one: the first embedded row is the chunk's second file
        assertFalse(earlier.get(0).ok());
        ClipEmbedding first = earlier.get(1);
        earlier.set(1, new ClipEmbedding(first.file(), marked, first.windows(), first.seconds(), null));
        EmbeddingFiles.writePart(EmbeddingFiles.parts(name), 0, earlier);
        // chunk 1 on disk covers other files (the folder changed): it is computed again
        EmbeddingFiles.writePart(EmbeddingFiles.parts(name), 1, enc.embedAll(files.subList(0, 3)));
        assertEquals(0, run("embed", "--encoder_path", encoderFile.toString(), "--mp3_path", audio.toString(),
                "--out", name.toString(), "--chunk", "3"), last.err());
        assertTrue(last.out().contains("from an earlier run"), last.out());
        assertTrue(last.out().contains("(3 from an earlier run)"), last.out());
        EmbeddingFiles.Table t = EmbeddingFiles.read(name);
        assertEquals(6, t.rows().size());
        assertArrayEquals(marked, java.util.Arrays.copyOf(t.embeddings(), enc.dimension()));
    }

    @Test
    void similarFindsTheClipItselfThenItsCopy() throws IOException {
        Path name = dir.resolve("emb");
        assertEquals(0, run("embed", "--encoder_path", encoderFile.toString(), "--mp3_path", audio.toString(),
                "--out", name.toString()), last.err());
        Path clip3 = audio.resolve("g1/clip3.wav");
        assertEquals(0, run("similar", "--index", name.toString(), "--query", clip3.toString(), "-k", "3"),
                last.err());
        SimilarCommand s = last.commandLine().getSubcommands().get("similar").getCommand();
        List<EmbeddingIndex.Neighbour> hits = s.hits();
        assertEquals(3, hits.size());
        assertEquals(clip3.toString(), hits.get(0).key());
        assertEquals(audio.resolve("g1/copy3.wav").toString(), hits.get(1).key());
        assertEquals(1.0, hits.get(1).score(), 1e-5);
        assertTrue(last.out().lines().skip(1).findFirst().orElse("").contains("clip3.wav"), last.out());
        // by row number
        assertEquals(0, run("similar", "--index", name.toString(), "--query", "4", "-k", "2"), last.err());
        assertEquals(clip3.toString(), ((SimilarCommand) last.commandLine().getSubcommands().get("similar").getCommand()).hits()
                .get(0).key());
        // a file outside the set, embedded with the encoder: its copy in the set comes first
        Path outside = dir.resolve("elsewhere.wav");
        Files.copy(clip3, outside);
        assertEquals(0, run("similar", "--index", name.toString(), "--query", outside.toString(), "-k", "2",
                "--encoder_path", encoderFile.toString()), last.err());
        List<EmbeddingIndex.Neighbour> h = ((SimilarCommand) last.commandLine().getSubcommands().get("similar").getCommand()).hits();
        assertTrue(h.get(0).key().endsWith("3.wav") && h.get(0).score() > 0.99999, h.toString());
    }

    @Test
    void anOpenClRunGivesTheCpuEmbeddings() throws IOException {
        Path cpu = dir.resolve("cpu");
        Path cl = dir.resolve("cl");
        assertEquals(0, run("embed", "--encoder_path", encoderFile.toString(), "--mp3_path", audio.toString(),
                "--out", cpu.toString()), last.err());
        assertEquals(0, run("embed", "--encoder_path", encoderFile.toString(), "--mp3_path", audio.toString(),
                "--out", cl.toString(), "--backend", "opencl"), last.err());
        // in CI an OpenCL platform (PoCL) is installed, so this must really have run there
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertTrue(last.out().contains(" on opencl"), last.out());
        }
        float[] a = EmbeddingFiles.read(cpu).embeddings();
        float[] b = EmbeddingFiles.read(cl).embeddings();
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
            den += (double) a[i] * a[i];
        }
        assertTrue(Math.sqrt(num / den) <= 1e-4, "relative difference " + Math.sqrt(num / den));
    }

    @Test
    void badUsageAndMissingFiles() {
        assertEquals(1, run("embed", "--encoder_path", dir.resolve("none.safetensors").toString(), "--mp3_path",
                audio.toString()));
        assertTrue(last.err().contains("none.safetensors"), last.err());
        assertEquals(1, run("embed", "--encoder_path", encoderFile.toString(), "--mp3_path",
                dir.resolve("nothing").toString(), "--out", dir.resolve("e").toString()));
        assertTrue(last.err().contains("nothing: no such file or directory"), last.err());
        assertEquals(2, run("embed", "--encoder_path", encoderFile.toString(), "--mp3_path", audio.toString(),
                "--chunk", "0"));
        assertEquals(1, run("similar", "--index", dir.resolve("absent").toString(), "--query", "0"));
        assertTrue(last.err().contains("absent: no embedding set"), last.err());
    }
}

package io.github.cola4j.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.io.NpyArray;
import java.util.List;
import org.junit.jupiter.api.Test;

class LogMelPresetTest {

    private static void check(LogMelPreset preset, String signal) {
        float[] x = Fixtures.floats(signal + ".npy");
        String fixture = signal + "_" + preset.id().replace('-', '_') + ".npy";
        NpyArray want = Fixtures.npy(fixture);
        LogMelExtractor e = new LogMelExtractor(preset);
        float[] got = e.compute(x);
        assertArrayEquals(new long[] {e.frames(x.length), 64}, want.shape(), fixture);
        float[] w = want.floats();
        double worst = 0;
        for (int i = 0; i < w.length; i++) {
            worst = Math.max(worst, Math.abs(got[i] - w[i]));
        }
        System.out.printf("%s: max abs error %.2e%n", fixture, worst);
        assertTrue(worst <= 1e-3, fixture + " max abs error " + worst);
    }

    @Test
    void colaMatchesReference() {
        check(LogMelPreset.COLA, "sig_a");
        check(LogMelPreset.COLA, "sig_b");
    }

    @Test
    void colaPytorchMatchesReference() {
        check(LogMelPreset.COLA_PYTORCH, "sig_a");
        check(LogMelPreset.COLA_PYTORCH, "sig_b");
    }

    @Test
    void oneSecondGives98ColaFrames() {
        assertEquals(98, new LogMelExtractor(LogMelPreset.COLA).frames(16000));
        assertEquals(938, new LogMelExtractor(LogMelPreset.COLA_PYTORCH).frames(30 * 16000));
    }

    @Test
    void anEmptyClipHasNoFramesWithEitherPreset() {
        for (LogMelPreset p : LogMelPreset.values()) {
            LogMelExtractor e = new LogMelExtractor(p);
            assertEquals(0, e.frames(0), p.id());
            assertEquals(0, e.compute(new float[0]).length, p.id());
        }
    }

    @Test
    void parallelOverClipsEqualsSequential() {
        float[] a = Fixtures.floats("sig_a.npy");
        float[] b = Fixtures.floats("sig_b.npy");
        List<float[]> clips = List.of(a, b, a, b, b, a);
        for (LogMelPreset p : LogMelPreset.values()) {
            List<float[]> all = LogMelExtractor.computeAll(p, clips);
            LogMelExtractor e = new LogMelExtractor(p);
            for (int i = 0; i < clips.size(); i++) {
                assertArrayEquals(e.compute(clips.get(i)), all.get(i));
            }
        }
    }

    @Test
    void filesInParallelReportBadFilesWithoutStopping(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path bad = java.nio.file.Files.writeString(dir.resolve("bad.mp3"), "no audio here");
        java.nio.file.Path good = Fixtures.path("stereo_44k_192.mp3");
        List<LogMelExtractor.FileFeatures> r = LogMelExtractor.computeFiles(LogMelPreset.COLA,
                List.of(good, bad, good), 0.5);
        assertTrue(r.get(0).ok());
        assertEquals(48, r.get(0).frames());
        assertEquals(48 * 64, r.get(0).features().length);
        assertTrue(!r.get(1).ok());
        assertEquals(bad, r.get(1).error().file());
        assertArrayEquals(r.get(0).features(), r.get(2).features());
    }

    @Test
    void presetNames() {
        assertEquals(LogMelPreset.COLA, LogMelPreset.byName("cola"));
        assertEquals(LogMelPreset.COLA_PYTORCH, LogMelPreset.byName("cola-pytorch"));
        assertEquals(LogMelPreset.COLA_PYTORCH, LogMelPreset.byName("COLA_PYTORCH"));
    }
}

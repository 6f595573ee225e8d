package io.github.cola4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.io.Npy;
import io.github.cola4j.tensor.io.NpyArray;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class MelCommandTest {

    @TempDir
    Path dir;

    private static byte[] wav16(int rate, int n) {
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes()).putInt(36 + 2 * n).put("WAVE".getBytes());
        b.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate).putInt(2 * rate)
                .putShort((short) 2).putShort((short) 16);
        b.put("data".getBytes()).putInt(2 * n);
        for (int i = 0; i < n; i++) {
            b.putShort((short) (8000 * Math.sin(i * 0.07) + 300 * Math.sin(i * 1.3)));
        }
        return b.array();
    }

    private int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cl = Cola4jCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        return cl.execute(args);
    }

    @Test
    void writesFeatures() throws Exception {
        Path wav = Files.write(dir.resolve("a.wav"), wav16(22050, 22050));
        for (String preset : new String[] {"cola", "cola-pytorch"}) {
            Path out = dir.resolve(preset + ".npy");
            StringWriter o = new StringWriter();
            StringWriter e = new StringWriter();
            assertEquals(0, run(o, e, "mel", "--preset", preset, "--input", wav.toString(), "--output", out.toString()),
                    e.toString());
            NpyArray a = Npy.read(out);
            assertArrayEquals(new long[] {preset.equals("cola") ? 98 : 32, 64}, a.shape());
        }
        // without --preset: cola-pytorch, as audio-processing
        Path out = dir.resolve("default.npy");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        assertEquals(0, run(o, e, "mel", "--input", wav.toString(), "--output", out.toString()), e.toString());
        assertArrayEquals(new long[] {32, 64}, Npy.read(out).shape());
        assertTrue(o.toString().contains("(cola-pytorch)"), o.toString());
    }

    @Test
    void badInputGivesErrorAndNonZeroExit() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.mp3"), "not audio");
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        int code = run(o, e, "mel", "--preset", "cola", "--input", junk.toString(), "--output",
                dir.resolve("x.npy").toString());
        assertEquals(1, code);
        assertTrue(e.toString().startsWith("cola4j mel: " + junk + ": "), e.toString());
        assertEquals(1, e.toString().lines().count(), e.toString());
        StringWriter usage = new StringWriter();
        assertEquals(2, run(new StringWriter(), usage, "mel", "--preset", "nope", "--input", "a", "--output", "b"));
        assertEquals(2, usage.toString().lines().count(), usage.toString());
    }
}

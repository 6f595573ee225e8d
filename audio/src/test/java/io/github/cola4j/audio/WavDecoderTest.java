package io.github.cola4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavDecoderTest {

    @TempDir
    Path dir;

    /** A canonical WAV file: interleaved {@code samples} in [-1, 1). */
    static byte[] wav(int bits, boolean isFloat, int channels, int rate, float[] samples) {
        int bytes = bits / 8;
        ByteBuffer data = ByteBuffer.allocate(samples.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            if (isFloat) {
                data.putFloat(s);
            } else {
                long v = Math.round(s * Math.pow(2, bits - 1));
                for (int k = 0; k < bytes; k++) {
                    data.put((byte) (v >> (8 * k)));
                }
            }
        }
        ByteBuffer h = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        h.put("RIFF".getBytes()).putInt(36 + data.capacity()).put("WAVE".getBytes());
        h.put("fmt ".getBytes()).putInt(16).putShort((short) (isFloat ? 3 : 1)).putShort((short) channels)
                .putInt(rate).putInt(rate * channels * bytes).putShort((short) (channels * bytes)).putShort((short) bits);
        h.put("data".getBytes()).putInt(data.capacity());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(h.array());
        out.writeBytes(data.array());
        return out.toByteArray();
    }

    @ParameterizedTest
    @CsvSource({"16, false", "24, false", "32, false", "32, true"})
    void decodesPcmAndFloatStereoToMono(int bits, boolean isFloat) throws Exception {
        int n = 2000;
        float[] inter = new float[2 * n];
        for (int i = 0; i < n; i++) {
            inter[2 * i] = (float) (0.5 * Math.sin(i * 0.01));
            inter[2 * i + 1] = (float) (-0.25 * Math.cos(i * 0.03));
        }
        Path p = Files.write(dir.resolve("t.wav"), wav(bits, isFloat, 2, 22050, inter));
        AudioClip c = AudioDecoder.decode(p);
        assertEquals(22050, c.sampleRate());
        assertEquals(2, c.sourceChannels());
        assertEquals(n, c.samples().length);
        double tol = Math.max(1e-6, Math.pow(2, 1 - bits));
        for (int i = 0; i < n; i++) {
            assertEquals((inter[2 * i] + inter[2 * i + 1]) / 2, c.samples()[i], tol);
        }
        AudioClip head = AudioDecoder.decode(p, 0.05);
        assertEquals((int) Math.floor(0.05 * 22050), head.samples().length);
    }
}

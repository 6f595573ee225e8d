package io.github.cola4j.audio;

import io.github.cola4j.tensor.io.AtomicFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

/** Writes mono 16-bit PCM WAV files (atomically), which {@link AudioDecoder} reads back. */
public final class WavWriter {
    private WavWriter() {
    }

    /**
     * Writes a mono 16-bit PCM WAV file.
     *
     * @param file the file to write; replaced atomically if it exists
     * @param samples the signal, clamped to [-1, 1] and scaled to 16-bit integers
     * @param rate the sample rate in Hz
     * @throws IOException if the file cannot be written
     */
    public static void write(Path file, float[] samples, int rate) throws IOException {
        int n = samples.length;
        ByteBuffer b = ByteBuffer.allocate(44 + 2 * n).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {'R', 'I', 'F', 'F'}).putInt(36 + 2 * n).put(new byte[] {'W', 'A', 'V', 'E'});
        b.put(new byte[] {'f', 'm', 't', ' '}).putInt(16).putShort((short) 1).putShort((short) 1).putInt(rate)
                .putInt(2 * rate).putShort((short) 2).putShort((short) 16);
        b.put(new byte[] {'d', 'a', 't', 'a'}).putInt(2 * n);
        for (float s : samples) {
            b.putShort((short) Math.round(Math.max(-1, Math.min(1, s)) * 32767));
        }
        b.flip();
        AtomicFile.write(file, ch -> {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
    }
}

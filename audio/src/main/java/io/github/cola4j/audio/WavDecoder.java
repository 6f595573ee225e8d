package io.github.cola4j.audio;

import io.github.cola4j.audio.AudioDecodeException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/**
 * WAV decoding through the JDK's {@code javax.sound.sampled}: 8-bit unsigned, 16/24/32-bit signed PCM and
 * 32/64-bit float, any channel count, mixed down to mono. A data chunk that announces more frames than the
 * file holds is reported as truncated rather than silently shortened.
 */
final class WavDecoder {

    private WavDecoder() {
    }

    static AudioClip decode(Path file, byte[] data, double maxSeconds) throws AudioDecodeException {
        checkChunks(file, data);
        AudioInputStream in;
        try {
            in = AudioSystem.getAudioInputStream(new ByteArrayInputStream(data));
        } catch (UnsupportedAudioFileException e) {
            throw new AudioDecodeException(file, Reason.UNSUPPORTED, "unsupported or malformed WAV header: "
                    + e.getMessage(), e);
        } catch (IOException | RuntimeException e) {
            throw new AudioDecodeException(file, Reason.CORRUPT, "malformed WAV header: " + e, e);
        }
        AudioFormat fmt = in.getFormat();
        AudioFormat.Encoding enc = fmt.getEncoding();
        int channels = fmt.getChannels();
        int bits = fmt.getSampleSizeInBits();
        int frameSize = fmt.getFrameSize();
        float rateF = fmt.getSampleRate();
        int rate = Math.round(rateF);
        boolean pcmSigned = AudioFormat.Encoding.PCM_SIGNED.equals(enc);
        boolean pcmUnsigned = AudioFormat.Encoding.PCM_UNSIGNED.equals(enc);
        boolean pcmFloat = AudioFormat.Encoding.PCM_FLOAT.equals(enc);
        if (channels <= 0 || rate <= 0 || rateF != rate || frameSize != channels * ((bits + 7) / 8)
                || !(pcmSigned && (bits == 16 || bits == 24 || bits == 32)
                        || pcmUnsigned && bits == 8 || pcmFloat && (bits == 32 || bits == 64))) {
            throw new AudioDecodeException(file, Reason.UNSUPPORTED, "unsupported WAV sample format: " + fmt);
        }
        long announced = in.getFrameLength();
        long frames = announced;
        if (frames == AudioSystem.NOT_SPECIFIED || frames < 0) {
            throw new AudioDecodeException(file, Reason.CORRUPT, "WAV header gives no data length");
        }
        if (maxSeconds >= 0) {
            long limit = (long) Math.floor(maxSeconds * rate + 1e-9);
            if (limit == 0 && frames > 0) {
                throw new AudioDecodeException(file, Reason.EMPTY, "no samples to decode: " + maxSeconds
                        + " s is shorter than one sample at " + rate + " Hz");
            }
            frames = Math.min(frames, limit);
        }
        if (frames * frameSize > Integer.MAX_VALUE - 16) {
            throw new AudioDecodeException(file, Reason.TRUNCATED, "WAV header announces " + announced
                    + " frames, more than the file holds");
        }
        byte[] raw = new byte[(int) (frames * frameSize)];
        int got = 0;
        try {
            while (got < raw.length) {
                int r = in.read(raw, got, raw.length - got);
                if (r <= 0) {
                    break;
                }
                got += r;
            }
        } catch (IOException | RuntimeException e) {
            throw new AudioDecodeException(file, Reason.CORRUPT, "could not read WAV data: " + e, e);
        }
        if (got < raw.length) {
            throw new AudioDecodeException(file, Reason.TRUNCATED, "WAV header announces " + announced
                    + " frames but the data holds " + (got / frameSize));
        }
        if (frames == 0) {
            throw new AudioDecodeException(file, Reason.EMPTY, "WAV file has no samples");
        }
        int n = (int) frames;
        float[] mono = new float[n];
        int bytes = bits / 8;
        boolean big = fmt.isBigEndian();
        float g = 1f / channels;
        for (int i = 0, off = 0; i < n; i++) {
            float s = 0;
            for (int c = 0; c < channels; c++, off += bytes) {
                s += sample(raw, off, bytes, big, pcmFloat, pcmUnsigned);
            }
            mono[i] = s * g;
        }
        return new AudioClip(mono, rate, channels);
    }

    /**
     * Walks the RIFF chunks before the JDK sees them: the fmt chunk must be self-consistent (block align =
     * channels x bytes per sample, byte rate = rate x block align) and the data chunk must fit in the file.
     */
    private static void checkChunks(Path file, byte[] d) throws AudioDecodeException {
        int p = 12;
        int channels = -1;
        boolean sawData = false;
        while (p + 8 <= d.length) {
            String id = new String(d, p, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            long size = le32(d, p + 4);
            int body = p + 8;
            if (id.equals("fmt ")) {
                if (size < 16 || body + 16 > d.length) {
                    throw new AudioDecodeException(file, Reason.TRUNCATED, "fmt chunk is cut short");
                }
                int tagFormat = le16(d, body);
                channels = le16(d, body + 2);
                long rate = le32(d, body + 4);
                long byteRate = le32(d, body + 8);
                int align = le16(d, body + 12);
                int bits = le16(d, body + 14);
                if (channels <= 0 || rate <= 0 || bits <= 0) {
                    throw new AudioDecodeException(file, Reason.CORRUPT, "fmt chunk gives " + channels + " channels, "
                            + rate + " Hz, " + bits + " bits");
                }
                boolean extensible = tagFormat == 0xFFFE;
                int containerBytes = (bits + 7) / 8;
                if (!extensible && (align != channels * containerBytes || byteRate != rate * align)) {
                    throw new AudioDecodeException(file, Reason.CORRUPT, "inconsistent fmt chunk: " + channels
                            + " channels of " + bits + " bits need block align " + channels * containerBytes
                            + " and byte rate " + rate * channels * containerBytes + ", header says " + align
                            + " and " + byteRate);
                }
            } else if (id.equals("data")) {
                if (channels < 0) {
                    throw new AudioDecodeException(file, Reason.CORRUPT, "data chunk before fmt chunk");
                }
                if (body + size > d.length) {
                    throw new AudioDecodeException(file, Reason.TRUNCATED, "data chunk announces " + size
                            + " bytes but only " + (d.length - body) + " follow");
                }
                sawData = true;
                break;
            }
            p = (int) Math.min(Integer.MAX_VALUE, body + size + (size & 1));
        }
        if (!sawData) {
            throw new AudioDecodeException(file, channels < 0 ? Reason.TRUNCATED : Reason.EMPTY,
                    channels < 0 ? "no fmt chunk" : "no data chunk");
        }
    }

    private static int le16(byte[] d, int p) {
        return (d[p] & 0xff) | (d[p + 1] & 0xff) << 8;
    }

    private static long le32(byte[] d, int p) {
        return (d[p] & 0xffL) | (d[p + 1] & 0xffL) << 8 | (d[p + 2] & 0xffL) << 16 | (d[p + 3] & 0xffL) << 24;
    }

    private static float sample(byte[] b, int off, int bytes, boolean big, boolean isFloat, boolean unsigned) {
        long v = 0;
        if (big) {
            for (int k = 0; k < bytes; k++) {
                v = (v << 8) | (b[off + k] & 0xff);
            }
        } else {
            for (int k = bytes - 1; k >= 0; k--) {
                v = (v << 8) | (b[off + k] & 0xff);
            }
        }
        if (isFloat) {
            return bytes == 4 ? Float.intBitsToFloat((int) v) : (float) Double.longBitsToDouble(v);
        }
        if (unsigned) {
            return (v - 128) / 128f;
        }
        int shift = 64 - bytes * 8;
        long signed = (v << shift) >> shift;
        return (float) (signed / Math.pow(2, bytes * 8 - 1));
    }
}

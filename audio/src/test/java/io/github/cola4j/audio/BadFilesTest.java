package io.github.cola4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.audio.AudioDecodeException.Reason;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BadFilesTest {

    @TempDir
    Path dir;

    private static AudioDecodeException fails(Path p) {
        AudioDecodeException e = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(p)));
        assertEquals(p, e.file());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        return e;
    }

    @Test
    void zeroBytes() throws IOException {
        Path mp3 = Files.write(dir.resolve("empty.mp3"), new byte[0]);
        assertEquals(Reason.EMPTY, fails(mp3).reason());
        Path wav = Files.write(dir.resolve("empty.wav"), new byte[0]);
        assertEquals(Reason.EMPTY, fails(wav).reason());
    }

    private static void emptyWhenLimitedTo(Path p, double maxSeconds) {
        AudioDecodeException e = assertThrows(AudioDecodeException.class, () -> AudioDecoder.decode(p, maxSeconds),
                p + " limited to " + maxSeconds + " s");
        assertEquals(Reason.EMPTY, e.reason(), e.getMessage());
        assertEquals(p, e.file());
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
    }

    /** The first frame's Xing/Info tag overwritten: the frame then counts as audio and no LAME delay applies. */
    private static byte[] withoutLameTag(byte[] mp3) {
        byte[] out = mp3.clone();
        String text = new String(out, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = Math.max(text.indexOf("Xing"), text.indexOf("Info"));
        assertTrue(at > 0 && at < 4096, "no Xing/Info tag near the start");
        out[at] = 'X';
        out[at + 1] = 'X';
        out[at + 2] = 'X';
        out[at + 3] = 'X';
        return out;
    }

    @Test
    void maxSecondsBelowOneSampleFailsAsEmptyForWavAndMp3() throws IOException {
        Path wav = Files.write(dir.resolve("tone.wav"), WavDecoderTest.wav(16, false, 1, 8000, new float[4000]));
        Path lame = Fixtures.path("mono_44k_128.mp3");
        Path plain = Files.write(dir.resolve("plain.mp3"), withoutLameTag(Files.readAllBytes(lame)));
        for (Path p : new Path[] {wav, lame, plain}) {
            // the whole file and a one-sample prefix decode; less than one sample is no audio at all
            AudioClip whole = AudioDecoder.decode(p);
            assertTrue(whole.samples().length > 0, p.toString());
            assertEquals(1, AudioDecoder.decode(p, 1.0 / whole.sampleRate()).samples().length, p.toString());
            emptyWhenLimitedTo(p, 0);
            emptyWhenLimitedTo(p, 1e-6);
            AudioDecodeException lenient = assertThrows(AudioDecodeException.class,
                    () -> AudioDecoder.decodeAllowingTruncatedEnd(p, 0));
            assertEquals(Reason.EMPTY, lenient.reason());
        }
    }

    @Test
    void truncatedMp3() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.path("stereo_44k_192.mp3"));
        for (double keep : new double[] {0.6, 0.97}) {
            Path p = Files.write(dir.resolve("cut" + keep + ".mp3"), Arrays.copyOf(full, (int) (full.length * keep)));
            assertEquals(Reason.TRUNCATED, fails(p).reason());
        }
        // decoding only a prefix that lies before the cut still works
        Path p = dir.resolve("cut0.6.mp3");
        assertTrue(AudioDecoder.decode(p, 0.1).samples().length > 0);
        // and the lenient call gives the complete frames, matching the whole file's decode
        AudioClip whole = AudioDecoder.decode(Fixtures.path("stereo_44k_192.mp3"));
        AudioClip part = AudioDecoder.decodeAllowingTruncatedEnd(p, -1);
        assertTrue(part.samples().length > 0.5 * whole.samples().length, "" + part.samples().length);
        assertTrue(part.samples().length < 0.65 * whole.samples().length, "" + part.samples().length);
        for (int i = 0; i < part.samples().length - 1152; i++) {
            assertEquals(whole.samples()[i], part.samples()[i], 0f);
        }
    }

    @Test
    void randomBytesNamedMp3() throws IOException {
        Random r = new Random(42);
        for (int size : new int[] {1, 3, 100, 5000, 300_000}) {
            byte[] junk = new byte[size];
            r.nextBytes(junk);
            Path p = Files.write(dir.resolve("junk" + size + ".mp3"), junk);
            Reason reason = fails(p).reason();
            assertTrue(reason == Reason.NOT_AUDIO || reason == Reason.EMPTY, reason.toString());
        }
        Path text = Files.writeString(dir.resolve("notes.mp3"), "just some text, not audio\n".repeat(100));
        assertEquals(Reason.NOT_AUDIO, fails(text).reason());
    }

    @Test
    void wavWithLyingHeader() throws IOException {
        byte[] good = WavDecoderTest.wav(16, false, 1, 8000, new float[4000]);
        // data chunk claims twice the bytes that follow
        byte[] lying = good.clone();
        ByteBuffer b = ByteBuffer.wrap(lying).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(40, 16000);
        Path p = Files.write(dir.resolve("lying.wav"), lying);
        assertEquals(Reason.TRUNCATED, fails(p).reason());
        // header says 7 channels with a block size that cannot hold them
        byte[] odd = good.clone();
        ByteBuffer.wrap(odd).order(ByteOrder.LITTLE_ENDIAN).putShort(22, (short) 7);
        fails(Files.write(dir.resolve("odd.wav"), odd));
        // a RIFF/WAVE header and nothing else
        fails(Files.write(dir.resolve("header-only.wav"), Arrays.copyOf(good, 20)));
    }

    @Test
    void damagedMp3sDecodeOrFailWithTheTypedErrorButNeverHang() throws IOException {
        byte[] good = Files.readAllBytes(Fixtures.path("stereo_44k_192.mp3"));
        Random r = new Random(7);
        int decoded = 0;
        for (int trial = 0; trial < 60; trial++) {
            byte[] bad = good.clone();
            int flips = 1 + r.nextInt(40);
            for (int k = 0; k < flips; k++) {
                bad[r.nextInt(bad.length)] = (byte) r.nextInt(256);
            }
            byte[] cut = trial % 3 == 0 ? Arrays.copyOf(bad, 1 + r.nextInt(bad.length)) : bad;
            Path p = Files.write(dir.resolve("damaged" + trial + ".mp3"), cut);
            boolean ok = assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                try {
                    AudioClip c = AudioDecoder.decode(p);
                    for (float v : c.samples()) {
                        assertTrue(Float.isFinite(v));
                    }
                    return true;
                } catch (AudioDecodeException e) {
                    assertEquals(p, e.file());
                    return false;
                }
            });
            decoded += ok ? 1 : 0;
        }
        System.out.println("damaged MP3s: " + decoded + " of 60 decoded, the rest gave AudioDecodeException");
    }
}

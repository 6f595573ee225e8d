package io.github.cola4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Mp3DecoderTest {

    /** Signal-to-noise ratio of {@code got} against {@code ref} at the best lag in [-maxLag, maxLag]. */
    static double[] snrAtBestLag(float[] got, float[] ref, int maxLag) {
        double best = Double.NEGATIVE_INFINITY;
        int bestLag = 0;
        for (int lag = -maxLag; lag <= maxLag; lag++) {
            double sig = 0;
            double err = 0;
            for (int i = 0; i < ref.length; i++) {
                int j = i + lag;
                float g = j >= 0 && j < got.length ? got[j] : 0f;
                sig += (double) ref[i] * ref[i];
                err += (double) (g - ref[i]) * (g - ref[i]);
            }
            double snr = 10 * Math.log10(sig / Math.max(err, 1e-30));
            if (snr > best) {
                best = snr;
                bestLag = lag;
            }
        }
        return new double[] {best, bestLag};
    }

    @ParameterizedTest
    @CsvSource({
        "mono_44k_128.mp3, 44100, 1",
        "stereo_44k_192.mp3, 44100, 2",
        "mpeg2_22k_64.mp3, 22050, 2",
        "id3v2_16k_mono.mp3, 16000, 1",
        "mpeg25_8k_mono.mp3, 8000, 1",
        "short_44k_joint_80.mp3, 44100, 2",
        "ms_32k_96.mp3, 32000, 2",
        "short_24k_joint_64.mp3, 24000, 2",
        "short_48k_mono_64.mp3, 48000, 1",
    })
    void matchesLameDecode(String name, int rate, int channels) throws Exception {
        AudioClip clip = AudioDecoder.decode(Fixtures.path(name));
        float[] ref = Fixtures.floats(name.replace(".mp3", "_ref.npy"));
        assertEquals(rate, clip.sampleRate());
        assertEquals(channels, clip.sourceChannels());
        double[] r = snrAtBestLag(clip.samples(), ref, 48);
        System.out.printf("%s: %d samples (lame: %d), SNR %.1f dB at lag %d%n", name, clip.samples().length,
                ref.length, r[0], (int) r[1]);
        assertTrue(r[0] >= 60, name + " SNR " + r[0]);
        // gapless: the LAME tag's encoder delay and padding are removed
        assertEquals(0, (int) r[1], name + " lag");
        assertEquals(ref.length, clip.samples().length, name + " length");
    }

    @ParameterizedTest
    @CsvSource({"stereo_44k_192.mp3", "short_44k_joint_80.mp3", "short_24k_joint_64.mp3", "mono_44k_128.mp3"})
    void vectorAndPlainSynthesisAgree(String name) throws Exception {
        byte[] data = java.nio.file.Files.readAllBytes(Fixtures.path(name));
        float[] plain = Mp3Decoder.decode(Fixtures.path(name), data, -1, false, false).samples();
        float[] vector = Mp3Decoder.decode(Fixtures.path(name), data, -1, false, true).samples();
        assertEquals(plain.length, vector.length);
        double max = 0;
        for (int i = 0; i < plain.length; i++) {
            max = Math.max(max, Math.abs(plain[i] - vector[i]));
        }
        System.out.printf("%s: plain vs %s synthesis, max difference %.2e%n", name,
                Dot.VECTOR ? "Vector API" : "plain (no Vector API)", max);
        assertTrue(max < 1e-5, name + " max difference " + max);
    }

    @ParameterizedTest
    @CsvSource({"stereo_44k_192.mp3, 0.25", "mpeg2_22k_64.mp3, 0.5", "mono_44k_128.mp3, 5"})
    void decodesOnlyTheRequestedPrefix(String name, double seconds) throws Exception {
        AudioClip whole = AudioDecoder.decode(Fixtures.path(name));
        AudioClip head = AudioDecoder.decode(Fixtures.path(name), seconds);
        int want = (int) Math.min(whole.samples().length, Math.floor(seconds * whole.sampleRate()));
        assertEquals(want, head.samples().length);
        for (int i = 0; i < want; i++) {
            assertEquals(whole.samples()[i], head.samples()[i], 0f);
        }
    }
}

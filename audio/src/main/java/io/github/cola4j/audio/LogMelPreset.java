package io.github.cola4j.audio;

import java.util.Locale;

/**
 * The two log-mel front-ends of COLA: that of the official COLA code and that of its PyTorch re-implementation
 * (see the module's README; {@code src/test/python/make_fixtures.py} computes both as the tests' reference). Both
 * take 16 kHz mono audio and give {@code [frames][64]} float32.
 */
public enum LogMelPreset {
    /**
     * The official COLA code: whole-clip L2 normalisation, tf.signal.stft framing (periodic Hann 400, hop 160,
     * FFT 1024, no centre padding), magnitude, TensorFlow mel matrix of 64 bands over 60-7800 Hz,
     * ln(clamp(x, 1e-5, 1e8)).
     */
    COLA("cola"),
    /**
     * The PyTorch re-implementation (librosa 0.8 defaults): periodic Hann 2048, hop 512, FFT 2048, centred with
     * reflect padding, power, Slaney mel scale with Slaney area normalisation, 64 bands over 0-8000 Hz,
     * power_to_db(ref = max, top_db = 80), then (x + 40) / 40.
     */
    COLA_PYTORCH("cola-pytorch");

    /** Sample rate the presets expect. */
    public static final int SAMPLE_RATE = 16000;
    /** Mel bands of both presets. */
    public static final int MELS = 64;

    private final String id;

    LogMelPreset(String id) {
        this.id = id;
    }

    /**
     * The name used on the command line ({@code cola}, {@code cola-pytorch}).
     *
     * @return the lower-case, hyphenated name; also what {@link #toString()} gives
     */
    public String id() {
        return id;
    }

    /**
     * The preset with the given command-line name (case-insensitive; underscores allowed).
     *
     * @param name a preset name such as {@code cola}, {@code COLA_PYTORCH} or {@code cola-pytorch}; not null
     * @return the matching preset
     * @throws IllegalArgumentException if no preset has that name
     */
    public static LogMelPreset byName(String name) {
        String n = name.toLowerCase(Locale.ROOT).replace('_', '-');
        for (LogMelPreset p : values()) {
            if (p.id.equals(n)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown preset '" + name + "' (known: cola, cola-pytorch)");
    }

    @Override
    public String toString() {
        return id;
    }
}

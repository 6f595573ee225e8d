package io.github.cola4j.examples.demo;

import java.util.List;
import java.util.SplittableRandom;

/**
 * Deterministic synthetic music in eight styles that differ the way genres do: tempo, drum patterns, swing,
 * instrument timbres (plucked strings, FM keys, square waves, detuned saws, distorted power chords, pads), harmony
 * (scales and chord types), note density, and noise and effects (vinyl crackle, bit crushing, echo, distortion).
 * Every clip draws its own tempo, key, progression, melody, mix and recording colour from a seed, and with some
 * probability borrows its drums or its lead instrument from another style, so that styles overlap and telling
 * them apart is not trivial. Output: mono float samples in [-1, 1].
 */
public final class MusicSynth {

    /** The style names, in class order. */
    public static final List<String> STYLES = List.of("ambient", "chiptune", "drum-and-bass", "folk", "hip-hop",
            "jazz", "rock", "techno");

    private static final int KICK = 1;
    private static final int SNARE = 2;
    private static final int HAT = 4;
    private static final int OPEN_HAT = 8;
    private static final int CLAP = 16;

    /** Drum patterns over 16 sixteenth notes (bit masks of the voices above), one per style. */
    private static final int[][] PATTERNS = {
        // ambient: almost nothing, a soft kick on 1
        {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
        // chiptune: driving kick/snare with noise hats on eighths
        {5, 0, 4, 0, 6, 0, 4, 0, 5, 0, 5, 0, 6, 0, 4, 4},
        // drum and bass: two-step breakbeat, fast hats
        {5, 4, 4, 4, 6, 4, 4, 4, 4, 4, 5, 4, 6, 4, 4, 4},
        // folk: no drums but a light shaker on eighths
        {4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0},
        // hip-hop: boom bap
        {5, 0, 4, 0, 6, 0, 4, 1, 4, 0, 5, 0, 6, 0, 4, 0},
        // jazz: ride pattern (open hats) with feathered kick and brush snare
        {8, 0, 0, 0, 8, 0, 2, 8, 8, 0, 0, 0, 8, 0, 2, 8},
        // rock: kick 1 and 3, snare 2 and 4, closed hats on eighths
        {5, 0, 4, 0, 6, 0, 4, 0, 5, 0, 5, 0, 6, 0, 4, 0},
        // techno: four on the floor, off-beat open hats, claps on 2 and 4
        {1, 0, 8, 0, 17, 0, 8, 0, 1, 0, 8, 0, 17, 0, 8, 4},
    };

    private static final int[] MAJOR = {0, 2, 4, 5, 7, 9, 11};
    private static final int[] MINOR = {0, 2, 3, 5, 7, 8, 10};
    private static final int[] DORIAN = {0, 2, 3, 5, 7, 9, 10};
    private static final int[] PENTA = {0, 3, 5, 7, 10};

    private enum Lead { PAD_BELL, SQUARE, REESE, PLUCK, KEYS, FM_PIANO, POWER, ACID }

    /** The sound of one style: tempo range, swing, scale, chord tones, density and effects. */
    private record Style(double bpmLo, double bpmHi, double swing, int[] scale, int[] chord, double notesPerBeat,
            Lead lead, double drumLevel, double crackle, double crush, double echo, double drive, double noise) {
    }

    private static final Style[] TABLE = {
        new Style(60, 80, 0, MAJOR, new int[] {0, 4, 7, 11, 14}, 0.5, Lead.PAD_BELL, 0.25, 0, 0, 0.55, 0, 0.002),
        new Style(135, 160, 0, MAJOR, new int[] {0, 4, 7}, 4, Lead.SQUARE, 0.8, 0, 0.6, 0, 0, 0.001),
        new Style(165, 180, 0, MINOR, new int[] {0, 3, 7}, 1, Lead.REESE, 1.0, 0, 0, 0.2, 0.2, 0.004),
        new Style(90, 120, 0, MAJOR, new int[] {0, 4, 7, 12}, 2, Lead.PLUCK, 0.2, 0, 0, 0.1, 0, 0.003),
        new Style(80, 95, 0.18, DORIAN, new int[] {0, 3, 7, 10}, 1, Lead.KEYS, 1.0, 0.5, 0, 0, 0.1, 0.004),
        new Style(110, 150, 0.3, DORIAN, new int[] {0, 4, 7, 10, 14}, 2, Lead.FM_PIANO, 0.5, 0, 0, 0.1, 0, 0.003),
        new Style(110, 140, 0, PENTA, new int[] {0, 7, 12}, 2, Lead.POWER, 0.9, 0, 0, 0.05, 0.8, 0.006),
        new Style(120, 135, 0, MINOR, new int[] {0, 3, 7}, 4, Lead.ACID, 1.0, 0, 0, 0.25, 0.3, 0.002),
    };

    private final int rate;

    /**
     * A synthesiser producing clips at {@code sampleRate}.
     *
     * @param sampleRate samples per second of every clip, in Hz (16000 for the COLA front ends)
     */
    public MusicSynth(int sampleRate) {
        this.rate = sampleRate;
    }

    /**
     * A clip of {@code seconds} seconds of style {@code style} (0..7), fully determined by {@code seed}.
     *
     * @param style the style's index in {@link #STYLES}, 0 to 7
     * @param seconds the clip's length in seconds
     * @param seed fixes tempo, key, progression, melody, mix and effects
     * @return a new array of {@code round(seconds * sampleRate)} mono samples in [-1, 1]
     */
    public float[] clip(int style, double seconds, long seed) {
        SplittableRandom r = new SplittableRandom(seed * 0x9E3779B97F4A7C15L + style);
        Style s = TABLE[style];
        int n = (int) Math.round(seconds * rate);
        float[] mix = new float[n];
        double bpm = s.bpmLo() + r.nextDouble() * (s.bpmHi() - s.bpmLo());
        double beat = 60.0 / bpm;
        double sixteenth = beat / 4;
        int key = 40 + r.nextInt(12); // MIDI note of the root, E2..D#3
        // a crossover clip borrows drums or lead from another style
        int[] pattern = PATTERNS[style].clone();
        Lead lead = s.lead();
        if (r.nextDouble() < 0.2) {
            pattern = PATTERNS[r.nextInt(PATTERNS.length)].clone();
        }
        if (r.nextDouble() < 0.2) {
            lead = TABLE[r.nextInt(TABLE.length)].lead();
        }
        // small pattern mutations
        for (int k = 0; k < 2; k++) {
            if (r.nextDouble() < 0.5) {
                int i = r.nextInt(16);
                pattern[i] ^= 1 << r.nextInt(3);
            }
        }
        double drumLevel = s.drumLevel() * (0.6 + 0.6 * r.nextDouble());
        double leadLevel = 0.5 + 0.5 * r.nextDouble();
        double bassLevel = 0.4 + 0.5 * r.nextDouble();
        double startOffset = r.nextDouble() * beat * 4;

        // chord progression: four chords of one bar each, degrees drawn from a style-typical set
        int[] degrees = {0, 3, 4, 5};
        int[] prog = new int[4];
        for (int i = 0; i < 4; i++) {
            prog[i] = i == 0 ? 0 : degrees[r.nextInt(degrees.length)];
        }
        double bar = beat * 4;

        // drums
        double t0 = -startOffset;
        for (int step = 0; ; step++) {
            double t = t0 + step * sixteenth + (step % 2 == 1 ? s.swing() * sixteenth : 0);
            if (t >= seconds) {
                break;
            }
            int hits = pattern[step % 16];
            if (r.nextDouble() < 0.05) {
                hits |= HAT;
            }
            double vel = drumLevel * (0.8 + 0.4 * r.nextDouble());
            if ((hits & KICK) != 0) {
                kick(mix, t, vel, r);
            }
            if ((hits & SNARE) != 0) {
                snare(mix, t, vel * 0.7, style == 5 ? 0.12 : 0.2, r);
            }
            if ((hits & HAT) != 0) {
                hat(mix, t, vel * 0.3, 0.04, r);
            }
            if ((hits & OPEN_HAT) != 0) {
                hat(mix, t, vel * 0.25, 0.25, r);
            }
            if ((hits & CLAP) != 0) {
                clap(mix, t, vel * 0.5, r);
            }
        }

        // bass and harmony per bar
        for (int b = 0; ; b++) {
            double tb = t0 + b * bar;
            if (tb >= seconds) {
                break;
            }
            int root = key + degreeSemis(s.scale(), prog[b % 4]);
            // bass: roots on beats (walking line for jazz, eighths for rock and techno)
            int bassPerBar = style == 5 ? 4 : style == 6 || style == 7 ? 8 : style == 0 ? 1 : 2;
            for (int i = 0; i < bassPerBar; i++) {
                double tn = tb + i * bar / bassPerBar;
                int note = root - 12 + (style == 5 ? degreeSemis(s.scale(), r.nextInt(s.scale().length)) : 0);
                double dur = bar / bassPerBar * (style == 0 ? 1.0 : 0.8);
                bass(mix, tn, dur, midi(note), bassLevel * 0.5, style == 7 || lead == Lead.ACID, r);
            }
            // chords
            if (lead == Lead.PAD_BELL || lead == Lead.REESE || lead == Lead.KEYS || lead == Lead.FM_PIANO
                    || lead == Lead.POWER || lead == Lead.PLUCK) {
                int hitsPerBar = lead == Lead.PLUCK ? 8 : lead == Lead.POWER ? 8 : lead == Lead.KEYS ? 2 : 1;
                for (int h = 0; h < hitsPerBar; h++) {
                    double th = tb + h * bar / hitsPerBar + (lead == Lead.PLUCK ? 0.01 * r.nextDouble() : 0);
                    for (int c : s.chord()) {
                        double f = midi(root + 12 + c);
                        double dur = bar / hitsPerBar;
                        double lv = leadLevel * 0.12;
                        switch (lead) {
                            case PAD_BELL, REESE -> pad(mix, th, bar, f, lv * 0.8, r);
                            case PLUCK -> pluck(mix, th + 0.008 * c / 12.0, dur * 1.5, f, lv, r);
                            case KEYS, FM_PIANO -> fm(mix, th, dur * 0.9, f, lv, lead == Lead.KEYS ? 1.0 : 2.5);
                            case POWER -> saw(mix, th, dur * 0.95, f, lv * 0.8, 3);
                            default -> { }
                        }
                    }
                }
            }
        }

        // melody
        double perBeat = s.notesPerBeat() * (0.75 + 0.5 * r.nextDouble());
        double step = beat / perBeat;
        int degree = r.nextInt(s.scale().length);
        for (double t = t0; t < seconds; t += step) {
            if (r.nextDouble() < (lead == Lead.PAD_BELL ? 0.5 : 0.25)) {
                continue; // rest
            }
            degree = Math.floorMod(degree + r.nextInt(5) - 2, s.scale().length * 2);
            int note = key + 24 + degreeSemis(s.scale(), degree);
            double f = midi(note);
            double dur = step * (0.6 + 0.4 * r.nextDouble());
            double lv = leadLevel * 0.18;
            switch (lead) {
                case PAD_BELL -> fm(mix, t, dur * 3, f * 2, lv * 0.7, 3.5);
                case SQUARE -> square(mix, t, dur, f, lv * 0.6);
                case REESE -> saw(mix, t, dur, f / 2, lv * 0.5, 1);
                case PLUCK -> pluck(mix, t, dur * 2, f, lv * 1.2, r);
                case KEYS -> fm(mix, t, dur, f, lv, 1.0);
                case FM_PIANO -> fm(mix, t, dur, f, lv, 2.5);
                case POWER -> saw(mix, t, dur, f, lv * 0.7, 5);
                case ACID -> acid(mix, t, dur, f / 2, lv, r);
            }
        }

        // effects and recording colour
        if (s.echo() > 0) {
            echo(mix, beat * (r.nextBoolean() ? 0.75 : 0.5), s.echo() * (0.7 + 0.5 * r.nextDouble()));
        }
        double drive = s.drive() * (0.5 + r.nextDouble());
        double gain = 0.5 + 0.6 * r.nextDouble();
        double lowpass = 2000 + r.nextDouble() * 6000;
        double a = Math.exp(-2 * Math.PI * lowpass / rate);
        double crushLevels = s.crush() > 0 ? 8 + r.nextInt(24) : 0;
        double noise = s.noise() * (0.5 + 2 * r.nextDouble());
        double crackle = s.crackle() * (0.5 + r.nextDouble());
        double lp = 0;
        double peak = 1e-9;
        for (int i = 0; i < n; i++) {
            double x = mix[i];
            if (drive > 0) {
                x = Math.tanh(x * (1 + 6 * drive)) / (1 + drive);
            }
            if (crushLevels > 0) {
                x = Math.round(x * crushLevels) / crushLevels;
            }
            lp = (1 - a) * x + a * lp;
            x = lp + noise * r.nextGaussian();
            if (crackle > 0 && r.nextDouble() < 0.0015) {
                x += crackle * 0.3 * (r.nextDouble() - 0.5);
            }
            mix[i] = (float) x;
            peak = Math.max(peak, Math.abs(x));
        }
        double norm = gain * 0.9 / Math.max(peak, 0.05);
        for (int i = 0; i < n; i++) {
            mix[i] = (float) Math.max(-1, Math.min(1, mix[i] * norm));
        }
        return mix;
    }

    private static int degreeSemis(int[] scale, int degree) {
        int octave = Math.floorDiv(degree, scale.length);
        return scale[Math.floorMod(degree, scale.length)] + 12 * octave;
    }

    private static double midi(int note) {
        return 440 * Math.pow(2, (note - 69) / 12.0);
    }

    private int from(double t) {
        return (int) Math.round(t * rate);
    }

    private void kick(float[] out, double t, double v, SplittableRandom r) {
        int s = from(t);
        int len = (int) (0.25 * rate);
        double phase = 0;
        double f0 = 120 + 60 * r.nextDouble();
        for (int i = Math.max(0, -s); i < len && s + i < out.length; i++) {
            double tt = i / (double) rate;
            double f = 45 + f0 * Math.exp(-tt * 30);
            phase += 2 * Math.PI * f / rate;
            out[s + i] += (float) (v * Math.sin(phase) * Math.exp(-tt * 14));
        }
    }

    private void snare(float[] out, double t, double v, double decay, SplittableRandom r) {
        int s = from(t);
        int len = (int) (decay * 1.5 * rate);
        for (int i = Math.max(0, -s); i < len && s + i < out.length; i++) {
            double tt = i / (double) rate;
            double env = Math.exp(-tt / decay * 4);
            out[s + i] += (float) (v * env * (0.7 * r.nextGaussian() * 0.5 + 0.4 * Math.sin(2 * Math.PI * 185 * tt)));
        }
    }

    private void hat(float[] out, double t, double v, double decay, SplittableRandom r) {
        int s = from(t);
        int len = (int) (decay * 2 * rate);
        double prev = 0;
        for (int i = Math.max(0, -s); i < len && s + i < out.length; i++) {
            double tt = i / (double) rate;
            double x = r.nextGaussian();
            double hp = x - prev; // crude high-pass
            prev = x;
            out[s + i] += (float) (v * 0.5 * hp * Math.exp(-tt / decay * 3));
        }
    }

    private void clap(float[] out, double t, double v, SplittableRandom r) {
        for (int k = 0; k < 3; k++) {
            snare(out, t + k * 0.012, v * 0.6, 0.08, r);
        }
    }

    private void bass(float[] out, double t, double dur, double f, double v, boolean saw, SplittableRandom r) {
        int s = from(t);
        int len = (int) (dur * rate);
        double lp = 0;
        double a = Math.exp(-2 * Math.PI * 400 / rate);
        for (int i = Math.max(0, -s); i < len && s + i < out.length; i++) {
            double tt = i / (double) rate;
            double ph = f * tt;
            double x = saw ? 2 * (ph - Math.floor(ph + 0.5)) : Math.sin(2 * Math.PI * ph);
            lp = (1 - a) * x + a * lp;
            double env = Math.min(1, tt * 200) * Math.min(1, (len - i) / (0.01 * rate));
            out[s + i] += (float) (v * (saw ? lp * 1.5 : x) * env);
        }
    }

    private void pad(float[] out, double t, double dur, double f, double v, SplittableRandom r) {
        int s = from(t);
        int len = (int) (dur * rate);
        double det = 1 + 0.004 + 0.004 * r.nextDouble();
        double lp = 0;
        double a = Math.exp(-2 * Math.PI * 900 / rate);
        for (int i = Math.max(0, -s); i < len && s + i < out.length; i++) {
            double tt = i / (double) rate;
            double p1 = f * tt;
            double p2 = f * det * tt;
            double x = (p1 - Math.floor(p1 + 0.5)) + (p2 - Math.floor(p2 + 0.5));
            lp = (1 - a) * x + a * lp;
            double env = Math.min(1, tt / (0.3 * dur)) * Math.min(1, (len - i) / (0.3 * dur * rate));
            out[s + i] += (float) (v * lp * env);
        }
    }

    private void pluck(float[] out, double t, double dur, double f, double v, SplittableRandom r) {
        int s = from(t);
        int len = (int) (dur * rate);
        int period = Math.max(2, (int) Math.round(rate / f));
        double[] buf = new double[period];
        for (int i = 0; i < period; i++) {
            buf[i] = r.nextDouble() * 2 - 1;
        }
        int idx = 0;
        for (int i = Math.max(0, -s); i < len && s + i < out.length; i++) {
            double x = buf[idx];
            int next = (idx + 1) % period;
            buf[idx] = 0.996 * 0.5 * (buf[idx] + buf[next]);
            idx = next;
            out[s + i] += (float) (v * x);
        }
    }

    private void fm(float[] out, double t, double dur, double f, double v, double index) {
        int s = from(t);
        int len = (int) (dur * rate);
        for (int i = Math.max(0, -s); i < len && s + i < out.length; i++) {
            double tt = i / (double) rate;
            double env = Math.exp(-tt * 3 / dur) * Math.min(1, tt * 300);
            double mod = index * env * Math.sin(2 * Math.PI * f * 2 * tt);
            out[s + i] += (float) (v * env * Math.sin(2 * Math.PI * f * tt + mod));
        }
    }

    private void square(float[] out, double t, double dur, double f, double v) {
        int s = from(t);
        int len = (int) (dur * rate);
        for (int i = Math.max(0, -s); i < len && s + i < out.length; i++) {
            double ph = f * i / (double) rate;
            double x = (ph - Math.floor(ph)) < 0.5 ? 1 : -1;
            double env = Math.min(1, (len - i) / (0.005 * rate));
            out[s + i] += (float) (v * x * env);
        }
    }

    private void saw(float[] out, double t, double dur, double f, double v, double drive) {
        int s = from(t);
        int len = (int) (dur * rate);
        for (int i = Math.max(0, -s); i < len && s + i < out.length; i++) {
            double ph = f * i / (double) rate;
            double ph2 = f * 1.005 * i / (double) rate;
            double x = (ph - Math.floor(ph + 0.5)) + (ph2 - Math.floor(ph2 + 0.5));
            x = Math.tanh(drive * x);
            double env = Math.min(1, i / (0.005 * rate)) * Math.min(1, (len - i) / (0.01 * rate));
            out[s + i] += (float) (v * x * env);
        }
    }

    private void acid(float[] out, double t, double dur, double f, double v, SplittableRandom r) {
        int s = from(t);
        int len = (int) (dur * rate);
        double cutoff = 300 + 2500 * r.nextDouble();
        double lp1 = 0;
        double lp2 = 0;
        for (int i = Math.max(0, -s); i < len && s + i < out.length; i++) {
            double tt = i / (double) rate;
            double ph = f * tt;
            double x = 2 * (ph - Math.floor(ph + 0.5));
            double fc = 100 + cutoff * Math.exp(-tt * 12);
            double a = Math.exp(-2 * Math.PI * fc / rate);
            lp1 = (1 - a) * x + a * lp1;
            lp2 = (1 - a) * lp1 + a * lp2;
            double y = lp2 + 0.8 * (lp1 - lp2); // a little resonance-like emphasis
            out[s + i] += (float) (v * 1.5 * y * Math.min(1, (len - i) / (0.005 * rate)));
        }
    }

    private void echo(float[] out, double delay, double feedback) {
        int d = (int) (delay * rate);
        double fb = Math.min(0.7, feedback);
        for (int i = d; i < out.length; i++) {
            out[i] += (float) (fb * out[i - d]);
        }
    }
}

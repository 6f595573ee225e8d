package io.github.cola4j.audio;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Band-limited sample-rate conversion by a rational factor L/M (the two rates divided by their greatest
 * common divisor), as a polyphase windowed-sinc filter.
 *
 * <p>The low-pass filter is a Kaiser-windowed sinc designed at the up-sampled rate: pass band up to
 * 0.9 x the lower of the two Nyquist frequencies, stop band from that Nyquist frequency on, 90 dB design
 * attenuation. Pass-band ripple is then far below 0.01 dB and everything that would alias (down-sampling) or
 * image (up-sampling) is at least 80 dB down; {@code ResamplerTest} measures both on sines. Output sample
 * {@code n} is the input at time {@code n * from / to}, so the filter adds no delay.
 *
 * <p>Instances are immutable and safe to share between threads; {@link #of} caches them.
 */
public final class Resampler {

    /** Design stop-band attenuation in dB. */
    public static final double ATTENUATION_DB = 90;
    /** Pass-band edge as a fraction of the lower Nyquist frequency. */
    public static final double PASS_FRACTION = 0.9;

    private static final Map<Long, Resampler> CACHE = new ConcurrentHashMap<>();

    private final int from;
    private final int to;
    private final int up;
    private final int down;
    /** Taps per phase. */
    private final int taps;
    /** Index of the input sample that the first tap of a phase multiplies, relative to floor(n*M/L). */
    private final int lead;
    /** table[phase * taps + m] multiplies x[floor(n*M/L) - lead + m]. */
    private final float[] table;

    private Resampler(int from, int to) {
        if (from <= 0 || to <= 0) {
            throw new IllegalArgumentException("sample rates must be positive: " + from + " -> " + to);
        }
        this.from = from;
        this.to = to;
        int g = gcd(from, to);
        this.up = to / g;
        this.down = from / g;
        if (up == 1 && down == 1) {
            taps = 1;
            lead = 0;
            table = new float[] {1f};
            return;
        }
        double fu = (double) from * up; // the up-sampled rate
        double nyquist = Math.min(from, to) / 2.0;
        double pass = PASS_FRACTION * nyquist;
        double cutoff = (pass + nyquist) / 2 / fu; // cycles per up-sampled sample
        double transition = (nyquist - pass) / fu;
        double length = (ATTENUATION_DB - 7.95) / (2.285 * 2 * Math.PI * transition);
        double half = Math.ceil(length / 2);
        double beta = 0.1102 * (ATTENUATION_DB - 8.7);
        double i0beta = besselI0(beta);
        int k2 = (int) Math.ceil(half / up) + 1;
        this.lead = k2;
        // rows padded with zero taps to a multiple of 32 floats so the vector loop has no scalar tail
        this.taps = (2 * k2 + 1 + 31) / 32 * 32;
        if ((long) up * taps > 64L << 20) {
            throw new IllegalArgumentException("rate ratio " + to + "/" + from + " needs too large a filter table");
        }
        this.table = new float[up * taps];
        double[] row = new double[taps];
        for (int phase = 0; phase < up; phase++) {
            double sum = 0;
            for (int m = 0; m < taps; m++) {
                // x index floor(u/L) - k2 + m sits at offset t = (k2 - m) * L + phase up-sampled samples before u
                double t = (double) (k2 - m) * up + phase;
                double v = 0;
                if (Math.abs(t) <= half) {
                    double r = t / half;
                    double w = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0beta;
                    double x = 2 * cutoff * t;
                    double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
                    v = 2 * cutoff * sinc * w;
                }
                row[m] = v;
                sum += v;
            }
            for (int m = 0; m < taps; m++) {
                table[phase * taps + m] = (float) (row[m] / sum);
            }
        }
    }

    /**
     * A resampler from one rate to another (cached).
     *
     * @param from the input sample rate in Hz, at least 1
     * @param to the output sample rate in Hz, at least 1
     * @return the shared resampler for this pair of rates
     * @throws IllegalArgumentException if a rate is below 1, or their reduced ratio needs a filter table of more
     *     than 64 Mi floats
     */
    public static Resampler of(int from, int to) {
        return CACHE.computeIfAbsent(((long) from << 32) | (to & 0xffffffffL), k -> new Resampler(from, to));
    }

    /**
     * Resamples {@code x} from one rate to another.
     *
     * @param x the input samples, at {@code from} Hz; not modified
     * @param from the input sample rate in Hz, at least 1
     * @param to the output sample rate in Hz, at least 1
     * @return a new array of {@code ceil(x.length * to / from)} samples at {@code to} Hz
     * @throws IllegalArgumentException as {@link #of(int, int)}
     */
    public static float[] resample(float[] x, int from, int to) {
        return of(from, to).process(x);
    }

    /**
     * The input sample rate, in Hz.
     *
     * @return the rate this resampler converts from, in Hz
     */
    public int fromRate() {
        return from;
    }

    /**
     * The output sample rate, in Hz.
     *
     * @return the rate this resampler converts to, in Hz
     */
    public int toRate() {
        return to;
    }

    /**
     * Filter taps applied per output sample (including zero padding to a multiple of 32).
     *
     * @return the taps per polyphase row: 1 when the two rates are equal, otherwise a multiple of 32
     */
    public int tapsPerOutput() {
        return taps;
    }

    /**
     * Number of output samples for {@code n} input samples: ceil(n * to / from).
     *
     * @param n the input length in samples, 0 or more
     * @return the length {@link #process(float[])} gives for that input
     */
    public int outputLength(int n) {
        return (int) (((long) n * up + down - 1) / down);
    }

    /**
     * Resamples a whole signal (samples outside it count as zero).
     *
     * @param x the input samples at {@link #fromRate()}; not modified
     * @return a new array of {@link #outputLength(int) outputLength(x.length)} samples at {@link #toRate()}
     *     (a copy when the rates are equal)
     */
    public float[] process(float[] x) {
        int n = x.length;
        float[] y = new float[outputLength(n)];
        if (up == 1 && down == 1) {
            System.arraycopy(x, 0, y, 0, n);
            return y;
        }
        final float[] tab = table;
        final int t = taps;
        for (int i = 0; i < y.length; i++) {
            long u = (long) i * down;
            int k0 = (int) (u / up);
            int phase = (int) (u - (long) k0 * up);
            int base = k0 - lead;
            int off = phase * t;
            if (base >= 0 && base + t <= n) {
                y[i] = Dot.dot(x, base, tab, off, t);
            } else {
                float acc = 0;
                int mStart = Math.max(0, -base);
                int mEnd = Math.min(t, n - base);
                for (int m = mStart; m < mEnd; m++) {
                    acc += x[base + m] * tab[off + m];
                }
                y[i] = acc;
            }
        }
        return y;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int r = a % b;
            a = b;
            b = r;
        }
        return a;
    }

    /** Modified Bessel function of the first kind, order 0 (power series). */
    static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}

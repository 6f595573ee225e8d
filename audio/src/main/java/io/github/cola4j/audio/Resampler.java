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
 * <p>With the Vector API ({@code --add-modules jdk.incubator.vector}) the outputs are computed 16 at a time:
 * the phases and input offsets of 16 consecutive outputs repeat every {@code lcm(L, 16)} outputs, so each such
 * block has a precomputed table {@code [span][16]} (the 16 filter rows, transposed and shifted to a common
 * input window of {@code span} samples), and a block is {@code span} vector multiply-adds of a broadcast input
 * sample with a table row, four blocks one period apart at a time. There is no horizontal sum, and only about
 * 12 % more multiply-adds than one dot product per output. Without the Vector API, near the ends of the signal,
 * and for ratios whose block tables would exceed 4 Mi floats, each output is one dot
 * product with its filter row.
 *
 * <p>Instances are immutable and safe to share between threads; {@link #of} caches them.
 */
public final class Resampler {

    /** Design stop-band attenuation in dB. */
    public static final double ATTENUATION_DB = 90;
    /** Pass-band edge as a fraction of the lower Nyquist frequency. */
    public static final double PASS_FRACTION = 0.9;

    /** Outputs computed together on the block path. */
    static final int BLOCK = 16;
    /** Largest block table (floats) built; ratios that need more use one dot product per output. */
    static final int MAX_BLOCK_TABLE = 4 << 20;

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
    /** Block path: distinct blocks of {@link #BLOCK} outputs per repeat ({@code lcm(up, BLOCK) / BLOCK}); 0 if off. */
    private final int blocks;
    /** Block path: input samples one block reads. */
    private final int span;
    /** Block path: input samples between a block and the block {@code blocks} later. */
    private final int blockStride;
    /** Block path: per block, the input offset of its window relative to the first output's {@code base}. */
    private final int[] blockShift;
    /** Block path: per block, {@code [span][BLOCK]} weights; {@code null} when the block path is off. */
    private final float[] blockTable;

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
            blocks = 0;
            span = 0;
            blockStride = 0;
            blockShift = null;
            blockTable = null;
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
        // block tables: block j (outputs j*BLOCK ...) has output lane l at base(j*BLOCK + l) = base(j*BLOCK) + d_l
        int realTaps = 2 * k2 + 1;
        int nBlocks = up / gcd(up, BLOCK);
        int maxShift = 0;
        int[] shift = new int[nBlocks];
        for (int j = 0; j < nBlocks; j++) {
            long u0 = (long) j * BLOCK * down;
            long u15 = u0 + (long) (BLOCK - 1) * down;
            maxShift = (int) Math.max(maxShift, u15 / up - u0 / up);
            shift[j] = (int) (u0 / up);
        }
        int sp = realTaps + maxShift;
        if (!Dot.VECTOR || !VectorResample.fits() || (long) nBlocks * sp * BLOCK > MAX_BLOCK_TABLE) {
            blocks = 0;
            span = 0;
            blockStride = 0;
            blockShift = null;
            blockTable = null;
            return;
        }
        float[] bt = new float[nBlocks * sp * BLOCK];
        for (int j = 0; j < nBlocks; j++) {
            for (int l = 0; l < BLOCK; l++) {
                long u = ((long) j * BLOCK + l) * down;
                int d = (int) (u / up) - shift[j];
                int phase = (int) (u % up);
                for (int m = 0; m < realTaps; m++) {
                    bt[(j * sp + d + m) * BLOCK + l] = table[phase * taps + m];
                }
            }
        }
        blocks = nBlocks;
        span = sp;
        blockStride = (int) ((long) nBlocks * BLOCK * down / up);
        blockShift = shift;
        blockTable = bt;
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
        if (blockTable != null) {
            processBlocks(x, y);
        } else {
            outputs(x, y, 0, y.length);
        }
        return y;
    }

    /** Whether {@link #process} computes blocks of {@link #BLOCK} outputs on the Vector API for this ratio. */
    boolean blockPath() {
        return blockTable != null;
    }

    /** {@link #process} with one dot product per output (the path without the Vector API), for tests. */
    float[] processPerOutput(float[] x) {
        float[] y = new float[outputLength(x.length)];
        if (up == 1 && down == 1) {
            System.arraycopy(x, 0, y, 0, x.length);
            return y;
        }
        outputs(x, y, 0, y.length);
        return y;
    }

    /** Outputs {@code from .. to - 1}, one dot product each (zeros outside the signal). */
    private void outputs(float[] x, float[] y, int from, int to) {
        int n = x.length;
        final float[] tab = table;
        final int t = taps;
        for (int i = from; i < to; i++) {
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
    }

    /**
     * The block path: blocks of {@link #BLOCK} outputs whose input window lies inside the signal go to
     * {@link VectorResample}, four blocks one repeat apart at a time; the others to {@link #outputs}.
     */
    private void processBlocks(float[] x, float[] y) {
        int n = x.length;
        int total = y.length;
        int nb = blocks;
        int sp = span;
        int stride = blockStride;
        int fullBlocks = total / BLOCK;
        int repeats = (fullBlocks + nb - 1) / nb;
        final int q = 4;
        for (int r0 = 0; r0 < repeats; r0 += q) {
            for (int j = 0; j < nb; j++) {
                int b0 = r0 * nb + j; // block index of the first of up to q blocks
                if (b0 >= fullBlocks) {
                    break;
                }
                int in0 = blockShift[j] - lead + r0 * stride; // input window start of block b0
                int lastBlock = b0 + (q - 1) * nb;
                int lastIn = in0 + (q - 1) * stride;
                if (in0 >= 0 && lastBlock < fullBlocks && lastIn + sp <= n) {
                    VectorResample.blocks4(x, in0, stride, blockTable, j * sp * BLOCK, sp, y, b0 * BLOCK, nb * BLOCK);
                    continue;
                }
                for (int k = 0; k < q; k++) {
                    int b = b0 + k * nb;
                    int in = in0 + k * stride;
                    if (b >= fullBlocks) {
                        break;
                    }
                    if (in >= 0 && in + sp <= n) {
                        VectorResample.block(x, in, blockTable, j * sp * BLOCK, sp, y, b * BLOCK);
                    } else {
                        outputs(x, y, b * BLOCK, b * BLOCK + BLOCK);
                    }
                }
            }
        }
        outputs(x, y, fullBlocks * BLOCK, total);
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

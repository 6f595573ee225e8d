package io.github.cola4j.tensor;

/**
 * A small, fast, seeded random number generator (SplitMix64) whose whole state is three values, so a
 * training checkpoint can save and restore it exactly. Not thread-safe: give each thread its own.
 */
public final class Rng {
    private long state;
    private boolean hasSpare;
    private double spare;

    /**
     * A generator whose sequence is fixed by {@code seed}.
     *
     * @param seed any value; equal seeds give equal sequences
     */
    public Rng(long seed) {
        this.state = seed;
    }

    /**
     * The next 64 random bits.
     *
     * @return a uniformly distributed long, any value including negatives
     */
    public long nextLong() {
        long z = (state += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /**
     * Uniform in [0, 1).
     *
     * @return a double with 53 random bits, in [0, 1)
     */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /**
     * Uniform integer in [0, bound).
     *
     * @param bound the exclusive upper limit, at least 1
     * @return an int in [0, bound)
     * @throws IllegalArgumentException if {@code bound} is 0 or negative
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        return (int) ((nextLong() >>> 33) % bound);
    }

    /**
     * Standard normal (Box-Muller, both values used).
     *
     * @return a normal value with mean 0 and standard deviation 1
     */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1;
        do {
            u1 = nextDouble();
        } while (u1 <= 0);
        double u2 = nextDouble();
        double r = Math.sqrt(-2 * Math.log(u1));
        spare = r * Math.sin(2 * Math.PI * u2);
        hasSpare = true;
        return r * Math.cos(2 * Math.PI * u2);
    }

    /**
     * A tensor of uniform values in [lo, hi).
     *
     * @param dtype element type of the result
     * @param lo inclusive lower limit
     * @param hi exclusive upper limit
     * @param shape dimensions of the result; none gives a scalar
     * @return a new tensor on the default backend, filled in row-major order
     * @throws TensorException if a dimension is negative
     */
    public Tensor uniform(DType dtype, double lo, double hi, int... shape) {
        double[] v = new double[Shape.size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = lo + (hi - lo) * nextDouble();
        }
        return Tensor.of(dtype, v).reshape(shape);
    }

    /**
     * A tensor of normal values with the given mean and standard deviation.
     *
     * @param dtype element type of the result
     * @param mean mean of the distribution
     * @param std standard deviation of the distribution
     * @param shape dimensions of the result; none gives a scalar
     * @return a new tensor on the default backend, filled in row-major order
     * @throws TensorException if a dimension is negative
     */
    public Tensor normal(DType dtype, double mean, double std, int... shape) {
        double[] v = new double[Shape.size(shape)];
        for (int i = 0; i < v.length; i++) {
            v[i] = mean + std * nextGaussian();
        }
        return Tensor.of(dtype, v).reshape(shape);
    }

    /**
     * The complete state, for checkpoints.
     *
     * @return a new array of 3 values: the counter, whether a spare normal value is held, and its bits
     */
    public long[] state() {
        return new long[] {state, hasSpare ? 1 : 0, Double.doubleToRawLongBits(spare)};
    }

    /**
     * Restores a state returned by {@link #state()}.
     *
     * @param s the 3 values of a saved state; read, not kept
     * @throws IllegalArgumentException if {@code s} does not hold exactly 3 values
     */
    public void restore(long[] s) {
        if (s.length != 3) {
            throw new IllegalArgumentException("an Rng state has 3 values, got " + s.length);
        }
        state = s[0];
        hasSpare = s[1] != 0;
        spare = Double.longBitsToDouble(s[2]);
    }
}

package io.github.cola4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cola4j.tensor.Rng;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The vector sums of the batch-norm loops against the same sums in double, tails and offsets included. */
class VectorSumsProperties {

    @Property(tries = 60)
    void sumsMatchDoubleReference(@ForAll @IntRange(min = 0, max = 2000) int n,
            @ForAll @IntRange(min = 0, max = 17) int off, @ForAll long seed) {
        Rng r = new Rng(seed);
        float[] g = new float[off + n];
        float[] x = new float[off + n];
        for (int i = 0; i < g.length; i++) {
            g[i] = (float) r.nextGaussian();
            x[i] = (float) (3 + 2 * r.nextGaussian());
        }
        float mu = 3.1f;
        double s = 0;
        double sq = 0;
        double sg = 0;
        double sd = 0;
        double scale = 0;
        for (int i = off; i < off + n; i++) {
            s += x[i];
            sq += (x[i] - mu) * (double) (x[i] - mu);
            sg += g[i];
            sd += g[i] * (double) (x[i] - mu);
            scale += Math.abs(x[i]) + Math.abs(g[i]) * Math.abs(x[i] - mu);
        }
        // Rounding bound of a float sum: each term passes through at most n/16 vector additions in its lane, one
        // lane reduction (up to 16 more) and the scalar tail (under 64), each adding at most 2^-24 of the
        // magnitudes summed so far.
        double tol = (n / 16.0 + 16 + 64) * 0x1p-24 * (scale + 1);
        assertEquals(s, VectorSums.sum(x, off, n), tol);
        // the squares are all positive: their sum is its own magnitude
        assertEquals(sq, VectorSums.sumSquaredDiff(x, off, n, mu), (n / 16.0 + 16 + 64) * 0x1p-24 * (sq + 1));
        float[] out = new float[2];
        VectorSums.sumAndCentredDot(g, x, off, n, mu, out);
        assertEquals(sg, out[0], tol);
        assertEquals(sd, out[1], tol);
    }
}

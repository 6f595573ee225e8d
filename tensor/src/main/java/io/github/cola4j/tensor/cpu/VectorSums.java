package io.github.cola4j.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API sums for the batch-norm loops. A scalar float sum is one long chain of dependent additions that the
 * JIT may not reorder; four vector accumulators turn it into independent lanes, so the loop runs at memory speed.
 * The order of additions (and so the last bits) differs from the scalar loop, but is fixed for given lengths.
 * Loaded only when {@link VectorSupport#enabled()}.
 */
final class VectorSums {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private VectorSums() {
    }

    /** Sum of {@code a[off .. off+n)}. */
    static float sum(float[] a, int off, int n) {
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        FloatVector s2 = FloatVector.zero(S);
        FloatVector s3 = FloatVector.zero(S);
        int i = 0;
        for (; i + 4 * L <= n; i += 4 * L) {
            s0 = s0.add(FloatVector.fromArray(S, a, off + i));
            s1 = s1.add(FloatVector.fromArray(S, a, off + i + L));
            s2 = s2.add(FloatVector.fromArray(S, a, off + i + 2 * L));
            s3 = s3.add(FloatVector.fromArray(S, a, off + i + 3 * L));
        }
        for (; i + L <= n; i += L) {
            s0 = s0.add(FloatVector.fromArray(S, a, off + i));
        }
        float s = LaneSums.sum(s0.add(s1).add(s2.add(s3)));
        for (; i < n; i++) {
            s += a[off + i];
        }
        return s;
    }

    /** Sum of {@code (a[i] - mu)^2} over {@code a[off .. off+n)}. */
    static float sumSquaredDiff(float[] a, int off, int n, float mu) {
        FloatVector m = FloatVector.broadcast(S, mu);
        FloatVector s0 = FloatVector.zero(S);
        FloatVector s1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            FloatVector d0 = FloatVector.fromArray(S, a, off + i).sub(m);
            FloatVector d1 = FloatVector.fromArray(S, a, off + i + L).sub(m);
            s0 = d0.fma(d0, s0);
            s1 = d1.fma(d1, s1);
        }
        for (; i + L <= n; i += L) {
            FloatVector d0 = FloatVector.fromArray(S, a, off + i).sub(m);
            s0 = d0.fma(d0, s0);
        }
        float s = LaneSums.sum(s0.add(s1));
        for (; i < n; i++) {
            float d = a[off + i] - mu;
            s += d * d;
        }
        return s;
    }

    /** Sums of {@code g[i]} and of {@code g[i] (x[i] - mu)} over {@code [off, off+n)}, into {@code out[0..1]}. */
    static void sumAndCentredDot(float[] g, float[] x, int off, int n, float mu, float[] out) {
        FloatVector m = FloatVector.broadcast(S, mu);
        FloatVector sg0 = FloatVector.zero(S);
        FloatVector sg1 = FloatVector.zero(S);
        FloatVector sd0 = FloatVector.zero(S);
        FloatVector sd1 = FloatVector.zero(S);
        int i = 0;
        for (; i + 2 * L <= n; i += 2 * L) {
            FloatVector g0 = FloatVector.fromArray(S, g, off + i);
            FloatVector g1 = FloatVector.fromArray(S, g, off + i + L);
            sg0 = sg0.add(g0);
            sg1 = sg1.add(g1);
            sd0 = g0.fma(FloatVector.fromArray(S, x, off + i).sub(m), sd0);
            sd1 = g1.fma(FloatVector.fromArray(S, x, off + i + L).sub(m), sd1);
        }
        for (; i + L <= n; i += L) {
            FloatVector g0 = FloatVector.fromArray(S, g, off + i);
            sg0 = sg0.add(g0);
            sd0 = g0.fma(FloatVector.fromArray(S, x, off + i).sub(m), sd0);
        }
        float sg = LaneSums.sum(sg0.add(sg1));
        float sd = LaneSums.sum(sd0.add(sd1));
        for (; i < n; i++) {
            sg += g[off + i];
            sd += g[off + i] * (x[off + i] - mu);
        }
        out[0] = sg;
        out[1] = sd;
    }
}

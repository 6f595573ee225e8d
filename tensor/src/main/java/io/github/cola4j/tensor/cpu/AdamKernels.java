package io.github.cola4j.tensor.cpu;

import io.github.cola4j.tensor.AdamCoefficients;

/**
 * Adam's update in one pass over a parameter, its gradient and its two moments, in place. The arithmetic is the
 * element-wise composition's, operation for operation and with the same roundings (scalars rounded to float once
 * for float32), so the fused and the composed update give the same bits.
 */
final class AdamKernels {
    /** Elements per parallel range: a range is a few hundred microseconds of work. */
    private static final int GRAIN = 1 << 15;

    private AdamKernels() {
    }

    static void update(float[] p, float[] g, float[] m, float[] v, AdamCoefficients c, long t) {
        float b1 = (float) c.beta1();
        float oneMinusB1 = (float) (1 - c.beta1());
        float b2 = (float) c.beta2();
        float oneMinusB2 = (float) (1 - c.beta2());
        float invBias2Root = (float) c.inverseBias2Root(t);
        float eps = (float) c.eps();
        float stepSize = (float) c.stepSize(t);
        float decay = (float) c.weightDecay();
        float shrink = (float) (1 - c.lr() * c.weightDecay());
        boolean l2 = c.l2Decay();
        boolean shrinks = c.shrinks();
        Parallel.forRange(p.length, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                float gi = l2 ? g[i] + p[i] * decay : g[i];
                float mi = m[i] * b1 + gi * oneMinusB1;
                float vi = v[i] * b2 + gi * gi * oneMinusB2;
                m[i] = mi;
                v[i] = vi;
                float denom = (float) Math.sqrt(vi) * invBias2Root + eps;
                float base = shrinks ? p[i] * shrink : p[i];
                p[i] = base - mi / denom * stepSize;
            }
        });
    }

    static void update(double[] p, double[] g, double[] m, double[] v, AdamCoefficients c, long t) {
        double b1 = c.beta1();
        double oneMinusB1 = 1 - c.beta1();
        double b2 = c.beta2();
        double oneMinusB2 = 1 - c.beta2();
        double invBias2Root = c.inverseBias2Root(t);
        double eps = c.eps();
        double stepSize = c.stepSize(t);
        double decay = c.weightDecay();
        double shrink = 1 - c.lr() * c.weightDecay();
        boolean l2 = c.l2Decay();
        boolean shrinks = c.shrinks();
        Parallel.forRange(p.length, GRAIN, (from, to) -> {
            for (int i = from; i < to; i++) {
                double gi = l2 ? g[i] + p[i] * decay : g[i];
                double mi = m[i] * b1 + gi * oneMinusB1;
                double vi = v[i] * b2 + gi * gi * oneMinusB2;
                m[i] = mi;
                v[i] = vi;
                double denom = Math.sqrt(vi) * invBias2Root + eps;
                double base = shrinks ? p[i] * shrink : p[i];
                p[i] = base - mi / denom * stepSize;
            }
        });
    }
}

package io.github.cola4j.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops of batch norm's fused passes ({@link BatchNormKernels}): the normalised value, its SiLU and
 * SiLU's derivative are computed in registers while a channel's run of x is in cache, instead of in passes of
 * their own over whole tensors, and the input gradient is applied in one pass. Ragged ends use masked lanes, so runs as short as a 2 x 4 feature map stay in
 * vector code. Loaded only when {@link VectorSupport#enabled()}.
 */
final class BatchNormSiluVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private BatchNormSiluVector() {
    }

    /** y[off + i] = silu(x[off + i] * scale + shift) for i below n. */
    static void forward(float[] x, int off, int n, float scale, float shift, float[] y) {
        int i = 0;
        for (; i <= n - L; i += L) {
            silu(FloatVector.fromArray(S, x, off + i).fma(scale, shift)).intoArray(y, off + i);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            silu(FloatVector.fromArray(S, x, off + i, m).fma(scale, shift)).intoArray(y, off + i, m);
        }
    }

    private static FloatVector silu(FloatVector v) {
        return v.div(ElementwiseVector.exp(v.neg()).add(1f));
    }

    /**
     * d[off + i] = g[off + i] * silu'(x[off + i] * scale + shift) for i below n (the gradient reaching the
     * normalised value), returning its sum in sums[0] and its dot product with x - mu in sums[1].
     */
    static void gradient(float[] g, float[] x, int off, int n, float scale, float shift, float mu, float[] d,
                         float[] sums) {
        FloatVector sd = FloatVector.zero(S);
        FloatVector sdx = sd;
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector xv = FloatVector.fromArray(S, x, off + i);
            FloatVector dv = FloatVector.fromArray(S, g, off + i).mul(siluGrad(xv.fma(scale, shift)));
            dv.intoArray(d, off + i);
            sd = sd.add(dv);
            sdx = dv.fma(xv.sub(mu), sdx);
        }
        if (i < n) {
            VectorMask<Float> m = S.indexInRange(i, n);
            FloatVector xv = FloatVector.fromArray(S, x, off + i, m);
            // masked-off lanes load zeros, so they add nothing to either sum
            FloatVector dv = FloatVector.fromArray(S, g, off + i, m).mul(siluGrad(xv.fma(scale, shift)));
            dv.intoArray(d, off + i, m);
            sd = sd.add(dv);
            sdx = dv.fma(xv.sub(mu), sdx);
        }
        sums[0] = sd.reduceLanes(VectorOperators.ADD);
        sums[1] = sdx.reduceLanes(VectorOperators.ADD);
    }

    /** silu'(v) = s (1 + v (1 - s)) with s the sigmoid of v. */
    private static FloatVector siluGrad(FloatVector v) {
        FloatVector s = FloatVector.broadcast(S, 1f).div(ElementwiseVector.exp(v.neg()).add(1f));
        return s.mul(v.mul(s.neg().add(1f)).add(1f));
    }

    /** dx[off + i] = a d[off + i] - b - k (x[off + i] - mu) for i below n; d may be dx itself. */
    static void input(float[] d, float[] x, int off, int n, float a, float b, float k, float mu, float[] dx) {
        int i = 0;
        for (; i <= n - L; i += L) {
            FloatVector dv = FloatVector.fromArray(S, d, off + i);
            FloatVector xv = FloatVector.fromArray(S, x, off + i);
            dv.mul(a).sub(b).sub(xv.sub(mu).mul(k)).intoArray(dx, off + i);
        }
        for (; i < n; i++) {
            dx[off + i] = a * d[off + i] - b - k * (x[off + i] - mu);
        }
    }
}

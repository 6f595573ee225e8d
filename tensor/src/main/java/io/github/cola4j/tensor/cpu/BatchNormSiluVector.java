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
    /** Values summed in float lanes before the partial sums move into double. */
    private static final int FLUSH = 16 * 1024;

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
     * For one channel's {@code runs} runs of {@code n} values, the first at {@code off} and each {@code stride}
     * after the last: d = g * silu'(x * scale + shift) (the gradient reaching the normalised value), returning its
     * sum in sums[0] and its dot product with x - mu in sums[1]. The sums stay in vector lanes over runs, so a
     * channel of short runs pays for few lane reductions; they are moved into double every {@link #FLUSH} values
     * so that float lanes never sum more than about a thousand terms.
     */
    static void gradient(float[] g, float[] x, int off, int stride, int runs, int n, float scale, float shift,
                         float mu, float[] d, double[] sums) {
        FloatVector sd = FloatVector.zero(S);
        FloatVector sdx = sd;
        double total = 0;
        double totalX = 0;
        int pending = 0;
        int up = n - L;
        VectorMask<Float> tail = S.indexInRange(n - n % L, n);
        for (int run = 0, base = off; run < runs; run++, base += stride) {
            int i = 0;
            for (; i <= up; i += L) {
                FloatVector xv = FloatVector.fromArray(S, x, base + i);
                FloatVector dv = FloatVector.fromArray(S, g, base + i).mul(siluGrad(xv.fma(scale, shift)));
                dv.intoArray(d, base + i);
                sd = sd.add(dv);
                sdx = dv.fma(xv.sub(mu), sdx);
            }
            if (i < n) {
                FloatVector xv = FloatVector.fromArray(S, x, base + i, tail);
                // masked-off lanes load zeros, so they add nothing to either sum
                FloatVector dv = FloatVector.fromArray(S, g, base + i, tail).mul(siluGrad(xv.fma(scale, shift)));
                dv.intoArray(d, base + i, tail);
                sd = sd.add(dv);
                sdx = dv.fma(xv.sub(mu), sdx);
            }
            pending += n;
            if (pending >= FLUSH || run == runs - 1) {
                total += sd.reduceLanes(VectorOperators.ADD);
                totalX += sdx.reduceLanes(VectorOperators.ADD);
                sd = FloatVector.zero(S);
                sdx = sd;
                pending = 0;
            }
        }
        sums[0] = total;
        sums[1] = totalX;
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

package io.github.cola4j.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API loops of batch norm's fused passes ({@link BatchNormKernels}): the normalised value, its SiLU and
 * SiLU's derivative are computed while a channel's run of x is in cache, instead of in passes of their own over
 * whole tensors, and the input gradient is applied in one pass. Loaded only when {@link VectorSupport#enabled()}.
 *
 * <p>As in {@link ElementwiseVector}, no method here takes or returns a vector: each loop is compiled whole, with
 * its vectors in registers. A call that passed vectors would box them whenever the JIT declined to inline it
 * (the exponential is too large once compiled on its own), so the exponentials of a run are first written to a
 * block by {@link ElementwiseVector#expBoundedBlock} and then combined. A run's ragged end is copied into the
 * zero-padded end of that block and computed with full vectors as well.
 */
final class BatchNormSiluVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    /** Values summed in float lanes before the partial sums move into double. */
    private static final int FLUSH = 16 * 1024;

    private BatchNormSiluVector() {
    }

    /**
     * Floats of the work buffer that a run of {@code n} values needs: the pre-activations and their exponentials,
     * each rounded up to whole vectors, and two vectors for the ragged end.
     */
    static int workSize(int n) {
        int up = (n + L - 1) / L * L;
        return 2 * up + 2 * L;
    }

    /**
     * The run's pre-activations v = x * scale + shift into w[0 ..], zero-padded to whole vectors (up values), and
     * exp(-v) into w[up ..].
     */
    private static void preActivations(float[] x, int off, int n, float scale, float shift, float[] w) {
        int up = (n + L - 1) / L * L;
        int full = n / L * L;
        for (int i = 0; i < full; i += L) {
            FloatVector.fromArray(S, x, off + i).fma(scale, shift).intoArray(w, i);
        }
        for (int i = full; i < up; i++) {
            w[i] = i < n ? x[off + i] * scale + shift : 0f;
        }
        ElementwiseVector.expBoundedBlock(w, 0, -1f, w, up, up);
    }

    /** y[off + i] = silu(x[off + i] * scale + shift) for i below n; {@code w} holds {@link #workSize} floats. */
    static void forward(float[] x, int off, int n, float scale, float shift, float[] y, float[] w) {
        int up = (n + L - 1) / L * L;
        int full = n / L * L;
        preActivations(x, off, n, scale, shift, w);
        for (int i = 0; i < full; i += L) {
            FloatVector v = FloatVector.fromArray(S, w, i);
            v.div(FloatVector.fromArray(S, w, up + i).add(1f)).intoArray(y, off + i);
        }
        if (full < n) {
            FloatVector v = FloatVector.fromArray(S, w, full);
            v.div(FloatVector.fromArray(S, w, up + full).add(1f)).intoArray(w, 2 * up);
            System.arraycopy(w, 2 * up, y, off + full, n - full);
        }
    }

    /**
     * For one channel's {@code runs} runs of {@code n} values, the first at {@code off} and each {@code stride}
     * after the last: d = g * silu'(x * scale + shift) (the gradient reaching the normalised value), returning its
     * sum in sums[0] and its dot product with x - mu in sums[1]. The sums stay in vector lanes over runs, so a
     * channel of short runs pays for few lane reductions; they are moved into double every {@link #FLUSH} values
     * so that float lanes never sum more than about a thousand terms. {@code w} holds {@link #workSize} floats.
     */
    static void gradient(float[] g, float[] x, int off, int stride, int runs, int n, float scale, float shift,
                         float mu, float[] d, double[] sums, float[] w) {
        int up = (n + L - 1) / L * L;
        int full = n / L * L;
        FloatVector sd = FloatVector.zero(S);
        FloatVector sdx = sd;
        double total = 0;
        double totalX = 0;
        int pending = 0;
        for (int run = 0, base = off; run < runs; run++, base += stride) {
            preActivations(x, base, n, scale, shift, w);
            for (int i = 0; i < up; i += L) {
                boolean inside = i < full;
                FloatVector v = FloatVector.fromArray(S, w, i);
                FloatVector s = FloatVector.broadcast(S, 1f).div(FloatVector.fromArray(S, w, up + i).add(1f));
                FloatVector grad = s.mul(v.mul(s.neg().add(1f)).add(1f));
                FloatVector xv;
                FloatVector gv;
                if (inside) {
                    xv = FloatVector.fromArray(S, x, base + i);
                    gv = FloatVector.fromArray(S, g, base + i);
                } else {
                    // the ragged end: g is zero past n, so those lanes add nothing to either sum
                    for (int j = 0; j < L; j++) {
                        w[2 * up + j] = i + j < n ? x[base + i + j] : 0f;
                        w[2 * up + L + j] = i + j < n ? g[base + i + j] : 0f;
                    }
                    xv = FloatVector.fromArray(S, w, 2 * up);
                    gv = FloatVector.fromArray(S, w, 2 * up + L);
                }
                FloatVector dv = gv.mul(grad);
                if (inside) {
                    dv.intoArray(d, base + i);
                } else {
                    dv.intoArray(w, 2 * up);
                    System.arraycopy(w, 2 * up, d, base + i, n - i);
                }
                sd = sd.add(dv);
                sdx = dv.fma(xv.sub(mu), sdx);
            }
            pending += n;
            if (pending >= FLUSH || run == runs - 1) {
                total += LaneSums.sum(sd);
                totalX += LaneSums.sum(sdx);
                sd = FloatVector.zero(S);
                sdx = sd;
                pending = 0;
            }
        }
        sums[0] = total;
        sums[1] = totalX;
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

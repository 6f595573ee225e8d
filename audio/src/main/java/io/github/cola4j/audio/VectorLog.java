package io.github.cola4j.audio;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Natural logarithms of float vectors from lane-wise integer and floating-point operations only, so that every
 * JIT tier gives the same bits (the Vector API's {@code LOG} may not). {@code x = m * 2^e} with {@code m} in
 * [sqrt(1/2), sqrt(2)); {@code ln(1 + f)}, {@code f = m - 1}, is {@code f - f^2 / 2 + f^3 P(f)} with the degree-8
 * minimax polynomial P of Cephes' single-precision {@code logf}, and {@code e ln 2} is added in two parts
 * (0.693359375 and -2.12194440e-4) to keep the rounding error of the large part out. Maximum error about
 * 2 ulp for positive normal floats; zero, subnormal, negative and non-finite inputs are not handled (callers
 * clamp first). Loaded only when {@code jdk.incubator.vector} is present (see {@link Dot}).
 */
final class VectorLog {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes per vector; array lengths given to this class are multiples of it. */
    static final int LANES = S.length();
    private static final float SQRT_HALF = 0.707106781186547524f;
    private static final float[] P = {7.0376836292E-2f, -1.1514610310E-1f, 1.1676998740E-1f, -1.2420140846E-1f,
        1.4249322787E-1f, -1.6668057665E-1f, 2.0000714765E-1f, -2.4999993993E-1f, 3.3333331174E-1f};

    private VectorLog() {
    }

    /** ln of each lane of {@code v} (positive normal floats). */
    static FloatVector ln(FloatVector v) {
        IntVector bits = v.reinterpretAsInts();
        // frexp: v = m * 2^e, m in [0.5, 1)
        IntVector e = bits.lanewise(VectorOperators.LSHR, 23).sub(126);
        FloatVector m = bits.and(0x007fffff).or(0x3f000000).reinterpretAsFloats();
        FloatVector ef = (FloatVector) e.convert(VectorOperators.I2F, 0);
        VectorMask<Float> small = m.lt(SQRT_HALF);
        // m < sqrt(1/2): f = 2m - 1, e - 1; else f = m - 1
        FloatVector f = m.sub(1f).add(m, small);
        ef = ef.sub(1f, small);
        FloatVector z = f.mul(f);
        FloatVector y = FloatVector.broadcast(S, P[0]);
        for (int i = 1; i < P.length; i++) {
            y = y.fma(f, FloatVector.broadcast(S, P[i]));
        }
        y = y.mul(f).mul(z);
        y = ef.fma(FloatVector.broadcast(S, -2.12194440e-4f), y);
        y = z.fma(FloatVector.broadcast(S, -0.5f), y);
        FloatVector r = f.add(y);
        return ef.fma(FloatVector.broadcast(S, 0.693359375f), r);
    }

    /** {@code a[i] = ln(clamp(a[i], lo, hi))} for {@code i < n}, {@code n} a multiple of {@link #LANES}. */
    static void lnClamped(float[] a, int n, float lo, float hi) {
        for (int i = 0; i < n; i += LANES) {
            FloatVector v = FloatVector.fromArray(S, a, i).max(lo).min(hi);
            ln(v).intoArray(a, i);
        }
    }

    /**
     * {@code a[i] = 10 log10(max(a[i], amin))} for {@code i < n}, {@code n} a multiple of {@link #LANES}
     * ({@code amin} a positive normal float).
     *
     * @return the largest value written
     */
    static float tenLog10(float[] a, int n, float amin) {
        final float k = (float) (10 / Math.log(10));
        FloatVector mx = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int i = 0; i < n; i += LANES) {
            FloatVector v = ln(FloatVector.fromArray(S, a, i).max(amin)).mul(k);
            mx = mx.max(v);
            v.intoArray(a, i);
        }
        return mx.reduceLanes(VectorOperators.MAX);
    }
}

package io.github.cola4j.tensor.cpu;

import io.github.cola4j.tensor.BinaryOp;
import io.github.cola4j.tensor.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the element-wise loops that dominate training (SiLU and its gradient, sigmoid, exp,
 * tanh), about ten times faster than a scalar {@code Math.exp} per element. The exponential is computed here from
 * basic IEEE operations (range reduction, a polynomial, exponent bits) rather than with the library's
 * {@code EXP} operator, whose result differs between interpreted and compiled code: with it, the same seed would
 * not give the same training run. Loaded only when {@link VectorSupport#enabled()}.
 */
final class ElementwiseVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private ElementwiseVector() {
    }

    /** Runs {@code op} over {@code [from, to)} when it has a vector form; returns false otherwise. */
    static boolean unary(UnaryOp op, float[] x, float[] y, int from, int to) {
        int i = from;
        int up = from + S.loopBound(to - from);
        switch (op) {
            case SILU:
                for (; i < up; i += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, x, i);
                    v.div(exp(v.neg()).add(1f)).intoArray(y, i);
                }
                break;
            case SIGMOID:
                for (; i < up; i += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, x, i);
                    FloatVector one = FloatVector.broadcast(S, 1f);
                    one.div(exp(v.neg()).add(1f)).intoArray(y, i);
                }
                break;
            case EXP:
                for (; i < up; i += S.length()) {
                    exp(FloatVector.fromArray(S, x, i)).intoArray(y, i);
                }
                break;
            case TANH:
                for (; i < up; i += S.length()) {
                    // tanh(x) = 1 - 2 / (exp(2x) + 1)
                    FloatVector e = exp(FloatVector.fromArray(S, x, i).mul(2f));
                    FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f))).intoArray(y, i);
                }
                break;
            case SILU_GRAD:
                for (; i < up; i += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, x, i);
                    siluGrad(v).intoArray(y, i);
                }
                break;
            default:
                return false;
        }
        // the tail runs on the scalar loop
        ElementwiseKernels.unaryScalar(op, x, y, i, to, 0f, 0f);
        return true;
    }

    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693145752f;
    private static final float LN2_LO = 1.42860677e-6f;
    /** 1.5 * 2^23: adding and subtracting it rounds a float to the nearest integer. */
    private static final float ROUNDER = 12582912f;

    /**
     * e^x within about 2 ulp for x in [-87, 88] (clamped outside): x = n ln2 + r with |r| <= ln2/2, e^r from its
     * Taylor polynomial to degree 7, and 2^n built from exponent bits.
     */
    static FloatVector exp(FloatVector x) {
        FloatVector c = x.max(-87.3f).min(88.7f);
        FloatVector n = c.mul(LOG2E).add(ROUNDER).sub(ROUNDER);
        FloatVector r = c.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        FloatVector p = r.mul(1f / 5040).add(1f / 720);
        p = p.mul(r).add(1f / 120);
        p = p.mul(r).add(1f / 24);
        p = p.mul(r).add(1f / 6);
        p = p.mul(r).add(0.5f);
        p = p.mul(r).add(1f);
        p = p.mul(r).add(1f);
        IntVector bits = ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return p.mul(bits.reinterpretAsFloats());
    }

    /** s(x) (1 + x (1 - s(x))) with s the sigmoid. */
    private static FloatVector siluGrad(FloatVector v) {
        FloatVector s = FloatVector.broadcast(S, 1f).div(exp(v.neg()).add(1f));
        return s.mul(v.mul(s.neg().add(1f)).add(1f));
    }

    /** Same-shape contiguous runs of the fused binary ops that have a vector form; false otherwise. */
    static boolean binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        if (op != BinaryOp.SILU_BACKWARD) {
            return false;
        }
        int i = 0;
        int up = S.loopBound(n);
        for (; i < up; i += S.length()) {
            FloatVector g = FloatVector.fromArray(S, a, ao + i);
            g.mul(siluGrad(FloatVector.fromArray(S, b, bo + i))).intoArray(y, yo + i);
        }
        for (; i < n; i++) {
            y[yo + i] = (float) op.apply(a[ao + i], b[bo + i]);
        }
        return true;
    }
}

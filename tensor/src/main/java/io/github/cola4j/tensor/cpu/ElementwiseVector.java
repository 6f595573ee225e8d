package io.github.cola4j.tensor.cpu;

import io.github.cola4j.tensor.BinaryOp;
import io.github.cola4j.tensor.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the element-wise loops that dominate training (SiLU and its gradient, sigmoid, exp,
 * tanh), about ten times faster than a scalar {@code Math.exp} per element. Loaded only when
 * {@link VectorSupport#enabled()}.
 *
 * <p>The exponential is computed here from basic IEEE operations (range reduction, a polynomial, exponent bits)
 * rather than with the library's {@code EXP} operator, whose result differs between interpreted and compiled
 * code: with it, the same seed would not give the same training run (fused multiply-adds are exact in every tier).
 * Its code stands inside the loops of {@link #expBlock} (the whole float range, for {@code EXP}) and
 * {@link #expBoundedBlock} (the sigmoid family and tanh): vector code is only compiled to vector instructions when
 * it is not split across calls the JIT declines to inline, so each op first fills a small block of exponentials
 * and then combines them, and the two loops repeat the polynomial rather than share a method that takes vectors.
 */
final class ElementwiseVector {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int BLOCK = 1024;
    private static final ThreadLocal<float[]> SCRATCH = ThreadLocal.withInitial(() -> new float[BLOCK]);

    private static final float LOG2E = 1.44269504f;
    private static final float LN2_HI = 0.693145752f;
    private static final float LN2_LO = 1.42860677e-6f;
    /** 1.5 * 2^23: adding and subtracting it rounds a float to the nearest integer. */
    private static final float ROUNDER = 12582912f;
    /**
     * e^r ~ 1 + P1 r + P2 r^2 + ... + P6 r^6 on |r| <= ln2/2: a near-minimax fit of the relative error, 1.7e-8
     * with these float coefficients (Taylor's polynomial needs degree 7 for 5e-9 and is at 1.2e-7 with degree 6).
     */
    private static final float P1 = 1f;
    private static final float P2 = 0.49999994f;
    private static final float P3 = 0.16666432f;
    private static final float P4 = 0.041668002f;
    private static final float P5 = 0.008374155f;
    private static final float P6 = 0.0013843654f;
    /** Bounds of {@link #expBoundedBlock}'s argument: 2^k stays a normal float for k = round(x / ln2). */
    static final float BOUNDED_HI = 88f;
    static final float BOUNDED_LO = -87f;

    private ElementwiseVector() {
    }

    /** Runs {@code op} over {@code [from, to)} when it has a vector form; returns false otherwise. */
    static boolean unary(UnaryOp op, float[] x, float[] y, int from, int to) {
        switch (op) {
            case SILU:
            case SIGMOID:
            case EXP:
            case TANH:
            case SILU_GRAD:
                break;
            default:
                return false;
        }
        float[] e = SCRATCH.get();
        for (int at = from; at < to; at += BLOCK) {
            int n = Math.min(BLOCK, to - at);
            int up = S.loopBound(n);
            // tanh(x) = 1 - 2 / (exp(2x) + 1); the sigmoid family needs exp(-x)
            float scale = op == UnaryOp.EXP ? 1f : op == UnaryOp.TANH ? 2f : -1f;
            if (op == UnaryOp.EXP) {
                expBlock(x, at, scale, e, 0, up);
            } else {
                expBoundedBlock(x, at, scale, e, 0, up);
            }
            combine(op, x, y, at, e, up);
            ElementwiseKernels.unaryScalar(op, x, y, at + up, at + n, 0f, 0f);
        }
        return true;
    }

    /** y = op(x) for {@code n} (a multiple of the vector length) elements from {@code at}, given e = exp(scale x). */
    private static void combine(UnaryOp op, float[] x, float[] y, int at, float[] e, int n) {
        for (int i = 0; i < n; i += S.length()) {
            FloatVector ev = FloatVector.fromArray(S, e, i);
            FloatVector r;
            switch (op) {
                case EXP:
                    r = ev;
                    break;
                case TANH:
                    r = FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(ev.add(1f)));
                    break;
                case SIGMOID:
                    r = FloatVector.broadcast(S, 1f).div(ev.add(1f));
                    break;
                case SILU:
                    r = FloatVector.fromArray(S, x, at + i).div(ev.add(1f));
                    break;
                default: {
                    // SILU_GRAD: s (1 + x (1 - s)) with s = 1 / (1 + exp(-x))
                    FloatVector v = FloatVector.fromArray(S, x, at + i);
                    FloatVector s = FloatVector.broadcast(S, 1f).div(ev.add(1f));
                    r = s.mul(v.mul(s.neg().add(1f)).add(1f));
                }
            }
            r.intoArray(y, at + i);
        }
    }

    /** Same-shape contiguous runs of the fused binary ops that have a vector form; false otherwise. */
    static boolean binary(BinaryOp op, float[] a, int ao, float[] b, int bo, float[] y, int yo, int n) {
        if (op != BinaryOp.SILU_BACKWARD) {
            return false;
        }
        float[] e = SCRATCH.get();
        for (int at = 0; at < n; at += BLOCK) {
            int m = Math.min(BLOCK, n - at);
            int up = S.loopBound(m);
            expBoundedBlock(b, bo + at, -1f, e, 0, up);
            for (int i = 0; i < up; i += S.length()) {
                FloatVector v = FloatVector.fromArray(S, b, bo + at + i);
                FloatVector s = FloatVector.broadcast(S, 1f).div(FloatVector.fromArray(S, e, i).add(1f));
                FloatVector grad = s.mul(v.mul(s.neg().add(1f)).add(1f));
                FloatVector.fromArray(S, a, ao + at + i).mul(grad).intoArray(y, yo + at + i);
            }
            for (int i = up; i < m; i++) {
                y[yo + at + i] = (float) op.apply(a[ao + at + i], b[bo + at + i]);
            }
        }
        return true;
    }

    /**
     * e[eOff + i] = exp(scale * x[off + i]) for i below {@code n}, a multiple of the vector length; within about 2 ulp
     * over the float range, subnormal results included (infinity above it, zero below). x = k ln2 + r with
     * |r| <= ln2/2, e^r from a degree-6 polynomial, and 2^k applied as two factors 2^h 2^(k-h) built from exponent
     * bits (m + 127 + ROUNDER holds m + 127 in its low mantissa bits; shifted left by 23 they fill the exponent
     * field), so that neither factor leaves the normal range. Bits are reinterpreted rather than converted: the JIT
     * does not turn a float-to-int conversion into vector code. The range is clamped with compares and blends:
     * {@code max}/{@code min} keep Java's NaN and signed-zero rules and compile to several instructions each.
     */
    static void expBlock(float[] x, int off, float scale, float[] e, int eOff, int n) {
        for (int i = 0; i < n; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, off + i).mul(scale);
            VectorMask<Float> over = v.compare(VectorOperators.GT, 88.72284f);
            VectorMask<Float> under = v.compare(VectorOperators.LT, -103.97208f);
            FloatVector c = v.blend(88.72284f, over).blend(-103.97208f, under);
            FloatVector k = c.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUNDER)).sub(ROUNDER);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), c);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(FloatVector.broadcast(S, P6), FloatVector.broadcast(S, P5));
            p = p.fma(r, FloatVector.broadcast(S, P4));
            p = p.fma(r, FloatVector.broadcast(S, P3));
            p = p.fma(r, FloatVector.broadcast(S, P2));
            p = p.fma(r, FloatVector.broadcast(S, P1));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            FloatVector h = k.mul(0.5f).add(ROUNDER).sub(ROUNDER);
            FloatVector p1 = h.add(127f + ROUNDER).reinterpretAsInts().lanewise(VectorOperators.LSHL, 23)
                    .reinterpretAsFloats();
            FloatVector p2 = k.sub(h).add(127f + ROUNDER).reinterpretAsInts().lanewise(VectorOperators.LSHL, 23)
                    .reinterpretAsFloats();
            p.mul(p1).mul(p2).blend(Float.POSITIVE_INFINITY, over).blend(0f, under).intoArray(e, eOff + i);
        }
    }

    /**
     * {@link #expBlock} for the sigmoid family and tanh, which only use e in 1 / (1 + e) or 2 / (1 + e): the same
     * within 2 ulp while exp(scale x) lies in [2^-126, 2^127), infinity above {@value #BOUNDED_HI}, and e^-87 below
     * {@value #BOUNDED_LO} (1 + e rounds to 1 there either way). One exponent factor instead of two: a third
     * faster.
     */
    static void expBoundedBlock(float[] x, int off, float scale, float[] e, int eOff, int n) {
        for (int i = 0; i < n; i += S.length()) {
            FloatVector v = FloatVector.fromArray(S, x, off + i).mul(scale);
            VectorMask<Float> over = v.compare(VectorOperators.GT, BOUNDED_HI);
            FloatVector c = v.blend(BOUNDED_HI, over).blend(BOUNDED_LO, v.compare(VectorOperators.LT, BOUNDED_LO));
            FloatVector k = c.fma(FloatVector.broadcast(S, LOG2E), FloatVector.broadcast(S, ROUNDER)).sub(ROUNDER);
            FloatVector r = k.fma(FloatVector.broadcast(S, -LN2_HI), c);
            r = k.fma(FloatVector.broadcast(S, -LN2_LO), r);
            FloatVector p = r.fma(FloatVector.broadcast(S, P6), FloatVector.broadcast(S, P5));
            p = p.fma(r, FloatVector.broadcast(S, P4));
            p = p.fma(r, FloatVector.broadcast(S, P3));
            p = p.fma(r, FloatVector.broadcast(S, P2));
            p = p.fma(r, FloatVector.broadcast(S, P1));
            p = p.fma(r, FloatVector.broadcast(S, 1f));
            FloatVector scaleBits = k.add(127f + ROUNDER).reinterpretAsInts().lanewise(VectorOperators.LSHL, 23)
                    .reinterpretAsFloats();
            p.mul(scaleBits).blend(Float.POSITIVE_INFINITY, over).intoArray(e, eOff + i);
        }
    }
}

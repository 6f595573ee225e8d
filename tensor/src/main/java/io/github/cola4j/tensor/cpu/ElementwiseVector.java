package io.github.cola4j.tensor.cpu;

import io.github.cola4j.tensor.BinaryOp;
import io.github.cola4j.tensor.UnaryOp;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API versions of the element-wise loops that dominate training (SiLU and its gradient, sigmoid, exp,
 * tanh): the JIT turns the vector {@code EXP} into a short-vector math routine, an order of magnitude faster than
 * a scalar {@code Math.exp} per element. Loaded only when {@link VectorSupport#enabled()}.
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
                    v.div(v.neg().lanewise(VectorOperators.EXP).add(1f)).intoArray(y, i);
                }
                break;
            case SIGMOID:
                for (; i < up; i += S.length()) {
                    FloatVector v = FloatVector.fromArray(S, x, i);
                    FloatVector one = FloatVector.broadcast(S, 1f);
                    one.div(v.neg().lanewise(VectorOperators.EXP).add(1f)).intoArray(y, i);
                }
                break;
            case EXP:
                for (; i < up; i += S.length()) {
                    FloatVector.fromArray(S, x, i).lanewise(VectorOperators.EXP).intoArray(y, i);
                }
                break;
            case TANH:
                for (; i < up; i += S.length()) {
                    FloatVector.fromArray(S, x, i).lanewise(VectorOperators.TANH).intoArray(y, i);
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

    /** s(x) (1 + x (1 - s(x))) with s the sigmoid. */
    private static FloatVector siluGrad(FloatVector v) {
        FloatVector s = FloatVector.broadcast(S, 1f).div(v.neg().lanewise(VectorOperators.EXP).add(1f));
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

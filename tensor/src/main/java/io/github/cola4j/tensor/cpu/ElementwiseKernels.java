package io.github.cola4j.tensor.cpu;

import io.github.cola4j.tensor.BinaryOp;
import io.github.cola4j.tensor.UnaryOp;

/**
 * Element-wise loops over flat arrays. The ops that training runs every step have their own float32 loops
 * (the JIT vectorises them); the rest go through {@link UnaryOp#apply} / {@link BinaryOp#apply} in double
 * precision, which for float32 gives the correctly rounded result of the basic operations too.
 */
final class ElementwiseKernels {
    private ElementwiseKernels() {
    }

    private static final boolean VECTOR = VectorSupport.enabled();

    static void unary(UnaryOp op, float[] x, float[] y, int from, int to, float p, float q) {
        if (VECTOR && ElementwiseVector.unary(op, x, y, from, to)) {
            return;
        }
        unaryScalar(op, x, y, from, to, p, q);
    }

    /** The scalar loops; the vector path uses them for the tail. */
    static void unaryScalar(UnaryOp op, float[] x, float[] y, int from, int to, float p, float q) {
        switch (op) {
            case NEG:
                for (int i = from; i < to; i++) {
                    y[i] = -x[i];
                }
                return;
            case RELU:
                for (int i = from; i < to; i++) {
                    y[i] = Math.max(x[i], 0f);
                }
                return;
            case ADD_SCALAR:
                for (int i = from; i < to; i++) {
                    y[i] = x[i] + p;
                }
                return;
            case MUL_SCALAR:
                for (int i = from; i < to; i++) {
                    y[i] = x[i] * p;
                }
                return;
            case EXP:
                for (int i = from; i < to; i++) {
                    y[i] = (float) Math.exp(x[i]);
                }
                return;
            case SIGMOID:
                for (int i = from; i < to; i++) {
                    y[i] = sigmoid(x[i]);
                }
                return;
            case SILU:
                for (int i = from; i < to; i++) {
                    float v = x[i];
                    y[i] = v * sigmoid(v);
                }
                return;
            default:
                for (int i = from; i < to; i++) {
                    y[i] = (float) op.apply(x[i], p, q);
                }
        }
    }

    /** Sigmoid in float that never overflows. */
    static float sigmoid(float v) {
        if (v >= 0) {
            return 1f / (1f + (float) Math.exp(-v));
        }
        float e = (float) Math.exp(v);
        return e / (1f + e);
    }

    static void unary(UnaryOp op, double[] x, double[] y, int from, int to, double p, double q) {
        for (int i = from; i < to; i++) {
            y[i] = op.apply(x[i], p, q);
        }
    }

    /** One inner run of {@code y[yo + i] = a[ao + i*sa] op b[bo + i*sb]}, {@code i < n}. */
    static void binaryRun(BinaryOp op, float[] a, int ao, int sa, float[] b, int bo, int sb, float[] y, int yo, int n) {
        if (sa == 1 && sb == 1 && VECTOR && ElementwiseVector.binary(op, a, ao, b, bo, y, yo, n)) {
            return;
        }
        if (sa == 1 && sb == 1) {
            switch (op) {
                case ADD:
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = a[ao + i] + b[bo + i];
                    }
                    return;
                case SUB:
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = a[ao + i] - b[bo + i];
                    }
                    return;
                case MUL:
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = a[ao + i] * b[bo + i];
                    }
                    return;
                case DIV:
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = a[ao + i] / b[bo + i];
                    }
                    return;
                default:
                    break;
            }
        } else if (sa == 1 && sb == 0) {
            float v = b[bo];
            switch (op) {
                case ADD:
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = a[ao + i] + v;
                    }
                    return;
                case SUB:
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = a[ao + i] - v;
                    }
                    return;
                case MUL:
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = a[ao + i] * v;
                    }
                    return;
                case DIV:
                    for (int i = 0; i < n; i++) {
                        y[yo + i] = a[ao + i] / v;
                    }
                    return;
                default:
                    break;
            }
        } else if (sa == 0 && sb == 1 && op == BinaryOp.MUL) {
            float v = a[ao];
            for (int i = 0; i < n; i++) {
                y[yo + i] = v * b[bo + i];
            }
            return;
        }
        for (int i = 0; i < n; i++) {
            y[yo + i] = (float) op.apply(a[ao + i * sa], b[bo + i * sb]);
        }
    }

    static void binaryRun(BinaryOp op, double[] a, int ao, int sa, double[] b, int bo, int sb, double[] y, int yo, int n) {
        for (int i = 0; i < n; i++) {
            y[yo + i] = op.apply(a[ao + i * sa], b[bo + i * sb]);
        }
    }
}

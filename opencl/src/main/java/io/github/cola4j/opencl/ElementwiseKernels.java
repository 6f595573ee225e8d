package io.github.cola4j.opencl;

import io.github.cola4j.tensor.BinaryOp;
import io.github.cola4j.tensor.UnaryOp;

/**
 * Element-wise kernels: one unary op over a dense tensor, and one binary op with broadcasting, either through the
 * strides in {@code meta} or, when each operand is one contiguous run of axes, through {@code (i / div) % mod}.
 * The ops are chosen by the {@code UNARY_} and {@code BINARY_} codes, which {@link #unaryCode} and
 * {@link #binaryCode} give for the tensor module's enums.
 */
abstract class ElementwiseKernels extends ArenaKernel {
    static final int UNARY_NEG = 0;
    static final int UNARY_EXP = 1;
    static final int UNARY_LOG = 2;
    static final int UNARY_SQRT = 3;
    static final int UNARY_ABS = 4;
    static final int UNARY_SIGN = 5;
    static final int UNARY_SIGMOID = 6;
    static final int UNARY_TANH = 7;
    static final int UNARY_RELU = 8;
    static final int UNARY_SILU = 9;
    static final int UNARY_SILU_GRAD = 10;
    static final int UNARY_STEP = 11;
    static final int UNARY_POW_SCALAR = 12;
    static final int UNARY_ADD_SCALAR = 13;
    static final int UNARY_MUL_SCALAR = 14;
    static final int UNARY_CLAMP = 15;
    static final int UNARY_IN_RANGE = 16;

    static final int BINARY_ADD = 0;
    static final int BINARY_SUB = 1;
    static final int BINARY_MUL = 2;
    static final int BINARY_DIV = 3;
    static final int BINARY_POW = 4;
    static final int BINARY_MAXIMUM = 5;
    static final int BINARY_MINIMUM = 6;
    static final int BINARY_GT = 7;
    static final int BINARY_GE = 8;
    static final int BINARY_LT = 9;
    static final int BINARY_LE = 10;
    static final int BINARY_EQ = 11;
    static final int BINARY_SILU_BACKWARD = 12;
    static final int BINARY_SIGMOID_BACKWARD = 13;

    /** The unary op, a {@code UNARY_} code. */
    final int unaryOp() {
        return arg0;
    }

    /** Sets {@link #unaryOp()}. */
    final void setUnaryOp(int v) {
        arg0 = v;
    }

    /** The binary op, a {@code BINARY_} code. */
    final int binaryOp() {
        return arg1;
    }

    /** Sets {@link #binaryOp()}. */
    final void setBinaryOp(int v) {
        arg1 = v;
    }

    /** First scalar of a unary op: the exponent, the addend, the factor, or the lower bound. */
    final float scalar1() {
        return farg0;
    }

    /** Sets {@link #scalar1()}. */
    final void setScalar1(float v) {
        farg0 = v;
    }

    /** Second scalar of a unary op: the upper bound of clamp and in-range. */
    final float scalar2() {
        return farg1;
    }

    /** Sets {@link #scalar2()}. */
    final void setScalar2(float v) {
        farg1 = v;
    }

    /** Arena offset of the first operand (the only one of a unary op). */
    final int operandA() {
        return arg2;
    }

    /** Sets {@link #operandA()}. */
    final void setOperandA(int v) {
        arg2 = v;
    }

    /** Arena offset of the second operand. */
    final int operandB() {
        return arg3;
    }

    /** Sets {@link #operandB()}. */
    final void setOperandB(int v) {
        arg3 = v;
    }

    /** Arena offset of the dense output. */
    final int result() {
        return arg4;
    }

    /** Sets {@link #result()}. */
    final void setResult(int v) {
        arg4 = v;
    }

    /** Simple binary indexing: operand A's element for output i is at {@code (i / aDiv) % aMod}. */
    final int aDiv() {
        return arg5;
    }

    /** Sets {@link #aDiv()}. */
    final void setADiv(int v) {
        arg5 = v;
    }

    /** See {@link #aDiv()}. */
    final int aMod() {
        return arg6;
    }

    /** Sets {@link #aMod()}. */
    final void setAMod(int v) {
        arg6 = v;
    }

    /** Simple binary indexing: operand B's element for output i is at {@code (i / bDiv) % bMod}. */
    final int bDiv() {
        return arg7;
    }

    /** Sets {@link #bDiv()}. */
    final void setBDiv(int v) {
        arg7 = v;
    }

    /** See {@link #bDiv()}. */
    final int bMod() {
        return arg8;
    }

    /** Sets {@link #bMod()}. */
    final void setBMod(int v) {
        arg8 = v;
    }

    /** Squeeze-excitation: arena offset of the third operand (the gate, or the pooled gradient). */
    final int operandC() {
        return arg9;
    }

    /** Sets {@link #operandC()}. */
    final void setOperandC(int v) {
        arg9 = v;
    }

    /** Squeeze-excitation: H * W, the elements of one (sample, channel) plane. */
    final int sePlane() {
        return arg10;
    }

    /** Sets {@link #sePlane()}. */
    final void setSePlane(int v) {
        arg10 = v;
    }

    ElementwiseKernels(int capacity) {
        super(capacity);
    }

    /**
     * The kernel's code for a unary op.
     *
     * @param op the op
     * @return its {@code UNARY_} code
     */
    static int unaryCode(UnaryOp op) {
        return switch (op) {
            case NEG -> UNARY_NEG;
            case EXP -> UNARY_EXP;
            case LOG -> UNARY_LOG;
            case SQRT -> UNARY_SQRT;
            case ABS -> UNARY_ABS;
            case SIGN -> UNARY_SIGN;
            case SIGMOID -> UNARY_SIGMOID;
            case TANH -> UNARY_TANH;
            case RELU -> UNARY_RELU;
            case SILU -> UNARY_SILU;
            case SILU_GRAD -> UNARY_SILU_GRAD;
            case STEP -> UNARY_STEP;
            case POW_SCALAR -> UNARY_POW_SCALAR;
            case ADD_SCALAR -> UNARY_ADD_SCALAR;
            case MUL_SCALAR -> UNARY_MUL_SCALAR;
            case CLAMP -> UNARY_CLAMP;
            case IN_RANGE -> UNARY_IN_RANGE;
        };
    }

    /**
     * The kernel's code for a binary op.
     *
     * @param op the op
     * @return its {@code BINARY_} code
     */
    static int binaryCode(BinaryOp op) {
        return switch (op) {
            case ADD -> BINARY_ADD;
            case SUB -> BINARY_SUB;
            case MUL -> BINARY_MUL;
            case DIV -> BINARY_DIV;
            case POW -> BINARY_POW;
            case MAXIMUM -> BINARY_MAXIMUM;
            case MINIMUM -> BINARY_MINIMUM;
            case GT -> BINARY_GT;
            case GE -> BINARY_GE;
            case LT -> BINARY_LT;
            case LE -> BINARY_LE;
            case EQ -> BINARY_EQ;
            case SILU_BACKWARD -> BINARY_SILU_BACKWARD;
            case SIGMOID_BACKWARD -> BINARY_SIGMOID_BACKWARD;
        };
    }

    // ---------------------------------------------------------------- kernel code

    final float unaryValue(int code, float x) {
        float y = 0f;
        if (code == UNARY_NEG) {
            y = -x;
        } else if (code == UNARY_EXP) {
            y = exp(x);
        } else if (code == UNARY_LOG) {
            y = log(x);
        } else if (code == UNARY_SQRT) {
            y = sqrt(x);
        } else if (code == UNARY_ABS) {
            y = abs(x);
        } else if (code == UNARY_SIGN) {
            y = x > 0f ? 1f : (x < 0f ? -1f : x);
        } else if (code == UNARY_SIGMOID) {
            y = sigmoid(x);
        } else if (code == UNARY_TANH) {
            y = tanh(x);
        } else if (code == UNARY_RELU) {
            y = x > 0f ? x : (x != x ? x : 0f);
        } else if (code == UNARY_SILU) {
            y = x * sigmoid(x);
        } else if (code == UNARY_SILU_GRAD) {
            y = siluGrad(x);
        } else if (code == UNARY_STEP) {
            y = x > 0f ? 1f : 0f;
        } else if (code == UNARY_POW_SCALAR) {
            y = pow(x, scalar1());
        } else if (code == UNARY_ADD_SCALAR) {
            y = x + scalar1();
        } else if (code == UNARY_MUL_SCALAR) {
            y = x * scalar1();
        } else if (code == UNARY_CLAMP) {
            float lo = x < scalar1() ? scalar1() : x;
            y = lo > scalar2() ? scalar2() : lo;
        } else if (code == UNARY_IN_RANGE) {
            y = x >= scalar1() && x <= scalar2() ? 1f : 0f;
        }
        return y;
    }

    /** y = op(x) over dense x (operandA) into result. */
    final void unary() {
        int i = getGlobalId();
        if (i < items) {
            mem[result() + i] = unaryValue(unaryOp(), mem[operandA() + i]);
        }
    }

    /** y = op(x) where x's element for output i is at operandA + (i / aDiv) % aMod (a broadcast view). */
    final void unarySimple() {
        int i = getGlobalId();
        if (i < items) {
            mem[result() + i] = unaryValue(unaryOp(), mem[operandA() + (i / aDiv()) % aMod()]);
        }
    }

    final float binaryValue(int code, float a, float b) {
        float y = 0f;
        if (code == BINARY_ADD) {
            y = a + b;
        } else if (code == BINARY_SUB) {
            y = a - b;
        } else if (code == BINARY_MUL) {
            y = a * b;
        } else if (code == BINARY_DIV) {
            y = a / b;
        } else if (code == BINARY_POW) {
            y = pow(a, b);
        } else if (code == BINARY_MAXIMUM) {
            y = a >= b || a != a ? a : b;
        } else if (code == BINARY_MINIMUM) {
            y = a <= b || a != a ? a : b;
        } else if (code == BINARY_GT) {
            y = a > b ? 1f : 0f;
        } else if (code == BINARY_GE) {
            y = a >= b ? 1f : 0f;
        } else if (code == BINARY_LT) {
            y = a < b ? 1f : 0f;
        } else if (code == BINARY_LE) {
            y = a <= b ? 1f : 0f;
        } else if (code == BINARY_EQ) {
            y = a == b ? 1f : 0f;
        } else if (code == BINARY_SILU_BACKWARD) {
            y = a * siluGrad(b);
        } else if (code == BINARY_SIGMOID_BACKWARD) {
            y = a * (b * (1f - b));
        }
        return y;
    }

    /**
     * Squeeze-excitation's gate gradient, one work item per (sample, channel) plane: the sum over the plane of
     * gradOut (operandA) times x (operandB), times gate * (1 - gate) with the gate at operandC; all dense.
     */
    final void seGateGrad() {
        int i = getGlobalId();
        if (i < items) {
            int hw = sePlane();
            int a = operandA() + i * hw;
            int b = operandB() + i * hw;
            float s = 0f;
            for (int p = 0; p < hw; p++) {
                s += mem[a + p] * mem[b + p];
            }
            float gt = mem[operandC() + i];
            mem[result() + i] = s * (gt * (1f - gt));
        }
    }

    /**
     * Squeeze-excitation's input gradient, one work item per element: gradOut (operandA) times its plane's gate
     * (operandB) plus its plane's pooled gradient (operandC) divided by the plane's size; all dense.
     */
    final void seInputGrad() {
        int i = getGlobalId();
        if (i < items) {
            int plane = i / sePlane();
            mem[result() + i] = mem[operandA() + i] * mem[operandB() + plane]
                    + mem[operandC() + plane] / (float) sePlane();
        }
    }

    /** The binary op with both operands walked through their strides in meta (A and B) over meta's shape. */
    final void binary() {
        int i = getGlobalId();
        if (i < items) {
            float a = mem[operandA() + stridedOffset(i, META_A)];
            float b = mem[operandB() + stridedOffset(i, META_B)];
            mem[result() + i] = binaryValue(binaryOp(), a, b);
        }
    }

    /**
     * The binary op when each operand's element for output i sits at {@code (i / div) % mod} of its dense storage
     * (same shape: div 1, mod n; a per-channel vector: div H*W, mod C; a scalar: mod 1): no meta, no per-axis
     * index arithmetic.
     */
    final void binarySimple() {
        int i = getGlobalId();
        if (i < items) {
            mem[result() + i] = binaryValue(binaryOp(), mem[operandA() + (i / aDiv()) % aMod()],
                    mem[operandB() + (i / bDiv()) % bMod()]);
        }
    }
}

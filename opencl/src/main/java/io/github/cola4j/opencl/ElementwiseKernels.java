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

    /** Squeeze-excitation's gate: arena offset of the first convolution's weight gradient [S, C]. */
    final int seDW1() {
        return arg5;
    }

    /** Sets {@link #seDW1()}. */
    final void setSeDW1(int v) {
        arg5 = v;
    }

    /** Squeeze-excitation's gate: arena offset of the first convolution's bias gradient [S]. */
    final int seDB1() {
        return arg6;
    }

    /** Sets {@link #seDB1()}. */
    final void setSeDB1(int v) {
        arg6 = v;
    }

    /** Squeeze-excitation's gate: arena offset of the second convolution's weight gradient [C, S]. */
    final int seDW2() {
        return arg7;
    }

    /** Sets {@link #seDW2()}. */
    final void setSeDW2(int v) {
        arg7 = v;
    }

    /** Squeeze-excitation's gate: arena offset of the second convolution's bias gradient [C]. */
    final int seDB2() {
        return arg8;
    }

    /** Sets {@link #seDB2()}. */
    final void setSeDB2(int v) {
        arg8 = v;
    }

    /** Squeeze-excitation's gate: arena offset of the first convolution's weight [S, C]. */
    final int seW1() {
        return arg11;
    }

    /** Sets {@link #seW1()}. */
    final void setSeW1(int v) {
        arg11 = v;
    }

    /** Squeeze-excitation's gate: arena offset of the first convolution's bias [S]. */
    final int seB1() {
        return arg12;
    }

    /** Sets {@link #seB1()}. */
    final void setSeB1(int v) {
        arg12 = v;
    }

    /** Squeeze-excitation's gate: arena offset of the second convolution's weight [C, S]. */
    final int seW2() {
        return arg13;
    }

    /** Sets {@link #seW2()}. */
    final void setSeW2(int v) {
        arg13 = v;
    }

    /** Squeeze-excitation's gate: arena offset of the second convolution's bias [C]. */
    final int seB2() {
        return arg14;
    }

    /** Sets {@link #seB2()}. */
    final void setSeB2(int v) {
        arg14 = v;
    }

    /** Squeeze-excitation's gate: arena offset of the first convolution's output [N, S], before SiLU. */
    final int seZ1() {
        return arg18;
    }

    /** Sets {@link #seZ1()}. */
    final void setSeZ1(int v) {
        arg18 = v;
    }

    /** Squeeze-excitation's gate: arena offset of SiLU of seZ1 [N, S]. */
    final int seHidden() {
        return arg19;
    }

    /** Sets {@link #seHidden()}. */
    final void setSeHidden(int v) {
        arg19 = v;
    }

    /** Squeeze-excitation's gate: arena offset of the pooled input [N, C]. */
    final int sePooled() {
        return arg20;
    }

    /** Sets {@link #sePooled()}. */
    final void setSePooled(int v) {
        arg20 = v;
    }

    /** Squeeze-excitation's gate: arena offset of the gate [N, C]. */
    final int seGateAt() {
        return arg21;
    }

    /** Sets {@link #seGateAt()}. */
    final void setSeGateAt(int v) {
        arg21 = v;
    }

    /** Squeeze-excitation's gate: arena offset of the gradient of the gate's pre-activation [N, C]. */
    final int seDz2() {
        return arg22;
    }

    /** Sets {@link #seDz2()}. */
    final void setSeDz2(int v) {
        arg22 = v;
    }

    /** Squeeze-excitation's gate: arena offset of the gradient of seZ1 [N, S]. */
    final int seDz1() {
        return arg23;
    }

    /** Sets {@link #seDz1()}. */
    final void setSeDz1(int v) {
        arg23 = v;
    }

    /** Squeeze-excitation's gate: C, the channels. */
    final int seChannels() {
        return arg15;
    }

    /** Sets {@link #seChannels()}. */
    final void setSeChannels(int v) {
        arg15 = v;
    }

    /** Squeeze-excitation's gate: S, the squeezed channels. */
    final int seSqueeze() {
        return arg16;
    }

    /** Sets {@link #seSqueeze()}. */
    final void setSeSqueeze(int v) {
        arg16 = v;
    }

    /** Squeeze-excitation's gate: N, the samples. */
    final int seBatch() {
        return arg17;
    }

    /** Sets {@link #seBatch()}. */
    final void setSeBatch(int v) {
        arg17 = v;
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

    /**
     * Squeeze-excitation's gate, a work group per sample: when sePlane is above 0 the pooled input first (the mean
     * of each of the sample's planes of x at operandA, written to sePooled); then z1 = W1 @ pooled + b1 and
     * hidden = SiLU(z1) (kept in local memory, at most {@code tileA.length} values), and
     * gate = sigmoid(W2 @ hidden + b2); when sePlane is above 0, last the output x * gate (result).
     */
    final void seMlp() {
        int n = getGroupId();
        int l = getLocalId();
        int c = seChannels();
        int s = seSqueeze();
        int hw = sePlane();
        if (hw > 0) {
            for (int i = l; i < c; i += GROUP) {
                int at = operandA() + (n * c + i) * hw;
                float sum = 0f;
                for (int p = 0; p < hw; p++) {
                    sum += mem[at + p];
                }
                mem[sePooled() + n * c + i] = sum / (float) hw;
            }
            localGlobalBarrier();
        }
        for (int j = l; j < s; j += GROUP) {
            float acc = mem[seB1() + j];
            for (int i = 0; i < c; i++) {
                acc += mem[seW1() + j * c + i] * mem[sePooled() + n * c + i];
            }
            float h = acc * sigmoid(acc);
            mem[seZ1() + n * s + j] = acc;
            mem[seHidden() + n * s + j] = h;
            tileA[j] = h;
        }
        localBarrier();
        for (int i = l; i < c; i += GROUP) {
            float acc = mem[seB2() + i];
            for (int j = 0; j < s; j++) {
                acc += mem[seW2() + i * s + j] * tileA[j];
            }
            float gt = sigmoid(acc);
            mem[seGateAt() + n * c + i] = gt;
            if (hw > 0) {
                int at = (n * c + i) * hw;
                for (int p = 0; p < hw; p++) {
                    mem[result() + at + p] = mem[operandA() + at + p] * gt;
                }
            }
        }
    }

    /**
     * Squeeze-excitation's backward for one sample per work group, on small planes: dz2 = (sum over the plane of
     * gradOut (operandA) * x (operandB)) * gate * (1 - gate) (written to seDz2), then dz1 = (W2^T @ dz2) * SiLU'(z1)
     * (written to seDz1, kept in local memory), then for each channel dPooled = W1^T @ dz1 (operandC) and the
     * channel's dx (result) = gradOut * gate + dPooled / sePlane.
     */
    final void seBackwardSmall() {
        int n = getGroupId();
        int l = getLocalId();
        int c = seChannels();
        int s = seSqueeze();
        int hw = sePlane();
        for (int i = l; i < c; i += GROUP) {
            int at = (n * c + i) * hw;
            float sum = 0f;
            for (int p = 0; p < hw; p++) {
                sum += mem[operandA() + at + p] * mem[operandB() + at + p];
            }
            float gt = mem[seGateAt() + n * c + i];
            mem[seDz2() + n * c + i] = sum * (gt * (1f - gt));
        }
        localGlobalBarrier();
        seHiddenGradient(n, l, c, s);
        localBarrier();
        for (int i = l; i < c; i += GROUP) {
            float dp = 0f;
            for (int j = 0; j < s; j++) {
                dp += tileA[j] * mem[seW1() + j * c + i];
            }
            mem[operandC() + n * c + i] = dp;
            float gt = mem[seGateAt() + n * c + i];
            int at = (n * c + i) * hw;
            for (int p = 0; p < hw; p++) {
                mem[result() + at + p] = mem[operandA() + at + p] * gt + dp / (float) hw;
            }
        }
    }

    /**
     * dz1 = (W2^T @ dz2) * SiLU'(z1) for sample {@code n}, by the calling work group: written to seDz1 and kept in
     * tileA (the caller puts a local barrier after it before reading tileA).
     */
    final void seHiddenGradient(int n, int l, int c, int s) {
        for (int j = l; j < s; j += GROUP) {
            float acc = 0f;
            for (int i = 0; i < c; i++) {
                acc += mem[seDz2() + n * c + i] * mem[seW2() + i * s + j];
            }
            float d = acc * siluGrad(mem[seZ1() + n * s + j]);
            mem[seDz1() + n * s + j] = d;
            tileA[j] = d;
        }
    }

    /**
     * Squeeze-excitation's gate backward to the pooled input, a work group per sample: dz1 = (W2^T @ dz2) *
     * SiLU'(z1) (written, and kept in local memory), then dPooled (result) = W1^T @ dz1.
     */
    final void seMlpBackward() {
        int n = getGroupId();
        int l = getLocalId();
        int c = seChannels();
        int s = seSqueeze();
        seHiddenGradient(n, l, c, s);
        localBarrier();
        for (int i = l; i < c; i += GROUP) {
            float acc = 0f;
            for (int j = 0; j < s; j++) {
                acc += tileA[j] * mem[seW1() + j * c + i];
            }
            mem[result() + n * c + i] = acc;
        }
    }

    /**
     * Squeeze-excitation's weight and bias gradients, one work item per value of dW1 [S, C], dB1 [S], dW2 [C, S]
     * and dB2 [C] in that order, each a sum over the samples.
     */
    final void seMlpWeightGrads() {
        int i = getGlobalId();
        if (i < items) {
            int c = seChannels();
            int s = seSqueeze();
            int nb = seBatch();
            float acc = 0f;
            if (i < s * c) {
                int j = i / c;
                int q = i % c;
                for (int n = 0; n < nb; n++) {
                    acc += mem[seDz1() + n * s + j] * mem[sePooled() + n * c + q];
                }
                mem[seDW1() + i] = acc;
            } else if (i < s * c + s) {
                int j = i - s * c;
                for (int n = 0; n < nb; n++) {
                    acc += mem[seDz1() + n * s + j];
                }
                mem[seDB1() + j] = acc;
            } else if (i < 2 * s * c + s) {
                int r = i - s * c - s;
                int q = r / s;
                int j = r % s;
                for (int n = 0; n < nb; n++) {
                    acc += mem[seDz2() + n * c + q] * mem[seHidden() + n * s + j];
                }
                mem[seDW2() + r] = acc;
            } else {
                int q = i - 2 * s * c - s;
                for (int n = 0; n < nb; n++) {
                    acc += mem[seDz2() + n * c + q];
                }
                mem[seDB2() + q] = acc;
            }
        }
    }

    /**
     * a * b + c with a (operandA) and c (operandC) dense and b's element for output i at
     * {@code operandB + (i / bDiv) % bMod} (a residual block's end: branch times stochastic depth's mask plus skip).
     */
    final void mulAdd() {
        int i = getGlobalId();
        if (i < items) {
            mem[result() + i] = mem[operandA() + i] * mem[operandB() + (i / bDiv()) % bMod()] + mem[operandC() + i];
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

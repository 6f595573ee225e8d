package io.github.cola4j.opencl;

import io.github.cola4j.tensor.ReduceOp;

/**
 * Reductions (sum, mean, max, min over any axes, chosen by the {@code REDUCE_} codes that {@link #reduceCode}
 * gives for {@link ReduceOp}) and the row kernels: softmax, log-softmax and argmax along one axis.
 */
abstract class ReductionKernels extends ElementwiseKernels {
    static final int REDUCE_SUM = 0;
    static final int REDUCE_MEAN = 1;
    static final int REDUCE_MAX = 2;
    static final int REDUCE_MIN = 3;

    /** The reduction, a {@code REDUCE_} code. */
    final int reduceOp() {
        return arg0;
    }

    /** Sets {@link #reduceOp()}. */
    final void setReduceOp(int v) {
        arg0 = v;
    }

    /** Elements reduced into each output. */
    final int perOutput() {
        return arg1;
    }

    /** Sets {@link #perOutput()}. */
    final void setPerOutput(int v) {
        arg1 = v;
    }

    /** Arena offset of the reduced tensor, or of the dense input of a row kernel. */
    final int reduceIn() {
        return arg2;
    }

    /** Sets {@link #reduceIn()}. */
    final void setReduceIn(int v) {
        arg2 = v;
    }

    /** Arena offset of the dense output. */
    final int reduceOut() {
        return arg3;
    }

    /** Sets {@link #reduceOut()}. */
    final void setReduceOut(int v) {
        arg3 = v;
    }

    /** Row kernels: the input is viewed as [outer, rowLength, rowInner]; one work item per (outer, inner). */
    final int rowLength() {
        return arg4;
    }

    /** Sets {@link #rowLength()}. */
    final void setRowLength(int v) {
        arg4 = v;
    }

    /** See {@link #rowLength()}: the elements after the row axis, the step between a row's neighbours. */
    final int rowInner() {
        return arg5;
    }

    /** Sets {@link #rowInner()}. */
    final void setRowInner(int v) {
        arg5 = v;
    }

    /** Softmax: 1 for log-softmax, 0 for softmax. */
    final int logSoftmax() {
        return arg6;
    }

    /** Sets {@link #logSoftmax()}. */
    final void setLogSoftmax(int v) {
        arg6 = v;
    }

    ReductionKernels(int capacity) {
        super(capacity);
    }

    /**
     * The kernel's code for a reduction.
     *
     * @param op the reduction
     * @return its {@code REDUCE_} code
     */
    static int reduceCode(ReduceOp op) {
        return switch (op) {
            case SUM -> REDUCE_SUM;
            case MEAN -> REDUCE_MEAN;
            case MAX -> REDUCE_MAX;
            case MIN -> REDUCE_MIN;
        };
    }

    // ---------------------------------------------------------------- kernel code

    /** The start value of the reduction: the identity of sum, max or min. */
    final float reduceInit() {
        return reduceOp() == REDUCE_MAX ? LOWEST : (reduceOp() == REDUCE_MIN ? HIGHEST : 0f);
    }

    /** acc combined with v by the reduction; max and min keep a NaN once they meet one. */
    final float reduceStep(float acc, float v) {
        float r = acc + v;
        if (reduceOp() == REDUCE_MAX) {
            r = acc >= v || acc != acc ? acc : v;
        } else if (reduceOp() == REDUCE_MIN) {
            r = acc <= v || acc != acc ? acc : v;
        }
        return r;
    }

    /** Offset from an output's first element of its j-th reduced element (meta RED_* shape and strides). */
    final int reducedOffset(int j) {
        int rem = j;
        int off = 0;
        for (int d = meta[META_RED_RANK] - 1; d >= 0; d--) {
            int size = meta[META_RED_SHAPE + d];
            off += (rem % size) * meta[META_RED_A + d];
            rem = rem / size;
        }
        return off;
    }

    /**
     * One work group per output: the kept axes (meta shape and A strides) locate the output's first element,
     * the reduced axes (meta RED_*) are walked by the group's items in turn.
     */
    final void reduce() {
        int o = getGroupId();
        int l = getLocalId();
        int base = reduceIn() + stridedOffset(o, META_A);
        int count = perOutput();
        float acc = reduceInit();
        for (int j = l; j < count; j += GROUP) {
            acc = reduceStep(acc, mem[base + reducedOffset(j)]);
        }
        red[l] = acc;
        localBarrier();
        reduceLocal(l, reduceOp(), 0);
        if (l == 0) {
            float r = red[0];
            if (reduceOp() == REDUCE_MEAN) {
                r = r / (float) count;
            }
            mem[reduceOut() + o] = r;
        }
    }

    /**
     * The same reduction with one work item per output walking its few elements (at most
     * {@link #SMALL_REDUCTION}) alone: a work group of GROUP items would leave most of them idle.
     */
    final void reduceSmall() {
        int o = getGlobalId();
        if (o < items) {
            int base = reduceIn() + stridedOffset(o, META_A);
            int count = perOutput();
            float acc = reduceInit();
            for (int j = 0; j < count; j++) {
                acc = reduceStep(acc, mem[base + reducedOffset(j)]);
            }
            if (reduceOp() == REDUCE_MEAN) {
                acc = acc / (float) count;
            }
            mem[reduceOut() + o] = acc;
        }
    }

    /** Softmax or log-softmax of each row of the dense input. */
    final void softmax() {
        int i = getGlobalId();
        if (i < items) {
            int len = rowLength();
            int inner = rowInner();
            int base = (i / inner) * len * inner + (i % inner);
            float m = LOWEST;
            for (int k = 0; k < len; k++) {
                float v = mem[reduceIn() + base + k * inner];
                m = v > m ? v : m;
            }
            float s = 0f;
            for (int k = 0; k < len; k++) {
                s += exp(mem[reduceIn() + base + k * inner] - m);
            }
            if (logSoftmax() == 1) {
                float logSum = log(s);
                for (int k = 0; k < len; k++) {
                    mem[reduceOut() + base + k * inner] = (mem[reduceIn() + base + k * inner] - m) - logSum;
                }
            } else {
                float inv = 1f / s;
                for (int k = 0; k < len; k++) {
                    mem[reduceOut() + base + k * inner] = exp(mem[reduceIn() + base + k * inner] - m) * inv;
                }
            }
        }
    }

    /** Index of the first largest value of each row, written as a float (exact below 2^24). */
    final void argmax() {
        int i = getGlobalId();
        if (i < items) {
            int len = rowLength();
            int inner = rowInner();
            int base = reduceIn() + (i / inner) * len * inner + (i % inner);
            int best = 0;
            float bestV = mem[base];
            for (int k = 1; k < len; k++) {
                float v = mem[base + k * inner];
                if (v > bestV) {
                    best = k;
                    bestV = v;
                }
            }
            mem[reduceOut() + i] = (float) best;
        }
    }
}

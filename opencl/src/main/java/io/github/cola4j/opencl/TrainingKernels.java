package io.github.cola4j.opencl;

/**
 * Kernels of the training step's fused ops: Adam over every parameter in one launch, scaling and sums of squares
 * over many tensors (gradient clipping), all walking the segment table {@code segs}; and softmax cross-entropy
 * with label smoothing (loss and logit gradient).
 */
abstract class TrainingKernels extends BatchNormKernels {
    /** Entries of the segment table. */
    final int segments() {
        return arg0;
    }

    /** Sets {@link #segments()}. */
    final void setSegments(int v) {
        arg0 = v;
    }

    /** Adam: 1 adds L2 decay to the gradient. */
    final int l2Decay() {
        return arg1;
    }

    /** Sets {@link #l2Decay()}. */
    final void setL2Decay(int v) {
        arg1 = v;
    }

    /** Adam: 1 shrinks the parameter first (decoupled decay, AdamW). */
    final int decoupledDecay() {
        return arg2;
    }

    /** Sets {@link #decoupledDecay()}. */
    final void setDecoupledDecay(int v) {
        arg2 = v;
    }

    /** Scaling: the factor. */
    final float scaleFactor() {
        return farg0;
    }

    /** Sets {@link #scaleFactor()}. */
    final void setScaleFactor(float v) {
        farg0 = v;
    }

    /** Sum of squares: arena offset of the partial sums, one per work group. */
    final int partialSums() {
        return arg3;
    }

    /** Sets {@link #partialSums()}. */
    final void setPartialSums(int v) {
        arg3 = v;
    }

    /** Cross-entropy: arena offset of the logits [rows, ceClasses]. */
    final int ceLogits() {
        return arg4;
    }

    /** Sets {@link #ceLogits()}. */
    final void setCeLogits(int v) {
        arg4 = v;
    }

    /** Cross-entropy: arena offset of the labels (class indices as floats), one per row. */
    final int ceLabels() {
        return arg5;
    }

    /** Sets {@link #ceLabels()}. */
    final void setCeLabels(int v) {
        arg5 = v;
    }

    /** Cross-entropy: arena offset of the logit gradient [rows, ceClasses]. */
    final int ceGrad() {
        return arg6;
    }

    /** Sets {@link #ceGrad()}. */
    final void setCeGrad(int v) {
        arg6 = v;
    }

    /** Cross-entropy: arena offset of the row losses. */
    final int ceRowLoss() {
        return arg7;
    }

    /** Sets {@link #ceRowLoss()}. */
    final void setCeRowLoss(int v) {
        arg7 = v;
    }

    /** Cross-entropy: arena offset of the mean loss (one float). */
    final int ceLoss() {
        return arg8;
    }

    /** Sets {@link #ceLoss()}. */
    final void setCeLoss(int v) {
        arg8 = v;
    }

    /**
     * Adam and scaleAll: elements per work item, one after another. 1 on GPUs (neighbouring items touch
     * neighbouring elements); thousands on CPU devices, where an item finds its segment once and walks on instead
     * of searching the table for every element.
     */
    final int segmentRun() {
        return arg10;
    }

    /** Sets {@link #segmentRun()}. */
    final void setSegmentRun(int v) {
        arg10 = v;
    }

    /** The end (exclusive) of the run of elements that starts at {@code first}. */
    final int runEnd(int first) {
        int last = first + segmentRun();
        if (last > items) {
            last = items;
        }
        return last;
    }

    /** The first element of the segment after {@code s}, or {@code items} after the last. */
    final int segmentEnd(int s) {
        int next = items;
        if (s + 1 < segments()) {
            next = segs[(s + 1) * SEG + 4];
        }
        return next;
    }

    /** Cross-entropy: classes per row. */
    final int ceClasses() {
        return arg9;
    }

    /** Sets {@link #ceClasses()}. */
    final void setCeClasses(int v) {
        arg9 = v;
    }

    /** Cross-entropy: the smoothed target of the classes other than the label. */
    final float ceOffTarget() {
        return farg1;
    }

    /** Sets {@link #ceOffTarget()}. */
    final void setCeOffTarget(float v) {
        farg1 = v;
    }

    /** Cross-entropy: the smoothed target of the label's class. */
    final float ceOnTarget() {
        return farg2;
    }

    /** Sets {@link #ceOnTarget()}. */
    final void setCeOnTarget(float v) {
        farg2 = v;
    }

    TrainingKernels(int capacity) {
        super(capacity);
    }

    // ---------------------------------------------------------------- multi-tensor optimiser ops

    /** The last of the segments whose first index ([4]) is at most {@code key}: a binary search. */
    final int segmentOf(int key) {
        int lo = 0;
        int hi = segments() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (segs[mid * SEG + 4] <= key) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * Adam on every element of every parameter in the segment table, in place. The order of operations is the
     * CPU backend's.
     */
    final void adam() {
        int first = getGlobalId() * segmentRun();
        if (first < items) {
            int last = runEnd(first);
            int s = segmentOf(first);
            int end = segmentEnd(s);
            for (int i = first; i < last; i++) {
                while (i >= end) {
                    // on to the next segment (past any empty ones)
                    s = s + 1;
                    end = segmentEnd(s);
                }
                int e = i - segs[s * SEG + 4];
                int pi = segs[s * SEG] + e;
                int mi = segs[s * SEG + 2] + e;
                int vi = segs[s * SEG + 3] + e;
                float pv = mem[pi];
                float g = mem[segs[s * SEG + 1] + e];
                if (l2Decay() == 1) {
                    g = g + pv * scal[5];
                }
                float m = mem[mi] * scal[0] + g * scal[1];
                float v = mem[vi] * scal[2] + g * g * scal[3];
                mem[mi] = m;
                mem[vi] = v;
                float denom = sqrt(v) * scal[SCAL_HEADER + s * 2 + 1] + scal[4];
                if (decoupledDecay() == 1) {
                    pv = pv * scal[6];
                }
                mem[pi] = pv - m / denom * scal[SCAL_HEADER + s * 2];
            }
        }
    }

    /** Every element of every tensor in the segment table ([0] source, [1] destination, [4] first index) scaled. */
    final void scaleAll() {
        int first = getGlobalId() * segmentRun();
        if (first < items) {
            int last = runEnd(first);
            int s = segmentOf(first);
            int end = segmentEnd(s);
            for (int i = first; i < last; i++) {
                while (i >= end) {
                    // on to the next segment (past any empty ones)
                    s = s + 1;
                    end = segmentEnd(s);
                }
                int e = i - segs[s * SEG + 4];
                mem[segs[s * SEG + 1] + e] = mem[segs[s * SEG] + e] * scaleFactor();
            }
        }
    }

    /**
     * Partial sums of squares: work group w covers SQ_CHUNK elements of one tensor (offset [0], size [1]) and
     * writes its sum to partialSums + w; the host adds the partials in double.
     */
    final void sumSquares() {
        int w = getGroupId();
        int l = getLocalId();
        int s = segmentOf(w);
        int base = segs[s * SEG];
        int size = segs[s * SEG + 1];
        int from = (w - segs[s * SEG + 4]) * SQ_CHUNK;
        int to = from + SQ_CHUNK;
        if (to > size) {
            to = size;
        }
        float acc = 0f;
        for (int j = from + l; j < to; j += GROUP) {
            float x = mem[base + j];
            acc += x * x;
        }
        red[l] = acc;
        localBarrier();
        reduceLocal(l, REDUCE_SUM, 0);
        if (l == 0) {
            mem[partialSums() + w] = red[0];
        }
    }

    // ---------------------------------------------------------------- fused softmax cross-entropy

    /** One work item per row (items rows): the row's loss and its gradient row (softmax - target) / rows. */
    final void ceRows() {
        int i = getGlobalId();
        if (i < items) {
            int c = ceClasses();
            int row = ceLogits() + i * c;
            int grad = ceGrad() + i * c;
            int label = (int) mem[ceLabels() + i];
            float m = LOWEST;
            for (int k = 0; k < c; k++) {
                float v = mem[row + k];
                m = v > m ? v : m;
            }
            float s = 0f;
            for (int k = 0; k < c; k++) {
                s += exp(mem[row + k] - m);
            }
            float logSum = log(s);
            float inv = 1f / s;
            float invN = 1f / (float) items;
            float loss = 0f;
            for (int k = 0; k < c; k++) {
                float z = mem[row + k] - m;
                float t = k == label ? ceOnTarget() : ceOffTarget();
                loss -= t * (z - logSum);
                mem[grad + k] = (exp(z) * inv - t) * invN;
            }
            mem[ceRowLoss() + i] = loss;
        }
    }

    /** One work group: the mean of the row losses to ceLoss. */
    final void ceReduce() {
        int l = getLocalId();
        float acc = 0f;
        for (int j = l; j < items; j += GROUP) {
            acc += mem[ceRowLoss() + j];
        }
        red[l] = acc;
        localBarrier();
        reduceLocal(l, REDUCE_SUM, 0);
        if (l == 0) {
            mem[ceLoss()] = red[0] / (float) items;
        }
    }
}

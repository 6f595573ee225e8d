package io.github.cola4j.tensor.cpu;

/**
 * Walks several same-shaped strided views together in row-major order. Axes that step evenly for every
 * operand are merged first, so contiguous data becomes one long inner run; the caller loops over the
 * innermost axis itself and asks here only for where each outer row starts.
 */
final class StridedLoop {
    final int[] shape;
    final int[][] strides;
    final int inner;
    final int rows;

    StridedLoop(int[] shape, int[]... operandStrides) {
        int r = shape.length;
        int[] s = new int[Math.max(r, 1)];
        int[][] st = new int[operandStrides.length][Math.max(r, 1)];
        int k = 0;
        if (r == 0) {
            s[0] = 1;
            k = 1;
        }
        for (int i = 0; i < r; i++) {
            if (shape[i] == 1 && r > 1) {
                continue;
            }
            boolean merge = k > 0;
            for (int o = 0; merge && o < operandStrides.length; o++) {
                merge = st[o][k - 1] == operandStrides[o][i] * shape[i];
            }
            if (merge) {
                s[k - 1] *= shape[i];
                for (int o = 0; o < operandStrides.length; o++) {
                    st[o][k - 1] = operandStrides[o][i];
                }
            } else {
                s[k] = shape[i];
                for (int o = 0; o < operandStrides.length; o++) {
                    st[o][k] = operandStrides[o][i];
                }
                k++;
            }
        }
        if (k == 0) {
            // every axis had size 1
            s[0] = 1;
            k = 1;
        }
        this.shape = java.util.Arrays.copyOf(s, k);
        this.strides = new int[operandStrides.length][];
        for (int o = 0; o < operandStrides.length; o++) {
            this.strides[o] = java.util.Arrays.copyOf(st[o], k);
        }
        this.inner = this.shape[k - 1];
        int n = 1;
        for (int i = 0; i < k - 1; i++) {
            n *= this.shape[i];
        }
        this.rows = inner == 0 ? 0 : n;
    }

    /** Stride of operand {@code o} along the inner run. */
    int innerStride(int o) {
        return strides[o][shape.length - 1];
    }

    /** Offset of the start of outer row {@code row} for operand {@code o}, relative to its base offset. */
    int rowOffset(int o, int row) {
        int off = 0;
        int rem = row;
        int[] st = strides[o];
        for (int i = shape.length - 2; i >= 0; i--) {
            int d = shape[i];
            off += (rem % d) * st[i];
            rem /= d;
        }
        return off;
    }

    /** Rows per parallel task so that each task moves at least about 32k elements. */
    int grain() {
        return Math.max(1, 32768 / Math.max(1, inner));
    }
}

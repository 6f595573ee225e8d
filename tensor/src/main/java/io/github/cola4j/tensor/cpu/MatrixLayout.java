package io.github.cola4j.tensor.cpu;

import io.github.cola4j.tensor.Tensor;

/**
 * How the matrices of a [B, rows, cols] view sit in memory for GEMM: row-major with a leading dimension,
 * or transposed (column-major) with one. Any other layout has to be copied first.
 */
record MatrixLayout(boolean transposed, int ld) {

    static boolean usable(Tensor t) {
        return of(t) != null;
    }

    /** The layout of a [B, rows, cols] view, or null when neither row- nor column-major. */
    static MatrixLayout of(Tensor t) {
        int rows = t.dim(1);
        int cols = t.dim(2);
        int[] st = t.strides();
        int rs = st[1];
        int cs = st[2];
        if (cols == 1) {
            cs = 1;
        }
        if (rows == 1) {
            rs = Math.max(cols, 1);
        }
        if (cs == 1 && rs >= Math.max(cols, 1)) {
            return new MatrixLayout(false, rs);
        }
        if (rs == 1 && cs >= Math.max(rows, 1)) {
            return new MatrixLayout(true, cs);
        }
        return null;
    }
}

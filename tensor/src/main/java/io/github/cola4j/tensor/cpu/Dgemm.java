package io.github.cola4j.tensor.cpu;

/**
 * Double-precision general matrix multiply on row-major arrays: {@code C = alpha * op(A) * op(B) + beta * C}.
 *
 * <p>The float64 path of the library, written for clarity rather than peak speed: an i-k-j loop (unit stride
 * over rows of B and C) run in parallel over rows of C. A transposed B is first copied into row-major order.
 */
public final class Dgemm {

    private Dgemm() {
    }

    /**
     * Computes {@code C = alpha * op(A) * op(B) + beta * C}; same argument conventions as
     * {@link Sgemm#gemm}. When {@code beta == 0} the previous contents of C are ignored.
     *
     * @param transA whether A is stored transposed (k x m)
     * @param transB whether B is stored transposed (n x k)
     * @param m rows of op(A) and of C, at least 0
     * @param n columns of op(B) and of C, at least 0
     * @param k columns of op(A) and rows of op(B), at least 0; 0 leaves {@code beta * C}
     * @param alpha factor of the product; 0 skips the product, so NaN in A or B does not reach C
     * @param a array holding A, read only
     * @param aOff index of A's first element in {@code a}
     * @param lda distance between A's rows as stored, at least their length
     * @param b array holding B, read only
     * @param bOff index of B's first element in {@code b}
     * @param ldb distance between B's rows as stored, at least their length
     * @param beta factor of the previous C; 0 overwrites C, 1 accumulates into it
     * @param c array holding C, updated in place; elements between C's rows are left alone
     * @param cOff index of C's first element in {@code c}
     * @param ldc distance between C's rows, at least n
     * @throws IllegalArgumentException if a size or offset is negative or a leading dimension is too small
     * @throws ArrayIndexOutOfBoundsException if a matrix does not fit its array
     */
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha,
                            double[] a, int aOff, int lda, double[] b, int bOff, int ldb,
                            double beta, double[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative size: m=" + m + ", n=" + n + ", k=" + k);
        }
        Sgemm.checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        Sgemm.checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        Sgemm.checkMatrix("C", c, cOff, ldc, m, n);
        if (m == 0 || n == 0) {
            return;
        }
        final double[] bRows;
        final int bo;
        final int ldbRows;
        if (transB && k > 0) {
            bRows = new double[k * n];
            for (int j = 0; j < n; j++) {
                for (int p = 0; p < k; p++) {
                    bRows[p * n + j] = b[bOff + j * ldb + p];
                }
            }
            bo = 0;
            ldbRows = n;
        } else {
            bRows = b;
            bo = bOff;
            ldbRows = ldb;
        }
        int grain = Math.max(1, (int) Math.min(m, (1L << 16) / Math.max(1L, (long) n * Math.max(k, 1))));
        Parallel.forRange(m, grain, (from, to) -> {
            for (int i = from; i < to; i++) {
                int ci = cOff + i * ldc;
                if (beta == 0) {
                    java.util.Arrays.fill(c, ci, ci + n, 0.0);
                } else if (beta != 1) {
                    for (int j = 0; j < n; j++) {
                        c[ci + j] *= beta;
                    }
                }
                if (alpha == 0) {
                    continue;
                }
                for (int p = 0; p < k; p++) {
                    double x = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                    int bi = bo + p * ldbRows;
                    for (int j = 0; j < n; j++) {
                        c[ci + j] += x * bRows[bi + j];
                    }
                }
            }
        });
    }
}

package io.github.cola4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Sgemm (both kernels) and Dgemm against a naive triple loop in double precision. */
class SgemmProperties {

    /** Which implementation a check runs. */
    enum Path { VECTOR, PLAIN, SERIAL, ROW_DOT }

    @Property(tries = 150)
    void agreesWithNaiveProduct(@ForAll @IntRange(min = 1, max = 70) int m,
                                @ForAll @IntRange(min = 1, max = 70) int n,
                                @ForAll @IntRange(min = 1, max = 70) int k,
                                @ForAll boolean transA, @ForAll boolean transB,
                                @ForAll @IntRange(min = 0, max = 3) int pad,
                                @ForAll @IntRange(min = 0, max = 2) int betaCase,
                                @ForAll long seed) {
        float beta = new float[] {0f, 1f, -0.75f}[betaCase];
        float alpha = betaCase == 2 ? 1.5f : 1f;
        for (Path path : Path.values()) {
            check(path, transA, transB, m, n, k, alpha, beta, pad, seed);
        }
    }

    /**
     * Column blocks: B [blocks][k][inner] and C [blocks][m][inner] (each block padded by a few elements, as
     * the blocks' strides allow) are the k x n and m x n matrices of one product, n = blocks * inner; C's padding
     * is left alone. Against the naive product of the gathered matrices; depths over several KC passes included.
     */
    @Property(tries = 60)
    void columnBlocksAgreeWithNaiveProduct(@ForAll @IntRange(min = 1, max = 40) int m,
                                           @ForAll @IntRange(min = 1, max = 9) int blocks,
                                           @ForAll @IntRange(min = 1, max = 40) int inner,
                                           @ForAll @IntRange(min = 1, max = 600) int k,
                                           @ForAll boolean transA, @ForAll long seed) {
        Assume.that(VectorSupport.enabled()); // column blocks run on the Vector API kernel
        Random r = new Random(seed);
        int n = blocks * inner;
        int bOuter = k * inner + 3;
        int cOuter = m * inner + 2;
        float[] a = new float[m * k];
        float[] b = new float[blocks * bOuter];
        float[] c = new float[blocks * cOuter];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        java.util.Arrays.fill(c, Float.NaN);
        int lda = transA ? m : k;
        Sgemm.gemmColumnBlocks(transA, m, n, k, a, 0, lda, b, 0, inner, c, 0, inner,
                new Sgemm.ColumnBlocks(inner, bOuter, cOuter));
        for (int q = 0; q < blocks; q++) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < inner; j++) {
                    double want = 0;
                    double size = 0;
                    for (int p = 0; p < k; p++) {
                        double x = transA ? a[p * lda + i] : a[i * lda + p];
                        double term = x * b[q * bOuter + p * inner + j];
                        want += term;
                        size += Math.abs(term);
                    }
                    float got = c[q * cOuter + i * inner + j];
                    assertEquals(want, got, 1e-5 * (size + 1), "C[" + i + "][" + (q * inner + j) + "]");
                }
            }
            for (int pad = m * inner; pad < cOuter; pad++) {
                assertTrue(Float.isNaN(c[q * cOuter + pad]), "padding between C's blocks is left alone");
            }
        }
    }

    @Example
    void largeBlockedAndParallel() {
        // Several KC, MC and NC blocks, with ragged edges everywhere.
        for (Path path : Path.values()) {
            check(path, false, false, 203, 533, 611, 1f, 0f, 0, 1);
            check(path, true, true, 131, 290, 300, -2f, 0.5f, 3, 2);
            check(path, true, false, 97, 1030, 257, 1f, 1f, 1, 3);
            check(path, false, true, 1, 700, 513, 1f, 0f, 0, 4);
            check(path, false, false, 700, 1, 513, 1f, 0f, 2, 5);
        }
    }

    @Example
    void longDepthTransposedB() {
        // A * B^T with k over several row-dot passes and a ragged end, B rows over several blocks, ragged 4 x 4 edges
        for (Path path : Path.values()) {
            check(path, false, true, 37, 150, 2500, 1f, 0f, 1, 6);
            check(path, false, true, 9, 70, 1027, -0.5f, 1f, 0, 7);
            check(path, false, true, 3, 2, 300, 1f, -0.75f, 2, 8);
        }
    }

    @Example
    void betaZeroIgnoresNaNInC() {
        for (Path path : Path.values()) {
            int m = 13;
            int n = 37;
            int k = 9;
            float[] a = random(m * k, 7);
            float[] b = random(k * n, 8);
            float[] c = new float[m * n];
            java.util.Arrays.fill(c, Float.NaN);
            c[5] = Float.POSITIVE_INFINITY;
            call(path, false, false, m, n, k, 1f, a, 0, k, b, 0, n, 0f, c, 0, n);
            for (float v : c) {
                assertTrue(Float.isFinite(v), path + ": NaN/Inf leaked from C");
            }
        }
    }

    @Example
    void zeroDepthScalesC() {
        for (Path path : Path.values()) {
            float[] c = {1f, 2f, 3f, Float.NaN};
            call(path, false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 2f, c, 0, 2);
            assertEquals(2f, c[0]);
            assertEquals(6f, c[2]);
            call(path, false, false, 2, 2, 0, 1f, new float[0], 0, 1, new float[0], 0, 2, 0f, c, 0, 2);
            assertEquals(0f, c[3]);
        }
    }

    @Example
    void rejectsBadArguments() {
        float[] x = new float[4];
        assertThrows(IllegalArgumentException.class,
                () -> Sgemm.gemm(false, false, -1, 2, 2, 1f, x, 0, 2, x, 0, 2, 0f, x, 0, 2));
        assertThrows(IllegalArgumentException.class,
                () -> Sgemm.gemm(false, false, 2, 2, 2, 1f, x, 0, 1, x, 0, 2, 0f, x, 0, 2));
        assertThrows(ArrayIndexOutOfBoundsException.class,
                () -> Sgemm.gemm(false, false, 2, 2, 2, 1f, x, 1, 2, x, 0, 2, 0f, x, 0, 2));
    }

    @Property(tries = 60)
    void dgemmAgreesWithNaiveProduct(@ForAll @IntRange(min = 1, max = 40) int m,
                                     @ForAll @IntRange(min = 1, max = 40) int n,
                                     @ForAll @IntRange(min = 0, max = 40) int k,
                                     @ForAll boolean transA, @ForAll boolean transB,
                                     @ForAll @IntRange(min = 0, max = 2) int pad,
                                     @ForAll long seed) {
        Random r = new Random(seed);
        int lda = (transA ? m : k) + pad;
        int ldb = (transB ? k : n) + pad;
        int ldc = n + pad;
        double[] a = new double[3 + (transA ? k : m) * lda];
        double[] b = new double[2 + (transB ? n : k) * ldb];
        double[] c = new double[1 + m * ldc];
        for (int i = 0; i < a.length; i++) {
            a[i] = r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = r.nextGaussian();
        }
        for (int i = 0; i < c.length; i++) {
            c[i] = r.nextGaussian();
        }
        double[] c0 = c.clone();
        Dgemm.gemm(transA, transB, m, n, k, 0.5, a, 3, lda, b, 2, ldb, -1.25, c, 1, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += (transA ? a[3 + p * lda + i] : a[3 + i * lda + p])
                            * (transB ? b[2 + j * ldb + p] : b[2 + p * ldb + j]);
                }
                double expect = 0.5 * s - 1.25 * c0[1 + i * ldc + j];
                assertEquals(expect, c[1 + i * ldc + j], 1e-12 * (1 + Math.abs(s) + k));
            }
        }
    }

    private static void check(Path path, boolean transA, boolean transB, int m, int n, int k,
                              float alpha, float beta, int pad, long seed) {
        int aRows = transA ? k : m;
        int aCols = transA ? m : k;
        int bRows = transB ? n : k;
        int bCols = transB ? k : n;
        int lda = aCols + pad;
        int ldb = bCols + 2 * pad;
        int ldc = n + pad;
        int aOff = pad;
        int bOff = 2 * pad + 1;
        int cOff = 3 * pad;
        float[] a = random(aOff + aRows * lda, seed);
        float[] b = random(bOff + bRows * ldb, seed + 1);
        float[] c = random(cOff + m * ldc + pad, seed + 2);
        if (beta == 0f) {
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    c[cOff + i * ldc + j] = Float.NaN;
                }
            }
        }
        float[] c0 = c.clone();
        call(path, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                double mag = 0;
                for (int p = 0; p < k; p++) {
                    double x = transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
                    double y = transB ? b[bOff + j * ldb + p] : b[bOff + p * ldb + j];
                    s += x * y;
                    mag += Math.abs(x * y);
                }
                double old = beta == 0f ? 0 : c0[cOff + i * ldc + j];
                double expect = alpha * s + beta * old;
                double tol = 1e-5 * (Math.abs(alpha) * mag + Math.abs(beta * old)) + 1e-6;
                float got = c[cOff + i * ldc + j];
                if (!(Math.abs(got - expect) <= tol)) {
                    throw new AssertionError(path + " m=" + m + " n=" + n + " k=" + k + " transA=" + transA
                            + " transB=" + transB + " pad=" + pad + ": C[" + i + "][" + j + "] = " + got
                            + ", expected " + expect);
                }
            }
        }
        // Nothing outside the m x n window of C may change.
        for (int idx = 0; idx < c.length; idx++) {
            int rel = idx - cOff;
            boolean inside = rel >= 0 && rel / ldc < m && rel % ldc < n;
            if (!inside) {
                assertEquals(c0[idx], c[idx], path + ": element " + idx + " outside C was written");
            }
        }
    }

    private static void call(Path path, boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        switch (path) {
            case VECTOR -> {
                assertTrue(VectorSupport.enabled(), "tests run with --add-modules jdk.incubator.vector");
                Sgemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            }
            case PLAIN -> Sgemm.gemmPlain(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc);
            case SERIAL -> Sgemm.gemmSerial(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                    beta, c, cOff, ldc);
            // the row-dot kernel only computes A * B^T; the other layouts check the default path once more
            case ROW_DOT -> {
                if (!transA && transB) {
                    Sgemm.gemmRowDot(m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                } else {
                    Sgemm.gemm(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    static float[] random(int size, long seed) {
        Random r = new Random(seed);
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }
}

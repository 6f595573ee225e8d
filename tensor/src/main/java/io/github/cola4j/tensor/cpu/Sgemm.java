package io.github.cola4j.tensor.cpu;

/**
 * Single-precision general matrix multiply on row-major arrays: {@code C = alpha * op(A) * op(B) + beta * C}.
 *
 * <p>The product is computed in tiles of C that run in parallel on the shared {@link Parallel} pool. Within a
 * tile, panels of A and B are packed (GotoBLAS style) into per-thread buffers so that the innermost kernel reads
 * both with unit stride from cache. The innermost kernel is a register-blocked Vector API kernel when
 * {@link VectorSupport#enabled()}, and otherwise a plain loop that the JIT vectorises.
 */
public final class Sgemm {

    /** Depth of a packed panel (columns of A, rows of B). */
    private static final int KC = 256;
    /** Rows of C in one tile (upper bound). */
    private static final int MC = 96;
    /** Columns of C in one tile (upper bound). */
    private static final int NC = 256;
    /** Below this many multiply-adds a product runs on the calling thread. */
    private static final long PARALLEL_THRESHOLD = 1L << 17;
    /**
     * From this depth on, A * B^T runs as row dot products ({@link SgemmRowDot}) where the machine suits it: packing
     * both panels then costs about as much as the multiply-adds, while the lane reductions of the dot products
     * are paid once per {@link SgemmRowDot#KC} elements.
     */
    private static final int ROW_DOT_MIN_K = 256;

    /** Register block of the plain kernel (only used to round tile sizes). */
    private static final int PLAIN_MR = 4;
    private static final int PLAIN_NR = 16;

    private static final ThreadLocal<Scratch> PACK_A = Scratch.perThread();
    private static final ThreadLocal<Scratch> PACK_B = Scratch.perThread();
    private static final ThreadLocal<Scratch> TILE = Scratch.perThread();

    private Sgemm() {
    }

    /**
     * Where the columns of B and C lie when each is a batch of equal-width blocks rather than one matrix: column j
     * is column {@code j % inner} of block {@code j / inner}, the blocks {@code bOuter} (in B) and {@code cOuter}
     * (in C) elements apart, rows {@code ldb} and {@code ldc} apart within a block. A 1x1 convolution over a batch
     * of small images reads x [N, C, hw] and writes y [N, O, hw] as the [C, N hw] and [O, N hw] matrices of one
     * product this way, without copying them into that layout first.
     *
     * @param inner columns per block, at least 1
     * @param bOuter distance between B's blocks
     * @param cOuter distance between C's blocks
     */
    record ColumnBlocks(int inner, int bOuter, int cOuter) {
    }

    /**
     * {@code C = op(A) * B} (alpha 1, beta 0) with B's and C's columns in blocks ({@link ColumnBlocks}), on the
     * Vector API kernel (callers check {@link VectorSupport#enabled()}) and the pool's threads.
     *
     * @throws IllegalArgumentException if a size is negative or the Vector API is off
     * @throws ArrayIndexOutOfBoundsException if a matrix does not fit its array
     */
    static void gemmColumnBlocks(boolean transA, int m, int n, int k, float[] a, int aOff, int lda, float[] b,
                                 int bOff, int ldb, float[] c, int cOff, int ldc, ColumnBlocks blocks) {
        if (!VectorSupport.enabled()) {
            throw new IllegalArgumentException("column blocks need the Vector API kernel");
        }
        if (m < 0 || n < 0 || k < 0 || blocks.inner() < 1 || n % blocks.inner() != 0) {
            throw new IllegalArgumentException("bad sizes: m=" + m + ", n=" + n + ", k=" + k + ", blocks of "
                    + blocks.inner());
        }
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        if (m == 0 || n == 0) {
            return;
        }
        int last = n / blocks.inner() - 1;
        checkMatrix("B", b, bOff + last * blocks.bOuter(), ldb, k, blocks.inner());
        checkMatrix("C", c, cOff + last * blocks.cOuter(), ldc, m, blocks.inner());
        if (k == 0) {
            for (int j0 = 0; j0 < n; j0 += blocks.inner()) {
                scale(m, blocks.inner(), 0f, c, cOff + j0 / blocks.inner() * blocks.cOuter(), ldc);
            }
            return;
        }
        run(true, true, transA, false, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, c, cOff, ldc, blocks);
    }

    /**
     * Computes {@code C = alpha * op(A) * op(B) + beta * C} where op(X) is X or its transpose.
     *
     * <p>op(A) is m x k and op(B) is k x n. A is stored m x k (k x m when {@code transA}) with row stride
     * {@code lda} starting at {@code a[aOff]}; likewise B (k x n, or n x k when {@code transB}) and C (m x n).
     * When {@code beta == 0} the previous contents of C are ignored, even NaN or infinity.
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
    public static void gemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc) {
        run(VectorSupport.enabled(), true, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
    }

    /** As {@link #gemm}, always with the plain (non Vector API) kernel. */
    static void gemmPlain(boolean transA, boolean transB, int m, int n, int k, float alpha,
                          float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                          float beta, float[] c, int cOff, int ldc) {
        run(false, true, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
    }

    /** As {@link #gemm}, on the calling thread only (for callers that parallelise at a coarser level). */
    static void gemmSerial(boolean transA, boolean transB, int m, int n, int k, float alpha,
                           float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                           float beta, float[] c, int cOff, int ldc) {
        run(VectorSupport.enabled(), false, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb,
                beta, c, cOff, ldc);
    }

    static void run(boolean vector, boolean parallel, boolean transA, boolean transB, int m, int n, int k,
                    float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                    float beta, float[] c, int cOff, int ldc) {
        if (checkedAndTrivial(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc)) {
            return;
        }
        run(vector, parallel, transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc, null);
    }

    /** The product after the checks; {@code blocks} (vector kernel only) or null for plain matrices. */
    private static void run(boolean vector, boolean parallel, boolean transA, boolean transB, int m, int n, int k,
                            float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                            float beta, float[] c, int cOff, int ldc, ColumnBlocks blocks) {
        if (vector && !transA && transB && k >= ROW_DOT_MIN_K && SgemmRowDot.SUITED) {
            rowDot(parallel, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
            return;
        }
        int mr = vector ? SgemmVector.MR : PLAIN_MR;
        int nr = vector ? SgemmVector.NR : PLAIN_NR;
        int mc = Math.min(MC / mr * mr, roundUp(m, mr));
        int nc = Math.min(NC / nr * nr, roundUp(n, nr));
        // A tile is a strip of nc columns over mt rows: B's panel is packed once per strip and reused by each
        // block of mc rows, so B is packed once in all unless the rows are split to give every thread work.
        int mt = roundUp(m, mc);
        boolean par = parallel && Parallel.threads() > 1 && (long) m * n * k >= PARALLEL_THRESHOLD;
        if (par) {
            int want = 4 * Parallel.threads();
            // halve the tile's longer side: splitting rows packs B once more per strip, splitting columns A
            while (ceilDiv(m, mt) * ceilDiv(n, nc) < want) {
                boolean rowsSplit = mt > mc;
                boolean colsSplit = nc >= 4 * nr;
                if (rowsSplit && (mt >= nc || !colsSplit)) {
                    mt = roundUp(ceilDiv(mt, 2), mc);
                } else if (colsSplit) {
                    nc = roundUp(nc / 2, nr);
                } else if (mc > mr) {
                    mc = roundUp(mc / 2, mr);
                    mt = mc;
                } else {
                    break;
                }
            }
        }
        int mBlocks = ceilDiv(m, mt);
        int tiles = mBlocks * ceilDiv(n, nc);
        final int fmt = mt;
        final int fmc = mc;
        final int fnc = nc;
        int kcMax = Math.min(KC, k);
        Parallel.Range body = (from, to) -> {
            // the packing buffers are looked up once per range of tiles: small products run many tiles
            Scratch sa = PACK_A.get();
            Scratch sb = PACK_B.get();
            Scratch st = TILE.get();
            float[] ap = vector ? sa.acquire(fmc * kcMax) : null;
            float[] bp = sb.acquire(fnc * kcMax);
            float[] buffer = st.acquire(vector ? mr * nr : PLAIN_MR * fnc);
            try {
                for (int t = from; t < to; t++) {
                    int i0 = (t % mBlocks) * fmt;
                    int j0 = (t / mBlocks) * fnc;
                    int rows = Math.min(fmt, m - i0);
                    int cols = Math.min(fnc, n - j0);
                    if (vector) {
                        vectorTile(transA, transB, i0, rows, fmc, j0, cols, k, alpha, a, aOff, lda, b, bOff, ldb,
                                beta, c, cOff, ldc, ap, bp, buffer, blocks);
                    } else {
                        plainTile(transA, transB, i0, rows, j0, cols, k, alpha, a, aOff, lda, b, bOff, ldb,
                                beta, c, cOff, ldc, bp, buffer);
                    }
                }
            } finally {
                st.release();
                sb.release();
                if (vector) {
                    sa.release();
                }
            }
        };
        if (par) {
            Parallel.forRange(tiles, 1, body);
        } else {
            body.run(0, tiles);
        }
    }

    /** As {@link #gemm} with A * B^T through {@link SgemmRowDot} whatever the depth, where that kernel is suited. */
    static void gemmRowDot(int m, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff,
                           int ldb, float beta, float[] c, int cOff, int ldc) {
        if (!checkedAndTrivial(false, true, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc)) {
            rowDot(true, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, c, cOff, ldc);
        }
    }

    /**
     * Checks the sizes and that every matrix fits its array, then does what needs no product (an empty C; no depth
     * or alpha 0, which leave beta * C).
     *
     * @return true when C is done
     */
    private static boolean checkedAndTrivial(boolean transA, boolean transB, int m, int n, int k, float alpha,
                                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                             float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("negative size: m=" + m + ", n=" + n + ", k=" + k);
        }
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", c, cOff, ldc, m, n);
        if (m == 0 || n == 0) {
            return true;
        }
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return true;
        }
        return false;
    }

    /** A * B^T as dot products of rows, in groups of 4 rows of C spread over the pool. */
    private static void rowDot(boolean parallel, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                               float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        int groups = ceilDiv(m, 4);
        Parallel.Range body = (from, to) -> SgemmRowDot.rows(4 * from, Math.min(m, 4 * to), n, k, alpha, a, aOff,
                lda, b, bOff, ldb, beta, c, cOff, ldc);
        if (parallel && groups > 1 && Parallel.threads() > 1 && (long) m * n * k >= PARALLEL_THRESHOLD) {
            Parallel.forRange(groups, 1, body);
        } else {
            body.run(0, groups);
        }
    }

    /**
     * Rows {@code i0 .. i0+rows} by columns {@code j0 .. j0+cols} of C: for each depth panel, B's panel is packed
     * once, then A's, {@code mc} rows at a time, and the register kernel runs over every (mr x nr) block. The
     * buffers hold at least mc x kc (ap), cols x kc rounded up to nr (bp) and mr x nr (tile) floats.
     */
    private static void vectorTile(boolean transA, boolean transB, int i0, int rows, int mc, int j0, int cols, int k,
                                   float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                   float beta, float[] c, int cOff, int ldc, float[] ap, float[] bp, float[] tile,
                                   ColumnBlocks blocks) {
        final int mr = SgemmVector.MR;
        final int nr = SgemmVector.NR;
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            if (blocks == null) {
                packB(transB, b, bOff, ldb, p0, kc, j0, cols, nr, bp);
            } else {
                packBlockedB(b, bOff, ldb, p0, kc, j0, cols, nr, bp, blocks);
            }
            float betaNow = p0 == 0 ? beta : 1f;
            for (int ic = 0; ic < rows; ic += mc) {
                int mRows = Math.min(mc, rows - ic);
                packA(transA, a, aOff, lda, i0 + ic, mRows, p0, kc, mr, ap);
                for (int jr = 0; jr < cols; jr += nr) {
                    int nCols = Math.min(nr, cols - jr);
                    int bo = jr * kc;
                    for (int ir = 0; ir < mRows; ir += mr) {
                        int nRows = Math.min(mr, mRows - ir);
                        if (blocks != null) {
                            // C's columns are in blocks: through the tile, merged block segment by segment
                            SgemmVector.kernel(kc, ap, ir * kc, bp, bo, tile, 0, nr, 1f, 0f);
                            mergeBlocked(tile, nr, c, cOff + (i0 + ic + ir) * ldc, ldc, nRows, j0 + jr, nCols,
                                    alpha, betaNow, blocks);
                            continue;
                        }
                        int co = cOff + (i0 + ic + ir) * ldc + j0 + jr;
                        if (nRows == mr && nCols == nr) {
                            SgemmVector.kernel(kc, ap, ir * kc, bp, bo, c, co, ldc, alpha, betaNow);
                        } else {
                            // a ragged block goes through the tile, then only its rows and columns reach C
                            SgemmVector.kernel(kc, ap, ir * kc, bp, bo, tile, 0, nr, 1f, 0f);
                            merge(tile, nr, c, co, ldc, nRows, nCols, alpha, betaNow);
                        }
                    }
                }
            }
        }
    }

    /**
     * Plain kernel: B is packed as a row-major kc x cols block, and each row of C is accumulated in a
     * cache-resident temporary row by an axpy loop the JIT vectorises. The buffers hold at least cols x kc (bp)
     * and {@value #PLAIN_MR} x cols (acc) floats.
     */
    private static void plainTile(boolean transA, boolean transB, int i0, int rows, int j0, int cols, int k,
                                  float alpha, float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                  float beta, float[] c, int cOff, int ldc, float[] bp, float[] acc) {
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            packBRows(transB, b, bOff, ldb, p0, kc, j0, cols, bp);
            float betaNow = p0 == 0 ? beta : 1f;
            int i = 0;
            for (; i + 4 <= rows; i += 4) {
                java.util.Arrays.fill(acc, 0, 4 * cols, 0f);
                for (int p = 0; p < kc; p++) {
                    float x0 = elemA(transA, a, aOff, lda, i0 + i, p0 + p);
                    float x1 = elemA(transA, a, aOff, lda, i0 + i + 1, p0 + p);
                    float x2 = elemA(transA, a, aOff, lda, i0 + i + 2, p0 + p);
                    float x3 = elemA(transA, a, aOff, lda, i0 + i + 3, p0 + p);
                    int bo = p * cols;
                    for (int j = 0; j < cols; j++) {
                        float y = bp[bo + j];
                        acc[j] += x0 * y;
                        acc[cols + j] += x1 * y;
                        acc[2 * cols + j] += x2 * y;
                        acc[3 * cols + j] += x3 * y;
                    }
                }
                for (int r = 0; r < 4; r++) {
                    writeRow(acc, r * cols, c, cOff + (i0 + i + r) * ldc + j0, cols, alpha, betaNow);
                }
            }
            for (; i < rows; i++) {
                java.util.Arrays.fill(acc, 0, cols, 0f);
                for (int p = 0; p < kc; p++) {
                    float x0 = elemA(transA, a, aOff, lda, i0 + i, p0 + p);
                    int bo = p * cols;
                    for (int j = 0; j < cols; j++) {
                        acc[j] += x0 * bp[bo + j];
                    }
                }
                writeRow(acc, 0, c, cOff + (i0 + i) * ldc + j0, cols, alpha, betaNow);
            }
        }
    }

    /** C[0:rows, 0:cols] = alpha * tile + beta * C, reading C only when beta is not 0. */
    private static void merge(float[] tile, int ldt, float[] c, int co, int ldc, int rows, int cols,
                              float alpha, float beta) {
        for (int r = 0; r < rows; r++) {
            writeRow(tile, r * ldt, c, co + r * ldc, cols, alpha, beta);
        }
    }

    /**
     * {@link #merge} into C with its columns in blocks: columns {@code j0 .. j0+cols} of rows from {@code rowOff}
     * ({@code ldc} apart), walked as runs that stay inside one block.
     */
    private static void mergeBlocked(float[] tile, int ldt, float[] c, int rowOff, int ldc, int rows, int j0, int cols,
                                     float alpha, float beta, ColumnBlocks blocks) {
        int inner = blocks.inner();
        for (int r = 0; r < rows; r++) {
            int block = j0 / inner;
            int at = j0 % inner;
            for (int done = 0; done < cols; ) {
                int run = Math.min(inner - at, cols - done);
                writeRow(tile, r * ldt + done, c, rowOff + r * ldc + block * blocks.cOuter() + at, run, alpha, beta);
                done += run;
                block++;
                at = 0;
            }
        }
    }

    /** {@link #packB} (B not transposed) of a B whose columns are in blocks, copied run by run within a block. */
    private static void packBlockedB(float[] b, int bOff, int ldb, int p0, int kc, int j0, int cols, int nr,
                                     float[] bp, ColumnBlocks blocks) {
        int inner = blocks.inner();
        for (int jr = 0; jr < cols; jr += nr) {
            int n = Math.min(nr, cols - jr);
            int base = jr * kc;
            for (int p = 0; p < kc; p++) {
                int dst = base + p * nr;
                int block = (j0 + jr) / inner;
                int at = (j0 + jr) % inner;
                for (int done = 0; done < n; ) {
                    int run = Math.min(inner - at, n - done);
                    System.arraycopy(b, bOff + block * blocks.bOuter() + (p0 + p) * ldb + at, bp, dst + done, run);
                    done += run;
                    block++;
                    at = 0;
                }
                for (int j = n; j < nr; j++) {
                    bp[dst + j] = 0f;
                }
            }
        }
    }

    private static float elemA(boolean transA, float[] a, int aOff, int lda, int i, int p) {
        return transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p];
    }

    private static void writeRow(float[] acc, int ao, float[] c, int co, int cols, float alpha, float beta) {
        if (beta == 0f) {
            for (int j = 0; j < cols; j++) {
                c[co + j] = alpha * acc[ao + j];
            }
        } else {
            for (int j = 0; j < cols; j++) {
                c[co + j] = alpha * acc[ao + j] + beta * c[co + j];
            }
        }
    }

    /** Packs A[i0:i0+rows, p0:p0+kc] as micro-panels of mr rows, column by column, zero-padding the last. */
    private static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int rows, int p0, int kc,
                              int mr, float[] ap) {
        for (int ir = 0; ir < rows; ir += mr) {
            int n = Math.min(mr, rows - ir);
            int base = ir * kc;
            if (!transA) {
                for (int r = 0; r < n; r++) {
                    int src = aOff + (i0 + ir + r) * lda + p0;
                    for (int p = 0; p < kc; p++) {
                        ap[base + p * mr + r] = a[src + p];
                    }
                }
            } else {
                for (int p = 0; p < kc; p++) {
                    int src = aOff + (p0 + p) * lda + i0 + ir;
                    int dst = base + p * mr;
                    for (int r = 0; r < n; r++) {
                        ap[dst + r] = a[src + r];
                    }
                }
            }
            for (int r = n; r < mr; r++) {
                for (int p = 0; p < kc; p++) {
                    ap[base + p * mr + r] = 0f;
                }
            }
        }
    }

    /** Packs B[p0:p0+kc, j0:j0+cols] as micro-panels of nr columns, row by row, zero-padding the last. */
    private static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int cols,
                              int nr, float[] bp) {
        for (int jr = 0; jr < cols; jr += nr) {
            int n = Math.min(nr, cols - jr);
            int base = jr * kc;
            if (!transB) {
                for (int p = 0; p < kc; p++) {
                    int src = bOff + (p0 + p) * ldb + j0 + jr;
                    int dst = base + p * nr;
                    System.arraycopy(b, src, bp, dst, n);
                    for (int j = n; j < nr; j++) {
                        bp[dst + j] = 0f;
                    }
                }
            } else {
                for (int j = 0; j < n; j++) {
                    int src = bOff + (j0 + jr + j) * ldb + p0;
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * nr + j] = b[src + p];
                    }
                }
                for (int j = n; j < nr; j++) {
                    for (int p = 0; p < kc; p++) {
                        bp[base + p * nr + j] = 0f;
                    }
                }
            }
        }
    }

    /** Packs B[p0:p0+kc, j0:j0+cols] as a plain row-major kc x cols block. */
    private static void packBRows(boolean transB, float[] b, int bOff, int ldb, int p0, int kc, int j0, int cols,
                                  float[] bp) {
        if (!transB) {
            for (int p = 0; p < kc; p++) {
                System.arraycopy(b, bOff + (p0 + p) * ldb + j0, bp, p * cols, cols);
            }
        } else {
            for (int j = 0; j < cols; j++) {
                int src = bOff + (j0 + j) * ldb + p0;
                for (int p = 0; p < kc; p++) {
                    bp[p * cols + j] = b[src + p];
                }
            }
        }
    }

    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) {
                java.util.Arrays.fill(c, ci, ci + n, 0f);
            } else if (beta != 1f) {
                for (int j = 0; j < n; j++) {
                    c[ci + j] *= beta;
                }
            }
        }
    }

    static void checkMatrix(String name, Object array, int off, int ld, int rows, int cols) {
        if (off < 0) {
            throw new IllegalArgumentException("negative offset of " + name + ": " + off);
        }
        if (rows == 0 || cols == 0) {
            return;
        }
        if (ld < cols) {
            throw new IllegalArgumentException("leading dimension of " + name + " is " + ld
                    + " but its rows have " + cols + " elements");
        }
        long last = off + (long) (rows - 1) * ld + cols - 1;
        int length = java.lang.reflect.Array.getLength(array);
        if (last >= length) {
            throw new ArrayIndexOutOfBoundsException(name + " (" + rows + " x " + cols + ", offset " + off
                    + ", leading dimension " + ld + ") does not fit an array of length " + length);
        }
    }

    private static int roundUp(int x, int to) {
        return (x + to - 1) / to * to;
    }

    private static int ceilDiv(int x, int y) {
        return (x + y - 1) / y;
    }
}

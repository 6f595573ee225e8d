package io.github.cola4j.opencl;

/**
 * SGEMM kernels: C[b] (m x n) = A[b] (m x k) @ B[b] (k x n), or C += A @ B, for any element strides of A and B.
 * A(b, r, k) is at {@code gemmA + b * aBatchStride + r * aRowStride + k * aKStride}, B(b, k, c) at
 * {@code gemmB + b * bBatchStride + k * bKStride + c * bColStride}. The k axis may be split in two: k =
 * (k / kInner, k % kInner), the outer part stepping A by aKOuterStride and B by bKOuterStride (the pointwise weight
 * gradient sums over samples and pixels as one k; kInner = k and outer strides 0 otherwise). The column axis may
 * be split the same way: col = (col / colInner, col % colInner), the outer part stepping B by bColOuterStride and
 * C by cColOuterStride, C's rows cRowStride apart (a 1x1 convolution over a batch of small images is one product
 * whose columns are (sample, pixel); colInner = n, outer strides 0 and cRowStride = n otherwise). C(b, r, c) is
 * at {@code gemmC + b * m * n + r * cRowStride + (c / colInner) * cColOuterStride + c % colInner}.
 */
abstract class GemmKernels extends ReductionKernels {
    /** Arena offset of A. */
    final int gemmA() {
        return arg0;
    }

    /** Arena offset of B. */
    final int gemmB() {
        return arg1;
    }

    /** Arena offset of C. */
    final int gemmC() {
        return arg2;
    }

    /** A's step between batch entries. */
    final int aBatchStride() {
        return arg3;
    }

    /** A's step between rows. */
    final int aRowStride() {
        return arg4;
    }

    /** A's step along (the inner part of) k. */
    final int aKStride() {
        return arg5;
    }

    /** B's step between batch entries. */
    final int bBatchStride() {
        return arg6;
    }

    /** B's step along (the inner part of) k. */
    final int bKStride() {
        return arg7;
    }

    /** B's step between (inner) columns. */
    final int bColStride() {
        return arg8;
    }

    /** Rows of C. */
    final int gemmM() {
        return arg9;
    }

    /** Length of the summed axis. */
    final int gemmK() {
        return arg10;
    }

    /** Columns of C. */
    final int gemmN() {
        return arg11;
    }

    /** 1 to add the product to C, 0 to overwrite C. */
    final int accumulate() {
        return arg12;
    }

    /** Length of the inner part of k. */
    final int kInner() {
        return arg13;
    }

    /** A's step along the outer part of k. */
    final int aKOuterStride() {
        return arg14;
    }

    /** B's step along the outer part of k. */
    final int bKOuterStride() {
        return arg15;
    }

    /** Length of the inner part of the column axis. */
    final int colInner() {
        return arg16;
    }

    /** B's step along the outer part of the column axis. */
    final int bColOuterStride() {
        return arg17;
    }

    /** C's step between rows. */
    final int cRowStride() {
        return arg18;
    }

    /** C's step along the outer part of the column axis. */
    final int cColOuterStride() {
        return arg19;
    }

    /** 1 when the store adds a bias, {@code mem[gemmBiasAt + row * biasRowStep + col * biasColStep]}. */
    final int gemmHasBias() {
        return arg20;
    }

    /** Arena offset of the bias. */
    final int gemmBiasAt() {
        return arg21;
    }

    /** The bias' step per row of C (1 for a bias per row, else 0). */
    final int biasRowStep() {
        return arg22;
    }

    /** The bias' step per column of C (1 for a bias per column, else 0). */
    final int biasColStep() {
        return arg23;
    }

    GemmKernels(int capacity) {
        super(capacity);
    }

    /**
     * Operands of the next product.
     *
     * @param a arena offset of A
     * @param aBatch A's batch stride
     * @param aRow A's row stride
     * @param aK A's k stride (inner part)
     * @param b arena offset of B
     * @param bBatch B's batch stride
     * @param bK B's k stride (inner part)
     * @param bCol B's column stride (inner part)
     * @param c arena offset of C
     * @param add whether to add to C instead of overwriting it
     */
    final void gemmOperands(int a, int aBatch, int aRow, int aK, int b, int bBatch, int bK, int bCol, int c,
            boolean add) {
        arg0 = a;
        arg3 = aBatch;
        arg4 = aRow;
        arg5 = aK;
        arg1 = b;
        arg6 = bBatch;
        arg7 = bK;
        arg8 = bCol;
        arg2 = c;
        arg12 = add ? 1 : 0;
    }

    /**
     * Sizes and axis splits of the next product.
     *
     * @param m rows of C
     * @param k length of the summed axis
     * @param n columns of C
     * @param kIn length of k's inner part
     * @param aKOuter A's step along k's outer part
     * @param bKOuter B's step along k's outer part
     * @param nIn length of the column axis' inner part
     * @param bColOuter B's step along the column axis' outer part
     * @param cRow C's row stride
     * @param cColOuter C's step along the column axis' outer part
     */
    final void gemmShape(int m, int k, int n, int kIn, int aKOuter, int bKOuter, int nIn, int bColOuter, int cRow,
            int cColOuter) {
        arg9 = m;
        arg10 = k;
        arg11 = n;
        arg13 = kIn;
        arg14 = aKOuter;
        arg15 = bKOuter;
        arg16 = nIn;
        arg17 = bColOuter;
        arg18 = cRow;
        arg19 = cColOuter;
    }

    /**
     * The bias the product adds as it stores C, or none.
     *
     * @param at arena offset of the bias, or a negative value for none
     * @param rowStep the bias' step per row of C
     * @param colStep the bias' step per column of C
     */
    final void gemmBias(int at, int rowStep, int colStep) {
        arg20 = at >= 0 ? 1 : 0;
        arg21 = Math.max(at, 0);
        arg22 = rowStep;
        arg23 = colStep;
    }

    // ---------------------------------------------------------------- kernel code

    /**
     * C[b] (m x n at gemmC) = A[b] @ B[b], or C += A @ B when accumulate == 1; one output per work item. Work
     * groups of TILE x TILE items stage tiles of A and B in local memory.
     */
    final void gemm() {
        int col = getGlobalId(0);
        int row = getGlobalId(1);
        int b = getGlobalId(2);
        int lx = getLocalId(0);
        int ly = getLocalId(1);
        int m = gemmM();
        int kk = gemmK();
        int nn = gemmN();
        int aBase = gemmA() + b * aBatchStride();
        int bBase = gemmB() + b * bBatchStride();
        float acc = 0f;
        int tiles = (kk + TILE - 1) / TILE;
        for (int t = 0; t < tiles; t++) {
            int ak = t * TILE + lx;
            float av = 0f;
            if (row < m && ak < kk) {
                av = mem[aBase + row * aRowStride() + (ak / kInner()) * aKOuterStride() + (ak % kInner()) * aKStride()];
            }
            tileA[ly * TILE + lx] = av;
            int bk = t * TILE + ly;
            float bv = 0f;
            if (bk < kk && col < nn) {
                bv = mem[bBase + (bk / kInner()) * bKOuterStride() + (bk % kInner()) * bKStride()
                        + (col / colInner()) * bColOuterStride() + (col % colInner()) * bColStride()];
            }
            tileB[ly * TILE + lx] = bv;
            localBarrier();
            for (int u = 0; u < TILE; u++) {
                acc += tileA[ly * TILE + u] * tileB[u * TILE + lx];
            }
            localBarrier();
        }
        if (row < m && col < nn) {
            gemmStore(gemmC() + b * m * nn, row, col, acc);
        }
    }

    /**
     * Writes C(row, col) of the m x n matrix at cBase, or adds to it when accumulate == 1; plus the bias when
     * gemmHasBias == 1.
     */
    final void gemmStore(int cBase, int row, int col, float v) {
        int idx = cBase + row * cRowStride() + (col / colInner()) * cColOuterStride() + col % colInner();
        float out = v;
        if (gemmHasBias() == 1) {
            out = out + mem[gemmBiasAt() + row * biasRowStep() + col * biasColStep()];
        }
        if (accumulate() == 1) {
            mem[idx] = mem[idx] + out;
        } else {
            mem[idx] = out;
        }
    }

    /** {@link #gemmStore} of an element that may lie outside the matrix (the edge blocks of the blocked SGEMM). */
    final void gemmStoreChecked(int cBase, int row, int col, float v) {
        if (row < gemmM() && col < gemmN()) {
            gemmStore(cBase, row, col, v);
        }
    }

    /**
     * The same product as {@link #gemm}, register-blocked: a TILE x TILE work group computes a BLOCK x BLOCK block
     * of C, each item 4 x 4 outputs held in private variables, at rows rowBase + ly + 16 i and columns colBase +
     * lx + 16 j (i, j in 0..3), so that neighbouring items write neighbouring columns. Per step of BLOCK_K k values
     * the group stages a BLOCK x BLOCK_K panel of A and a BLOCK_K x BLOCK panel of B in local memory, both stored
     * k-major ({@code panel[k * BLOCK_LD + row or col]}), 4 elements per item for each. Each item then reads 4
     * values of A and 4 of B per k and does 16 multiply-adds, 4 times fewer local reads per multiply-add than
     * {@link #gemm}. Elements outside A or B load as zero, so any m, n, k work; the loads walk the operand along
     * whichever of its axes has stride 1 (rows or k), so transposed views load contiguous runs too.
     */
    final void gemmBlocked() {
        int lx = getLocalId(0);
        int ly = getLocalId(1);
        int colBase = getGroupId(0) * BLOCK;
        int rowBase = getGroupId(1) * BLOCK;
        int b = getGlobalId(2);
        int m = gemmM();
        int kk = gemmK();
        int nn = gemmN();
        int aBase = gemmA() + b * aBatchStride();
        int bBase = gemmB() + b * bBatchStride();
        int id = ly * TILE + lx;
        float c00 = 0f;
        float c01 = 0f;
        float c02 = 0f;
        float c03 = 0f;
        float c10 = 0f;
        float c11 = 0f;
        float c12 = 0f;
        float c13 = 0f;
        float c20 = 0f;
        float c21 = 0f;
        float c22 = 0f;
        float c23 = 0f;
        float c30 = 0f;
        float c31 = 0f;
        float c32 = 0f;
        float c33 = 0f;
        int steps = (kk + BLOCK_K - 1) / BLOCK_K;
        for (int t = 0; t < steps; t++) {
            int k0 = t * BLOCK_K;
            // BLOCK * BLOCK_K = 1024 elements per panel, TILE * TILE = 256 items: 4 loads of each per item
            for (int s = 0; s < 4; s++) {
                int e = id + s * (TILE * TILE);
                int ar = e % BLOCK;
                int ak = e / BLOCK;
                if (aKStride() == 1) {
                    ak = e % BLOCK_K;
                    ar = e / BLOCK_K;
                }
                int gr = rowBase + ar;
                int gka = k0 + ak;
                float av = 0f;
                if (gr < m && gka < kk) {
                    av = mem[aBase + gr * aRowStride() + (gka / kInner()) * aKOuterStride() + (gka % kInner()) * aKStride()];
                }
                tileA[ak * BLOCK_LD + ar] = av;
                int bc = e % BLOCK;
                int bk = e / BLOCK;
                if (bKStride() == 1 && bColStride() != 1) {
                    bk = e % BLOCK_K;
                    bc = e / BLOCK_K;
                }
                int gc = colBase + bc;
                int gkb = k0 + bk;
                float bv = 0f;
                if (gkb < kk && gc < nn) {
                    bv = mem[bBase + (gkb / kInner()) * bKOuterStride() + (gkb % kInner()) * bKStride()
                            + (gc / colInner()) * bColOuterStride() + (gc % colInner()) * bColStride()];
                }
                tileB[bk * BLOCK_LD + bc] = bv;
            }
            localBarrier();
            for (int u = 0; u < BLOCK_K; u++) {
                int pa = u * BLOCK_LD + ly;
                int pb = u * BLOCK_LD + lx;
                float a0 = tileA[pa];
                float a1 = tileA[pa + TILE];
                float a2 = tileA[pa + 2 * TILE];
                float a3 = tileA[pa + 3 * TILE];
                float b0 = tileB[pb];
                float b1 = tileB[pb + TILE];
                float b2 = tileB[pb + 2 * TILE];
                float b3 = tileB[pb + 3 * TILE];
                c00 += a0 * b0;
                c01 += a0 * b1;
                c02 += a0 * b2;
                c03 += a0 * b3;
                c10 += a1 * b0;
                c11 += a1 * b1;
                c12 += a1 * b2;
                c13 += a1 * b3;
                c20 += a2 * b0;
                c21 += a2 * b1;
                c22 += a2 * b2;
                c23 += a2 * b3;
                c30 += a3 * b0;
                c31 += a3 * b1;
                c32 += a3 * b2;
                c33 += a3 * b3;
            }
            localBarrier();
        }
        int cBase = gemmC() + b * m * nn;
        int r0 = rowBase + ly;
        int q0 = colBase + lx;
        gemmStoreChecked(cBase, r0, q0, c00);
        gemmStoreChecked(cBase, r0, q0 + TILE, c01);
        gemmStoreChecked(cBase, r0, q0 + 2 * TILE, c02);
        gemmStoreChecked(cBase, r0, q0 + 3 * TILE, c03);
        gemmStoreChecked(cBase, r0 + TILE, q0, c10);
        gemmStoreChecked(cBase, r0 + TILE, q0 + TILE, c11);
        gemmStoreChecked(cBase, r0 + TILE, q0 + 2 * TILE, c12);
        gemmStoreChecked(cBase, r0 + TILE, q0 + 3 * TILE, c13);
        gemmStoreChecked(cBase, r0 + 2 * TILE, q0, c20);
        gemmStoreChecked(cBase, r0 + 2 * TILE, q0 + TILE, c21);
        gemmStoreChecked(cBase, r0 + 2 * TILE, q0 + 2 * TILE, c22);
        gemmStoreChecked(cBase, r0 + 2 * TILE, q0 + 3 * TILE, c23);
        gemmStoreChecked(cBase, r0 + 3 * TILE, q0, c30);
        gemmStoreChecked(cBase, r0 + 3 * TILE, q0 + TILE, c31);
        gemmStoreChecked(cBase, r0 + 3 * TILE, q0 + 2 * TILE, c32);
        gemmStoreChecked(cBase, r0 + 3 * TILE, q0 + 3 * TILE, c33);
    }

    /** B's offset of column {@code col} (its outer and inner parts). */
    final int gemmColOffset(int col) {
        return (col / colInner()) * bColOuterStride() + (col % colInner()) * bColStride();
    }
}

package io.github.cola4j.opencl;

/**
 * SGEMM kernels for CPU devices (PoCL), the same products as {@link GemmKernels} (same arguments and layout of C).
 * A CPU OpenCL runtime runs the items of a work group one after the other in loops, vectorising across items only
 * where the code allows; local memory and barriers then cost more than they save, and a loop whose bound is the
 * same for every item is split into a region per iteration, with the item's variables kept in memory between them.
 * These kernels therefore use neither: each item computes a block of C with its accumulators in private variables,
 * its k loop bounded by a value that depends on the item (items outside C skip it), and loads that the compiler's
 * SLP vectoriser packs into SIMD loads and fused multiply-adds:
 *
 * <ul>
 * <li>{@link #gemmWide}: B's columns have stride 1 in runs of at least 4 (the inner part of the column axis is a
 * multiple of 4): each item computes {@link #WIDE_ROWS} x {@link #WIDE_COLS} of C, reading per k one value of A per
 * row and 4 runs of 4 consecutive values of B;</li>
 * <li>{@link #gemmDots}: A and B both have stride 1 along k (the 1x1 convolutions' weight gradients) and k's inner
 * part is a multiple of {@link #DOT_LANES}: each item computes {@link #DOT_ROWS} x {@link #DOT_COLS} of C as dot
 * products over k, {@link #DOT_LANES} consecutive k values at a time in separate partial sums, added at the end in a
 * fixed order.</li>
 * </ul>
 *
 * <p>Both launch {@link #CPU_GROUP} x {@link #CPU_GROUP} items per work group; {@code GemmOps} picks them on CPU
 * devices when the operands' strides allow, else the kernels of {@link GemmKernels}.
 */
abstract class GemmCpuKernels extends GemmKernels {
    /** Rows of C per item of {@link #gemmWide}. */
    static final int WIDE_ROWS = 4;
    /** Columns of C per item of {@link #gemmWide}: 4 runs of {@link #WIDE_RUN}. */
    static final int WIDE_COLS = 16;
    /** Length of the runs of consecutive columns of B that {@link #gemmWide} reads; B's column runs are multiples. */
    static final int WIDE_RUN = 4;
    /** Rows of C per item of {@link #gemmDots}. */
    static final int DOT_ROWS = 4;
    /** Columns of C per item of {@link #gemmDots}. */
    static final int DOT_COLS = 4;
    /** k values per step of {@link #gemmDots}, each summed in its own partial sum. */
    static final int DOT_LANES = 4;
    /** Side of the square work groups of both kernels. */
    static final int CPU_GROUP = 8;

    GemmCpuKernels(int capacity) {
        super(capacity);
    }

    /**
     * C = A @ B (or C += A @ B) when B's column stride is 1 and its column runs (the inner part of the column axis)
     * are multiples of 4 long: item (x, y) of the 2-D range computes rows {@code WIDE_ROWS * y ..} and columns
     * {@code WIDE_COLS * x ..} of C for batch entry z. Rows past C read its last row and columns past C its last run
     * of 4, and neither is stored, so the loop has no bounds checks.
     */
    final void gemmWide() {
        int b = getGlobalId(2);
        int m = gemmM();
        int kk = gemmK();
        int nn = gemmN();
        int row0 = getGlobalId(1) * WIDE_ROWS;
        int col0 = getGlobalId(0) * WIDE_COLS;
        int lastRow = m - 1;
        int ar = aRowStride();
        int aBase = gemmA() + b * aBatchStride();
        int a0 = aBase + (row0 < lastRow ? row0 : lastRow) * ar;
        int a1 = aBase + (row0 + 1 < lastRow ? row0 + 1 : lastRow) * ar;
        int a2 = aBase + (row0 + 2 < lastRow ? row0 + 2 : lastRow) * ar;
        int a3 = aBase + (row0 + 3 < lastRow ? row0 + 3 : lastRow) * ar;
        int bBase = gemmB() + b * bBatchStride();
        int lastRun = nn - WIDE_RUN;
        int p0 = bBase + gemmColOffset(col0 < lastRun ? col0 : lastRun);
        int p1 = bBase + gemmColOffset(col0 + 4 < lastRun ? col0 + 4 : lastRun);
        int p2 = bBase + gemmColOffset(col0 + 8 < lastRun ? col0 + 8 : lastRun);
        int p3 = bBase + gemmColOffset(col0 + 12 < lastRun ? col0 + 12 : lastRun);
        float c0_0 = 0f;
        float c0_1 = 0f;
        float c0_2 = 0f;
        float c0_3 = 0f;
        float c0_4 = 0f;
        float c0_5 = 0f;
        float c0_6 = 0f;
        float c0_7 = 0f;
        float c0_8 = 0f;
        float c0_9 = 0f;
        float c0_10 = 0f;
        float c0_11 = 0f;
        float c0_12 = 0f;
        float c0_13 = 0f;
        float c0_14 = 0f;
        float c0_15 = 0f;
        float c1_0 = 0f;
        float c1_1 = 0f;
        float c1_2 = 0f;
        float c1_3 = 0f;
        float c1_4 = 0f;
        float c1_5 = 0f;
        float c1_6 = 0f;
        float c1_7 = 0f;
        float c1_8 = 0f;
        float c1_9 = 0f;
        float c1_10 = 0f;
        float c1_11 = 0f;
        float c1_12 = 0f;
        float c1_13 = 0f;
        float c1_14 = 0f;
        float c1_15 = 0f;
        float c2_0 = 0f;
        float c2_1 = 0f;
        float c2_2 = 0f;
        float c2_3 = 0f;
        float c2_4 = 0f;
        float c2_5 = 0f;
        float c2_6 = 0f;
        float c2_7 = 0f;
        float c2_8 = 0f;
        float c2_9 = 0f;
        float c2_10 = 0f;
        float c2_11 = 0f;
        float c2_12 = 0f;
        float c2_13 = 0f;
        float c2_14 = 0f;
        float c2_15 = 0f;
        float c3_0 = 0f;
        float c3_1 = 0f;
        float c3_2 = 0f;
        float c3_3 = 0f;
        float c3_4 = 0f;
        float c3_5 = 0f;
        float c3_6 = 0f;
        float c3_7 = 0f;
        float c3_8 = 0f;
        float c3_9 = 0f;
        float c3_10 = 0f;
        float c3_11 = 0f;
        float c3_12 = 0f;
        float c3_13 = 0f;
        float c3_14 = 0f;
        float c3_15 = 0f;
        int kIn = kInner();
        // the bound depends on the item (outside C: no sum), so PoCL keeps the loop inside the work item
        int kOut = row0 < m && col0 < nn ? kk / kIn : 0;
        int ak = aKStride();
        int bk = bKStride();
        for (int ko = 0; ko < kOut; ko++) {
            int ao = ko * aKOuterStride();
            int bo = ko * bKOuterStride();
            for (int ki = 0; ki < kIn; ki++) {
                int pa = ao + ki * ak;
                int pb = bo + ki * bk;
                float x0 = mem[a0 + pa];
                float x1 = mem[a1 + pa];
                float x2 = mem[a2 + pa];
                float x3 = mem[a3 + pa];
                int s0 = p0 + pb;
                float y0 = mem[s0];
                float y1 = mem[s0 + 1];
                float y2 = mem[s0 + 2];
                float y3 = mem[s0 + 3];
                int s1 = p1 + pb;
                float y4 = mem[s1];
                float y5 = mem[s1 + 1];
                float y6 = mem[s1 + 2];
                float y7 = mem[s1 + 3];
                int s2 = p2 + pb;
                float y8 = mem[s2];
                float y9 = mem[s2 + 1];
                float y10 = mem[s2 + 2];
                float y11 = mem[s2 + 3];
                int s3 = p3 + pb;
                float y12 = mem[s3];
                float y13 = mem[s3 + 1];
                float y14 = mem[s3 + 2];
                float y15 = mem[s3 + 3];
                c0_0 += x0 * y0;
                c0_1 += x0 * y1;
                c0_2 += x0 * y2;
                c0_3 += x0 * y3;
                c0_4 += x0 * y4;
                c0_5 += x0 * y5;
                c0_6 += x0 * y6;
                c0_7 += x0 * y7;
                c0_8 += x0 * y8;
                c0_9 += x0 * y9;
                c0_10 += x0 * y10;
                c0_11 += x0 * y11;
                c0_12 += x0 * y12;
                c0_13 += x0 * y13;
                c0_14 += x0 * y14;
                c0_15 += x0 * y15;
                c1_0 += x1 * y0;
                c1_1 += x1 * y1;
                c1_2 += x1 * y2;
                c1_3 += x1 * y3;
                c1_4 += x1 * y4;
                c1_5 += x1 * y5;
                c1_6 += x1 * y6;
                c1_7 += x1 * y7;
                c1_8 += x1 * y8;
                c1_9 += x1 * y9;
                c1_10 += x1 * y10;
                c1_11 += x1 * y11;
                c1_12 += x1 * y12;
                c1_13 += x1 * y13;
                c1_14 += x1 * y14;
                c1_15 += x1 * y15;
                c2_0 += x2 * y0;
                c2_1 += x2 * y1;
                c2_2 += x2 * y2;
                c2_3 += x2 * y3;
                c2_4 += x2 * y4;
                c2_5 += x2 * y5;
                c2_6 += x2 * y6;
                c2_7 += x2 * y7;
                c2_8 += x2 * y8;
                c2_9 += x2 * y9;
                c2_10 += x2 * y10;
                c2_11 += x2 * y11;
                c2_12 += x2 * y12;
                c2_13 += x2 * y13;
                c2_14 += x2 * y14;
                c2_15 += x2 * y15;
                c3_0 += x3 * y0;
                c3_1 += x3 * y1;
                c3_2 += x3 * y2;
                c3_3 += x3 * y3;
                c3_4 += x3 * y4;
                c3_5 += x3 * y5;
                c3_6 += x3 * y6;
                c3_7 += x3 * y7;
                c3_8 += x3 * y8;
                c3_9 += x3 * y9;
                c3_10 += x3 * y10;
                c3_11 += x3 * y11;
                c3_12 += x3 * y12;
                c3_13 += x3 * y13;
                c3_14 += x3 * y14;
                c3_15 += x3 * y15;
            }
        }
        int cBase = gemmC() + b * m * nn;
        gemmStoreChecked(cBase, row0, col0, c0_0);
        gemmStoreChecked(cBase, row0, col0 + 1, c0_1);
        gemmStoreChecked(cBase, row0, col0 + 2, c0_2);
        gemmStoreChecked(cBase, row0, col0 + 3, c0_3);
        gemmStoreChecked(cBase, row0, col0 + 4, c0_4);
        gemmStoreChecked(cBase, row0, col0 + 5, c0_5);
        gemmStoreChecked(cBase, row0, col0 + 6, c0_6);
        gemmStoreChecked(cBase, row0, col0 + 7, c0_7);
        gemmStoreChecked(cBase, row0, col0 + 8, c0_8);
        gemmStoreChecked(cBase, row0, col0 + 9, c0_9);
        gemmStoreChecked(cBase, row0, col0 + 10, c0_10);
        gemmStoreChecked(cBase, row0, col0 + 11, c0_11);
        gemmStoreChecked(cBase, row0, col0 + 12, c0_12);
        gemmStoreChecked(cBase, row0, col0 + 13, c0_13);
        gemmStoreChecked(cBase, row0, col0 + 14, c0_14);
        gemmStoreChecked(cBase, row0, col0 + 15, c0_15);
        gemmStoreChecked(cBase, row0 + 1, col0, c1_0);
        gemmStoreChecked(cBase, row0 + 1, col0 + 1, c1_1);
        gemmStoreChecked(cBase, row0 + 1, col0 + 2, c1_2);
        gemmStoreChecked(cBase, row0 + 1, col0 + 3, c1_3);
        gemmStoreChecked(cBase, row0 + 1, col0 + 4, c1_4);
        gemmStoreChecked(cBase, row0 + 1, col0 + 5, c1_5);
        gemmStoreChecked(cBase, row0 + 1, col0 + 6, c1_6);
        gemmStoreChecked(cBase, row0 + 1, col0 + 7, c1_7);
        gemmStoreChecked(cBase, row0 + 1, col0 + 8, c1_8);
        gemmStoreChecked(cBase, row0 + 1, col0 + 9, c1_9);
        gemmStoreChecked(cBase, row0 + 1, col0 + 10, c1_10);
        gemmStoreChecked(cBase, row0 + 1, col0 + 11, c1_11);
        gemmStoreChecked(cBase, row0 + 1, col0 + 12, c1_12);
        gemmStoreChecked(cBase, row0 + 1, col0 + 13, c1_13);
        gemmStoreChecked(cBase, row0 + 1, col0 + 14, c1_14);
        gemmStoreChecked(cBase, row0 + 1, col0 + 15, c1_15);
        gemmStoreChecked(cBase, row0 + 2, col0, c2_0);
        gemmStoreChecked(cBase, row0 + 2, col0 + 1, c2_1);
        gemmStoreChecked(cBase, row0 + 2, col0 + 2, c2_2);
        gemmStoreChecked(cBase, row0 + 2, col0 + 3, c2_3);
        gemmStoreChecked(cBase, row0 + 2, col0 + 4, c2_4);
        gemmStoreChecked(cBase, row0 + 2, col0 + 5, c2_5);
        gemmStoreChecked(cBase, row0 + 2, col0 + 6, c2_6);
        gemmStoreChecked(cBase, row0 + 2, col0 + 7, c2_7);
        gemmStoreChecked(cBase, row0 + 2, col0 + 8, c2_8);
        gemmStoreChecked(cBase, row0 + 2, col0 + 9, c2_9);
        gemmStoreChecked(cBase, row0 + 2, col0 + 10, c2_10);
        gemmStoreChecked(cBase, row0 + 2, col0 + 11, c2_11);
        gemmStoreChecked(cBase, row0 + 2, col0 + 12, c2_12);
        gemmStoreChecked(cBase, row0 + 2, col0 + 13, c2_13);
        gemmStoreChecked(cBase, row0 + 2, col0 + 14, c2_14);
        gemmStoreChecked(cBase, row0 + 2, col0 + 15, c2_15);
        gemmStoreChecked(cBase, row0 + 3, col0, c3_0);
        gemmStoreChecked(cBase, row0 + 3, col0 + 1, c3_1);
        gemmStoreChecked(cBase, row0 + 3, col0 + 2, c3_2);
        gemmStoreChecked(cBase, row0 + 3, col0 + 3, c3_3);
        gemmStoreChecked(cBase, row0 + 3, col0 + 4, c3_4);
        gemmStoreChecked(cBase, row0 + 3, col0 + 5, c3_5);
        gemmStoreChecked(cBase, row0 + 3, col0 + 6, c3_6);
        gemmStoreChecked(cBase, row0 + 3, col0 + 7, c3_7);
        gemmStoreChecked(cBase, row0 + 3, col0 + 8, c3_8);
        gemmStoreChecked(cBase, row0 + 3, col0 + 9, c3_9);
        gemmStoreChecked(cBase, row0 + 3, col0 + 10, c3_10);
        gemmStoreChecked(cBase, row0 + 3, col0 + 11, c3_11);
        gemmStoreChecked(cBase, row0 + 3, col0 + 12, c3_12);
        gemmStoreChecked(cBase, row0 + 3, col0 + 13, c3_13);
        gemmStoreChecked(cBase, row0 + 3, col0 + 14, c3_14);
        gemmStoreChecked(cBase, row0 + 3, col0 + 15, c3_15);
    }

    /**
     * C = A @ B (or C += A @ B) when A and B both have stride 1 along k and k's inner part is a multiple of
     * {@link #DOT_LANES}: item (x, y) computes rows {@code DOT_ROWS * y ..} and columns {@code DOT_COLS * x ..} of C
     * for batch entry z, each output as {@link #DOT_LANES} partial sums over k that are added at the end. Rows and
     * columns past C read its last row or column and are not stored.
     */
    final void gemmDots() {
        int b = getGlobalId(2);
        int m = gemmM();
        int kk = gemmK();
        int nn = gemmN();
        int row0 = getGlobalId(1) * DOT_ROWS;
        int col0 = getGlobalId(0) * DOT_COLS;
        int lastRow = m - 1;
        int lastCol = nn - 1;
        int ar = aRowStride();
        int aBase = gemmA() + b * aBatchStride();
        int a0 = aBase + (row0 < lastRow ? row0 : lastRow) * ar;
        int a1 = aBase + (row0 + 1 < lastRow ? row0 + 1 : lastRow) * ar;
        int a2 = aBase + (row0 + 2 < lastRow ? row0 + 2 : lastRow) * ar;
        int a3 = aBase + (row0 + 3 < lastRow ? row0 + 3 : lastRow) * ar;
        int bBase = gemmB() + b * bBatchStride();
        int b0 = bBase + gemmColOffset(col0 < lastCol ? col0 : lastCol);
        int b1 = bBase + gemmColOffset(col0 + 1 < lastCol ? col0 + 1 : lastCol);
        int b2 = bBase + gemmColOffset(col0 + 2 < lastCol ? col0 + 2 : lastCol);
        int b3 = bBase + gemmColOffset(col0 + 3 < lastCol ? col0 + 3 : lastCol);
        float c00_0 = 0f;
        float c00_1 = 0f;
        float c00_2 = 0f;
        float c00_3 = 0f;
        float c01_0 = 0f;
        float c01_1 = 0f;
        float c01_2 = 0f;
        float c01_3 = 0f;
        float c02_0 = 0f;
        float c02_1 = 0f;
        float c02_2 = 0f;
        float c02_3 = 0f;
        float c03_0 = 0f;
        float c03_1 = 0f;
        float c03_2 = 0f;
        float c03_3 = 0f;
        float c10_0 = 0f;
        float c10_1 = 0f;
        float c10_2 = 0f;
        float c10_3 = 0f;
        float c11_0 = 0f;
        float c11_1 = 0f;
        float c11_2 = 0f;
        float c11_3 = 0f;
        float c12_0 = 0f;
        float c12_1 = 0f;
        float c12_2 = 0f;
        float c12_3 = 0f;
        float c13_0 = 0f;
        float c13_1 = 0f;
        float c13_2 = 0f;
        float c13_3 = 0f;
        float c20_0 = 0f;
        float c20_1 = 0f;
        float c20_2 = 0f;
        float c20_3 = 0f;
        float c21_0 = 0f;
        float c21_1 = 0f;
        float c21_2 = 0f;
        float c21_3 = 0f;
        float c22_0 = 0f;
        float c22_1 = 0f;
        float c22_2 = 0f;
        float c22_3 = 0f;
        float c23_0 = 0f;
        float c23_1 = 0f;
        float c23_2 = 0f;
        float c23_3 = 0f;
        float c30_0 = 0f;
        float c30_1 = 0f;
        float c30_2 = 0f;
        float c30_3 = 0f;
        float c31_0 = 0f;
        float c31_1 = 0f;
        float c31_2 = 0f;
        float c31_3 = 0f;
        float c32_0 = 0f;
        float c32_1 = 0f;
        float c32_2 = 0f;
        float c32_3 = 0f;
        float c33_0 = 0f;
        float c33_1 = 0f;
        float c33_2 = 0f;
        float c33_3 = 0f;
        int kIn = kInner();
        // the bound depends on the item (outside C: no sum), so PoCL keeps the loop inside the work item
        int kOut = row0 < m && col0 < nn ? kk / kIn : 0;
        for (int ko = 0; ko < kOut; ko++) {
            int ao = ko * aKOuterStride();
            int bo = ko * bKOuterStride();
            for (int ki = 0; ki < kIn; ki += DOT_LANES) {
                int u0 = a0 + ao + ki;
                float x0_0 = mem[u0];
                float x0_1 = mem[u0 + 1];
                float x0_2 = mem[u0 + 2];
                float x0_3 = mem[u0 + 3];
                int u1 = a1 + ao + ki;
                float x1_0 = mem[u1];
                float x1_1 = mem[u1 + 1];
                float x1_2 = mem[u1 + 2];
                float x1_3 = mem[u1 + 3];
                int u2 = a2 + ao + ki;
                float x2_0 = mem[u2];
                float x2_1 = mem[u2 + 1];
                float x2_2 = mem[u2 + 2];
                float x2_3 = mem[u2 + 3];
                int u3 = a3 + ao + ki;
                float x3_0 = mem[u3];
                float x3_1 = mem[u3 + 1];
                float x3_2 = mem[u3 + 2];
                float x3_3 = mem[u3 + 3];
                int v0 = b0 + bo + ki;
                float y0_0 = mem[v0];
                float y0_1 = mem[v0 + 1];
                float y0_2 = mem[v0 + 2];
                float y0_3 = mem[v0 + 3];
                int v1 = b1 + bo + ki;
                float y1_0 = mem[v1];
                float y1_1 = mem[v1 + 1];
                float y1_2 = mem[v1 + 2];
                float y1_3 = mem[v1 + 3];
                int v2 = b2 + bo + ki;
                float y2_0 = mem[v2];
                float y2_1 = mem[v2 + 1];
                float y2_2 = mem[v2 + 2];
                float y2_3 = mem[v2 + 3];
                int v3 = b3 + bo + ki;
                float y3_0 = mem[v3];
                float y3_1 = mem[v3 + 1];
                float y3_2 = mem[v3 + 2];
                float y3_3 = mem[v3 + 3];
                c00_0 += x0_0 * y0_0;
                c00_1 += x0_1 * y0_1;
                c00_2 += x0_2 * y0_2;
                c00_3 += x0_3 * y0_3;
                c01_0 += x0_0 * y1_0;
                c01_1 += x0_1 * y1_1;
                c01_2 += x0_2 * y1_2;
                c01_3 += x0_3 * y1_3;
                c02_0 += x0_0 * y2_0;
                c02_1 += x0_1 * y2_1;
                c02_2 += x0_2 * y2_2;
                c02_3 += x0_3 * y2_3;
                c03_0 += x0_0 * y3_0;
                c03_1 += x0_1 * y3_1;
                c03_2 += x0_2 * y3_2;
                c03_3 += x0_3 * y3_3;
                c10_0 += x1_0 * y0_0;
                c10_1 += x1_1 * y0_1;
                c10_2 += x1_2 * y0_2;
                c10_3 += x1_3 * y0_3;
                c11_0 += x1_0 * y1_0;
                c11_1 += x1_1 * y1_1;
                c11_2 += x1_2 * y1_2;
                c11_3 += x1_3 * y1_3;
                c12_0 += x1_0 * y2_0;
                c12_1 += x1_1 * y2_1;
                c12_2 += x1_2 * y2_2;
                c12_3 += x1_3 * y2_3;
                c13_0 += x1_0 * y3_0;
                c13_1 += x1_1 * y3_1;
                c13_2 += x1_2 * y3_2;
                c13_3 += x1_3 * y3_3;
                c20_0 += x2_0 * y0_0;
                c20_1 += x2_1 * y0_1;
                c20_2 += x2_2 * y0_2;
                c20_3 += x2_3 * y0_3;
                c21_0 += x2_0 * y1_0;
                c21_1 += x2_1 * y1_1;
                c21_2 += x2_2 * y1_2;
                c21_3 += x2_3 * y1_3;
                c22_0 += x2_0 * y2_0;
                c22_1 += x2_1 * y2_1;
                c22_2 += x2_2 * y2_2;
                c22_3 += x2_3 * y2_3;
                c23_0 += x2_0 * y3_0;
                c23_1 += x2_1 * y3_1;
                c23_2 += x2_2 * y3_2;
                c23_3 += x2_3 * y3_3;
                c30_0 += x3_0 * y0_0;
                c30_1 += x3_1 * y0_1;
                c30_2 += x3_2 * y0_2;
                c30_3 += x3_3 * y0_3;
                c31_0 += x3_0 * y1_0;
                c31_1 += x3_1 * y1_1;
                c31_2 += x3_2 * y1_2;
                c31_3 += x3_3 * y1_3;
                c32_0 += x3_0 * y2_0;
                c32_1 += x3_1 * y2_1;
                c32_2 += x3_2 * y2_2;
                c32_3 += x3_3 * y2_3;
                c33_0 += x3_0 * y3_0;
                c33_1 += x3_1 * y3_1;
                c33_2 += x3_2 * y3_2;
                c33_3 += x3_3 * y3_3;
            }
        }
        int cBase = gemmC() + b * m * nn;
        gemmStoreChecked(cBase, row0, col0, (c00_0 + c00_1) + (c00_2 + c00_3));
        gemmStoreChecked(cBase, row0, col0 + 1, (c01_0 + c01_1) + (c01_2 + c01_3));
        gemmStoreChecked(cBase, row0, col0 + 2, (c02_0 + c02_1) + (c02_2 + c02_3));
        gemmStoreChecked(cBase, row0, col0 + 3, (c03_0 + c03_1) + (c03_2 + c03_3));
        gemmStoreChecked(cBase, row0 + 1, col0, (c10_0 + c10_1) + (c10_2 + c10_3));
        gemmStoreChecked(cBase, row0 + 1, col0 + 1, (c11_0 + c11_1) + (c11_2 + c11_3));
        gemmStoreChecked(cBase, row0 + 1, col0 + 2, (c12_0 + c12_1) + (c12_2 + c12_3));
        gemmStoreChecked(cBase, row0 + 1, col0 + 3, (c13_0 + c13_1) + (c13_2 + c13_3));
        gemmStoreChecked(cBase, row0 + 2, col0, (c20_0 + c20_1) + (c20_2 + c20_3));
        gemmStoreChecked(cBase, row0 + 2, col0 + 1, (c21_0 + c21_1) + (c21_2 + c21_3));
        gemmStoreChecked(cBase, row0 + 2, col0 + 2, (c22_0 + c22_1) + (c22_2 + c22_3));
        gemmStoreChecked(cBase, row0 + 2, col0 + 3, (c23_0 + c23_1) + (c23_2 + c23_3));
        gemmStoreChecked(cBase, row0 + 3, col0, (c30_0 + c30_1) + (c30_2 + c30_3));
        gemmStoreChecked(cBase, row0 + 3, col0 + 1, (c31_0 + c31_1) + (c31_2 + c31_3));
        gemmStoreChecked(cBase, row0 + 3, col0 + 2, (c32_0 + c32_1) + (c32_2 + c32_3));
        gemmStoreChecked(cBase, row0 + 3, col0 + 3, (c33_0 + c33_1) + (c33_2 + c33_3));
    }
}

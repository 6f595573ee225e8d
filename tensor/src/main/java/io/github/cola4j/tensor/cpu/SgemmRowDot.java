package io.github.cola4j.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@code C = alpha * A * B^T + beta * C} for A stored m x k and B stored n x k, both contiguous along k: each
 * element of C is the dot product of a row of A and a row of B. This is the shape of a convolution's weight
 * gradient (k is the number of output positions, often thousands, while m and n are channel counts), where
 * {@link Sgemm}'s packing of both panels would cost as much as the multiply-adds themselves. Here nothing is
 * packed: a register block of 4 rows of A by 4 rows of B keeps 16 vector accumulators along k, and each block's
 * sums are reduced across lanes once per {@link #KC} elements of k.
 *
 * <p>The 16 accumulators and 8 operands need 24 vector registers, so {@link #SUITED} is true only where vectors
 * are 16 floats wide (AVX-512, 32 registers); elsewhere {@link Sgemm} keeps its packed kernel. Only loaded when
 * {@link VectorSupport#enabled()}.
 */
final class SgemmRowDot {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Whether this kernel fits the machine's vector registers (see the class comment). */
    static final boolean SUITED = L >= 16;
    /** Elements of k per pass: 4 KB of each row, so a block's 8 rows stay in the L1 cache. */
    static final int KC = 1024;
    /** Rows of B per pass: 64 row chunks of {@link #KC} floats (256 KB) stay in L2 while every row of A meets them. */
    private static final int NB = 64;

    /**
     * The lanes that each level of {@link #block4x4}'s lane reduction adds, for vectors of 16 lanes: level h (8, 4,
     * 2, 1) takes two vectors P and Q, each holding 16 / (2h) partial sums of 2h lanes, and halves every partial
     * sum, lane i of a sum plus lane i + h, into one vector of P's halved sums followed by Q's.
     */
    private static final VectorShuffle<Float> LOW8 = halves(8, 0);
    private static final VectorShuffle<Float> HIGH8 = halves(8, 8);
    private static final VectorShuffle<Float> LOW4 = halves(4, 0);
    private static final VectorShuffle<Float> HIGH4 = halves(4, 4);
    private static final VectorShuffle<Float> LOW2 = halves(2, 0);
    private static final VectorShuffle<Float> HIGH2 = halves(2, 2);
    private static final VectorShuffle<Float> LOW1 = halves(1, 0);
    private static final VectorShuffle<Float> HIGH1 = halves(1, 1);

    private SgemmRowDot() {
    }

    /**
     * A two-vector shuffle for one level of the lane reduction: output lane t takes, from P (t below L/2) or Q,
     * lane 2h g + o + {@code shift} with g, o the group and offset of t mod L/2 in groups of h lanes. Source
     * lanes of Q are numbered from L, as {@link FloatVector#rearrange(VectorShuffle, jdk.incubator.vector.Vector)}
     * reads them from its second vector.
     */
    private static VectorShuffle<Float> halves(int h, int shift) {
        if (L != 16) {
            return null; // the reduction is only written for 16 lanes
        }
        int[] source = new int[L];
        for (int t = 0; t < L; t++) {
            int u = t % (L / 2);
            source[t] = (t / (L / 2)) * L + 2 * h * (u / h) + u % h + shift;
        }
        return VectorShuffle.fromArray(S, source, 0);
    }

    /**
     * Rows {@code i0} (inclusive) to {@code i1} (exclusive) of C; the arguments are those of {@link Sgemm#gemm}
     * with {@code transA = false} and {@code transB = true}, already checked.
     */
    static void rows(int i0, int i1, int n, int k, float alpha, float[] a, int aOff, int lda, float[] b, int bOff,
                     int ldb, float beta, float[] c, int cOff, int ldc) {
        float[] sums = new float[16];
        float[] lanes = new float[16 * L]; // the accumulators' lanes, summed in a fixed order (LaneSums)
        for (int p0 = 0; p0 < k; p0 += KC) {
            int kc = Math.min(KC, k - p0);
            // the first pass applies beta (beta 0 ignores what C held); later passes add to C
            float b0 = p0 == 0 ? beta : 1f;
            for (int j0 = 0; j0 < n; j0 += NB) {
                int j1 = Math.min(n, j0 + NB);
                int i = i0;
                for (; i + 4 <= i1; i += 4) {
                    int j = j0;
                    for (; j + 4 <= j1; j += 4) {
                        block4x4(kc, a, aOff + i * lda + p0, lda, b, bOff + j * ldb + p0, ldb, sums, lanes);
                        for (int r = 0; r < 4; r++) {
                            for (int q = 0; q < 4; q++) {
                                store(c, cOff + (i + r) * ldc + j + q, alpha * sums[4 * r + q], b0);
                            }
                        }
                    }
                    for (; j < j1; j++) {
                        for (int r = 0; r < 4; r++) {
                            float s = dot(kc, a, aOff + (i + r) * lda + p0, b, bOff + j * ldb + p0, lanes);
                            store(c, cOff + (i + r) * ldc + j, alpha * s, b0);
                        }
                    }
                }
                for (; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        float s = dot(kc, a, aOff + i * lda + p0, b, bOff + j * ldb + p0, lanes);
                        store(c, cOff + i * ldc + j, alpha * s, b0);
                    }
                }
            }
        }
    }

    private static void store(float[] c, int at, float product, float beta) {
        c[at] = beta == 0f ? product : product + beta * c[at];
    }

    /** sums[4 r + q] = (row r of the A block) . (row q of the B block) over kc elements. */
    private static void block4x4(int kc, float[] a, int a0, int lda, float[] b, int b0, int ldb, float[] sums,
            float[] lanes) {
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int b1 = b0 + ldb;
        int b2 = b1 + ldb;
        int b3 = b2 + ldb;
        FloatVector s00 = FloatVector.zero(S);
        FloatVector s01 = s00;
        FloatVector s02 = s00;
        FloatVector s03 = s00;
        FloatVector s10 = s00;
        FloatVector s11 = s00;
        FloatVector s12 = s00;
        FloatVector s13 = s00;
        FloatVector s20 = s00;
        FloatVector s21 = s00;
        FloatVector s22 = s00;
        FloatVector s23 = s00;
        FloatVector s30 = s00;
        FloatVector s31 = s00;
        FloatVector s32 = s00;
        FloatVector s33 = s00;
        int p = 0;
        for (; p <= kc - L; p += L) {
            FloatVector y0 = FloatVector.fromArray(S, b, b0 + p);
            FloatVector y1 = FloatVector.fromArray(S, b, b1 + p);
            FloatVector y2 = FloatVector.fromArray(S, b, b2 + p);
            FloatVector y3 = FloatVector.fromArray(S, b, b3 + p);
            FloatVector x = FloatVector.fromArray(S, a, a0 + p);
            s00 = x.fma(y0, s00);
            s01 = x.fma(y1, s01);
            s02 = x.fma(y2, s02);
            s03 = x.fma(y3, s03);
            x = FloatVector.fromArray(S, a, a1 + p);
            s10 = x.fma(y0, s10);
            s11 = x.fma(y1, s11);
            s12 = x.fma(y2, s12);
            s13 = x.fma(y3, s13);
            x = FloatVector.fromArray(S, a, a2 + p);
            s20 = x.fma(y0, s20);
            s21 = x.fma(y1, s21);
            s22 = x.fma(y2, s22);
            s23 = x.fma(y3, s23);
            x = FloatVector.fromArray(S, a, a3 + p);
            s30 = x.fma(y0, s30);
            s31 = x.fma(y1, s31);
            s32 = x.fma(y2, s32);
            s33 = x.fma(y3, s33);
        }
        if (L == 16) {
            // The 16 lane sums at once, in LaneSums' tree order (lane i + lane i + 8, then + 4, + 2, + 1): four
            // levels of lane-wise adds of shuffled halves leave sums[4 r + q] in lane 4 r + q. The same bits as
            // the scalar tree below, in a tenth of the instructions.
            FloatVector t0 = s00.rearrange(LOW8, s01).add(s00.rearrange(HIGH8, s01));
            FloatVector t1 = s02.rearrange(LOW8, s03).add(s02.rearrange(HIGH8, s03));
            FloatVector t2 = s10.rearrange(LOW8, s11).add(s10.rearrange(HIGH8, s11));
            FloatVector t3 = s12.rearrange(LOW8, s13).add(s12.rearrange(HIGH8, s13));
            FloatVector t4 = s20.rearrange(LOW8, s21).add(s20.rearrange(HIGH8, s21));
            FloatVector t5 = s22.rearrange(LOW8, s23).add(s22.rearrange(HIGH8, s23));
            FloatVector t6 = s30.rearrange(LOW8, s31).add(s30.rearrange(HIGH8, s31));
            FloatVector t7 = s32.rearrange(LOW8, s33).add(s32.rearrange(HIGH8, s33));
            FloatVector u0 = t0.rearrange(LOW4, t1).add(t0.rearrange(HIGH4, t1));
            FloatVector u1 = t2.rearrange(LOW4, t3).add(t2.rearrange(HIGH4, t3));
            FloatVector u2 = t4.rearrange(LOW4, t5).add(t4.rearrange(HIGH4, t5));
            FloatVector u3 = t6.rearrange(LOW4, t7).add(t6.rearrange(HIGH4, t7));
            FloatVector v0 = u0.rearrange(LOW2, u1).add(u0.rearrange(HIGH2, u1));
            FloatVector v1 = u2.rearrange(LOW2, u3).add(u2.rearrange(HIGH2, u3));
            v0.rearrange(LOW1, v1).add(v0.rearrange(HIGH1, v1)).intoArray(sums, 0);
        } else {
            // other vector lengths (the kernel runs only where vectors have at least 16 lanes): through an array
            s00.intoArray(lanes, 0);
            s01.intoArray(lanes, L);
            s02.intoArray(lanes, 2 * L);
            s03.intoArray(lanes, 3 * L);
            s10.intoArray(lanes, 4 * L);
            s11.intoArray(lanes, 5 * L);
            s12.intoArray(lanes, 6 * L);
            s13.intoArray(lanes, 7 * L);
            s20.intoArray(lanes, 8 * L);
            s21.intoArray(lanes, 9 * L);
            s22.intoArray(lanes, 10 * L);
            s23.intoArray(lanes, 11 * L);
            s30.intoArray(lanes, 12 * L);
            s31.intoArray(lanes, 13 * L);
            s32.intoArray(lanes, 14 * L);
            s33.intoArray(lanes, 15 * L);
            for (int i = 0; i < 16; i++) {
                sums[i] = LaneSums.sum(lanes, i * L, L);
            }
        }
        if (p < kc) {
            // the ragged end, in scalar code: EfficientNet's depths are whole vectors, and masked vector
            // loads were not reliably compiled to vector instructions (they allocated when they were not)
            for (int r = 0; r < 4; r++) {
                for (int q = 0; q < 4; q++) {
                    sums[4 * r + q] += tail(p, kc, a, a0 + r * lda, b, b0 + q * ldb);
                }
            }
        }
    }

    /** Sum over {@code from <= p < kc} of a[a0 + p] * b[b0 + p]. */
    private static float tail(int from, int kc, float[] a, int a0, float[] b, int b0) {
        float t = 0;
        for (int p = from; p < kc; p++) {
            t += a[a0 + p] * b[b0 + p];
        }
        return t;
    }

    /** One row of A against one row of B, for the edges of the 4 x 4 blocks. */
    private static float dot(int kc, float[] a, int a0, float[] b, int b0, float[] lanes) {
        FloatVector s = FloatVector.zero(S);
        int p = 0;
        for (; p <= kc - L; p += L) {
            s = FloatVector.fromArray(S, a, a0 + p).fma(FloatVector.fromArray(S, b, b0 + p), s);
        }
        s.intoArray(lanes, 0);
        return LaneSums.sum(lanes, 0, L) + tail(p, kc, a, a0, b, b0);
    }
}

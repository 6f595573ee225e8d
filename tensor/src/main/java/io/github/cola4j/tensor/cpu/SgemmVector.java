package io.github.cola4j.tensor.cpu;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API micro-kernel of {@link Sgemm}: a register block of {@link #MR} rows by {@link #NR} columns
 * (two vectors of the preferred species) held in twelve accumulators and updated with fused multiply-adds.
 *
 * <p>Only loaded when {@link VectorSupport#enabled()}; every signature uses primitives and arrays so that
 * callers never make the JVM resolve a Vector API type unless this class is in use.
 */
final class SgemmVector {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** Rows of the register block. */
    static final int MR = 6;
    /** Columns of the register block. */
    static final int NR = 2 * L;

    private SgemmVector() {
    }

    /**
     * C = alpha * (packed A micro-panel) * (packed B micro-panel) + beta * C for one MR x NR block of C at
     * {@code c[co]}, rows {@code ldc} apart; the merge runs on vectors. A ragged block of C is computed into a
     * tile (ldc = NR, alpha 1, beta 0) and merged by the caller.
     *
     * @param kc    depth of the panels
     * @param ap    A micro-panel: {@code kc} groups of {@link #MR} values (one column of the block each)
     * @param bp    B micro-panel: {@code kc} groups of {@link #NR} values (one row of the block each)
     * @param c     receives the block
     * @param alpha factor of the product
     * @param beta  factor of what C held; 0 ignores it (even NaN)
     */
    static void kernel(int kc, float[] ap, int ao, float[] bp, int bo, float[] c, int co, int ldc, float alpha,
                       float beta) {
        FloatVector c00 = FloatVector.zero(S);
        FloatVector c01 = c00;
        FloatVector c10 = c00;
        FloatVector c11 = c00;
        FloatVector c20 = c00;
        FloatVector c21 = c00;
        FloatVector c30 = c00;
        FloatVector c31 = c00;
        FloatVector c40 = c00;
        FloatVector c41 = c00;
        FloatVector c50 = c00;
        FloatVector c51 = c00;
        int a = ao;
        int b = bo;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(S, bp, b);
            FloatVector b1 = FloatVector.fromArray(S, bp, b + L);
            FloatVector x = FloatVector.broadcast(S, ap[a]);
            c00 = x.fma(b0, c00);
            c01 = x.fma(b1, c01);
            x = FloatVector.broadcast(S, ap[a + 1]);
            c10 = x.fma(b0, c10);
            c11 = x.fma(b1, c11);
            x = FloatVector.broadcast(S, ap[a + 2]);
            c20 = x.fma(b0, c20);
            c21 = x.fma(b1, c21);
            x = FloatVector.broadcast(S, ap[a + 3]);
            c30 = x.fma(b0, c30);
            c31 = x.fma(b1, c31);
            x = FloatVector.broadcast(S, ap[a + 4]);
            c40 = x.fma(b0, c40);
            c41 = x.fma(b1, c41);
            x = FloatVector.broadcast(S, ap[a + 5]);
            c50 = x.fma(b0, c50);
            c51 = x.fma(b1, c51);
            a += MR;
            b += NR;
        }
        // C = alpha * block + beta * C; beta 0 ignores what C held (even NaN)
        int r1 = co + ldc;
        int r2 = r1 + ldc;
        int r3 = r2 + ldc;
        int r4 = r3 + ldc;
        int r5 = r4 + ldc;
        if (beta == 0f) {
            c00.mul(alpha).intoArray(c, co);
            c01.mul(alpha).intoArray(c, co + L);
            c10.mul(alpha).intoArray(c, r1);
            c11.mul(alpha).intoArray(c, r1 + L);
            c20.mul(alpha).intoArray(c, r2);
            c21.mul(alpha).intoArray(c, r2 + L);
            c30.mul(alpha).intoArray(c, r3);
            c31.mul(alpha).intoArray(c, r3 + L);
            c40.mul(alpha).intoArray(c, r4);
            c41.mul(alpha).intoArray(c, r4 + L);
            c50.mul(alpha).intoArray(c, r5);
            c51.mul(alpha).intoArray(c, r5 + L);
        } else {
            FloatVector.fromArray(S, c, co).mul(beta).add(c00.mul(alpha)).intoArray(c, co);
            FloatVector.fromArray(S, c, co + L).mul(beta).add(c01.mul(alpha)).intoArray(c, co + L);
            FloatVector.fromArray(S, c, r1).mul(beta).add(c10.mul(alpha)).intoArray(c, r1);
            FloatVector.fromArray(S, c, r1 + L).mul(beta).add(c11.mul(alpha)).intoArray(c, r1 + L);
            FloatVector.fromArray(S, c, r2).mul(beta).add(c20.mul(alpha)).intoArray(c, r2);
            FloatVector.fromArray(S, c, r2 + L).mul(beta).add(c21.mul(alpha)).intoArray(c, r2 + L);
            FloatVector.fromArray(S, c, r3).mul(beta).add(c30.mul(alpha)).intoArray(c, r3);
            FloatVector.fromArray(S, c, r3 + L).mul(beta).add(c31.mul(alpha)).intoArray(c, r3 + L);
            FloatVector.fromArray(S, c, r4).mul(beta).add(c40.mul(alpha)).intoArray(c, r4);
            FloatVector.fromArray(S, c, r4 + L).mul(beta).add(c41.mul(alpha)).intoArray(c, r4 + L);
            FloatVector.fromArray(S, c, r5).mul(beta).add(c50.mul(alpha)).intoArray(c, r5);
            FloatVector.fromArray(S, c, r5 + L).mul(beta).add(c51.mul(alpha)).intoArray(c, r5 + L);
        }
    }
}

package io.github.cola4j.audio;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API kernels of {@link Resampler}'s block path: {@link Resampler#BLOCK} outputs at once as
 * multiply-adds of a broadcast input sample with a row of the block's table. Loaded only when
 * {@code jdk.incubator.vector} is present (see {@link Dot}).
 */
final class VectorResample {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int B = Resampler.BLOCK;

    private VectorResample() {
    }

    /** Whether a block is a whole number of vectors of the preferred species. */
    static boolean fits() {
        return S.length() <= B && B % S.length() == 0;
    }

    /**
     * One block: {@code y[yOff + l] = sum_m x[in + m] * t[tOff + m * B + l]} for {@code l < B}, {@code m < span}.
     */
    static void block(float[] x, int in, float[] t, int tOff, int span, float[] y, int yOff) {
        int lanes = S.length();
        for (int v = 0; v < B; v += lanes) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            int m = 0;
            for (; m + 1 < span; m += 2) {
                a0 = FloatVector.broadcast(S, x[in + m]).fma(FloatVector.fromArray(S, t, tOff + m * B + v), a0);
                a1 = FloatVector.broadcast(S, x[in + m + 1]).fma(FloatVector.fromArray(S, t, tOff + (m + 1) * B + v), a1);
            }
            if (m < span) {
                a0 = FloatVector.broadcast(S, x[in + m]).fma(FloatVector.fromArray(S, t, tOff + m * B + v), a0);
            }
            a0.add(a1).intoArray(y, yOff + v);
        }
    }

    /**
     * Four blocks that share a table, their inputs {@code inStride} samples and their outputs {@code yStride}
     * samples apart: {@link #block} for {@code (in + k * inStride, yOff + k * yStride)}, {@code k < 4}.
     */
    static void blocks4(float[] x, int in, int inStride, float[] t, int tOff, int span, float[] y, int yOff,
            int yStride) {
        int lanes = S.length();
        int in1 = in + inStride;
        int in2 = in1 + inStride;
        int in3 = in2 + inStride;
        for (int v = 0; v < B; v += lanes) {
            FloatVector a0 = FloatVector.zero(S);
            FloatVector a1 = FloatVector.zero(S);
            FloatVector a2 = FloatVector.zero(S);
            FloatVector a3 = FloatVector.zero(S);
            for (int m = 0; m < span; m++) {
                FloatVector h = FloatVector.fromArray(S, t, tOff + m * B + v);
                a0 = FloatVector.broadcast(S, x[in + m]).fma(h, a0);
                a1 = FloatVector.broadcast(S, x[in1 + m]).fma(h, a1);
                a2 = FloatVector.broadcast(S, x[in2 + m]).fma(h, a2);
                a3 = FloatVector.broadcast(S, x[in3 + m]).fma(h, a3);
            }
            a0.intoArray(y, yOff + v);
            a1.intoArray(y, yOff + yStride + v);
            a2.intoArray(y, yOff + 2 * yStride + v);
            a3.intoArray(y, yOff + 3 * yStride + v);
        }
    }
}

package io.github.cola4j.tensor.cpu;

import java.util.ArrayList;
import java.util.List;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The sum of a vector's lanes in one fixed order, the same in every run. {@code reduceLanes(ADD)} leaves the
 * order of a floating-point reduction unspecified, and in practice the interpreter, C1 and C2 add the lanes in
 * different orders: a method that runs before and after the JIT compiles it gives results that differ in the
 * last bits, so a seeded training run did not repeat exactly. Here the lanes are added as a fixed tree (lane i plus lane
 * i + L/2, then + L/4, ...), either as lane-wise adds of rotated copies or, from lanes stored in an array, in
 * scalar code; every tier computes both alike, and both give the same bits.
 */
public final class LaneSums {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Rotations by L/2, L/4, ..., 1 lanes. */
    private static final List<VectorShuffle<Float>> ROTATIONS = rotations();

    private LaneSums() {
    }

    private static List<VectorShuffle<Float>> rotations() {
        List<VectorShuffle<Float>> r = new ArrayList<>();
        for (int h = S.length() / 2; h >= 1; h /= 2) {
            r.add(VectorShuffle.iota(S, h, 1, true));
        }
        return List.copyOf(r);
    }

    /**
     * The sum of the lanes of a vector of the preferred species, added in the fixed tree order, with lane-wise
     * adds of rotated copies. For small kernels, into which the JIT inlines it; a large kernel stores its vectors
     * and calls {@link #sum(float[], int, int)} instead (a vector passed to a method that is not inlined is boxed).
     *
     * @param v a vector of {@link FloatVector#SPECIES_PREFERRED}
     * @return the sum of its lanes, bit for bit the same whichever JIT tier runs this
     */
    public static float sum(FloatVector v) {
        FloatVector s = v;
        for (int i = 0; i < ROTATIONS.size(); i++) {
            s = s.add(s.rearrange(ROTATIONS.get(i)));
        }
        return s.lane(0);
    }

    /**
     * The sum of a vector's lanes, stored by the caller with {@code v.intoArray(lanes, offset)}, added in the
     * fixed tree order: lane i plus lane i + L/2, then i + L/4, ..., 1 (the lanes' values are overwritten). The
     * vector itself is not passed: a vector handed to a method the JIT does not inline is boxed on the heap (in a
     * large kernel such as the SGEMM's 4 x 4 row-dot block, 16 vectors per block, gigabytes per training step),
     * while a store to an array is one instruction.
     *
     * @param lanes an array holding the lanes at {@code offset .. offset + length - 1}
     * @param offset where the lanes start
     * @param length the number of lanes, a power of two (the species' length)
     * @return the sum, bit for bit the same whichever JIT tier runs the caller
     */
    public static float sum(float[] lanes, int offset, int length) {
        for (int h = length / 2; h >= 1; h /= 2) {
            for (int i = 0; i < h; i++) {
                lanes[offset + i] += lanes[offset + i + h];
            }
        }
        return lanes[offset];
    }
}

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
 * last bits, so a seeded training run did not repeat exactly. Here the lanes are added as a fixed tree (lane i
 * plus lane i + L/2, then + L/4, ...), each step a lane-wise add, which every tier computes alike.
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
     * The sum of the lanes of a vector of the preferred species, added in a fixed tree order.
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
}

package io.github.cola4j.audio;

import io.github.cola4j.tensor.cpu.LaneSums;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/** Dot products with the Vector API; loaded only when {@code jdk.incubator.vector} is present (see {@link Dot}). */
final class VectorDot {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    private VectorDot() {
    }

    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        int lanes = S.length();
        FloatVector acc0 = FloatVector.zero(S);
        FloatVector acc1 = FloatVector.zero(S);
        int i = 0;
        // two independent chains hide the FMA latency
        for (; i + 2 * lanes <= n; i += 2 * lanes) {
            acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
            acc1 = FloatVector.fromArray(S, a, aOff + i + lanes).fma(FloatVector.fromArray(S, b, bOff + i + lanes), acc1);
        }
        for (; i + lanes <= n; i += lanes) {
            acc0 = FloatVector.fromArray(S, a, aOff + i).fma(FloatVector.fromArray(S, b, bOff + i), acc0);
        }
        float r = LaneSums.sum(acc0.add(acc1));
        for (; i < n; i++) {
            r += a[aOff + i] * b[bOff + i];
        }
        return r;
    }
}

package io.github.cola4j.audio;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link Mp3Synthesis} with the windowing on the Vector API: the 32 outputs of a block as vectors, 16 fused
 * multiply-adds each. Loaded only when {@code jdk.incubator.vector} is present (see {@link Dot}).
 */
final class VectorMp3Synthesis extends Mp3Synthesis {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;

    VectorMp3Synthesis(float gain) {
        super(gain);
    }

    @Override
    void window(float[] out, int off) {
        float[] w = window;
        float[] vv = v;
        int lanes = S.length();
        for (int j = 0; j < 32; j += lanes) {
            FloatVector acc0 = FloatVector.zero(S);
            FloatVector acc1 = FloatVector.zero(S);
            for (int i = 0; i < 8; i++) {
                int a = ((slot + 2 * i) & 15) * 64 + j;
                int b = ((slot + 2 * i + 1) & 15) * 64 + 32 + j;
                int d0 = 64 * i + j;
                acc0 = FloatVector.fromArray(S, w, d0).fma(FloatVector.fromArray(S, vv, a), acc0);
                acc1 = FloatVector.fromArray(S, w, d0 + 32).fma(FloatVector.fromArray(S, vv, b), acc1);
            }
            acc0.add(acc1).intoArray(out, off + j);
        }
    }
}

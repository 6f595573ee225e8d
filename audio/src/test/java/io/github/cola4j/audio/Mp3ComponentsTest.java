package io.github.cola4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The Layer III decoder's transforms against their defining formulas. */
class Mp3ComponentsTest {

    @Test
    void longImdctMatchesTheDefinition() {
        Random r = new Random(1);
        float[] in = new float[18 + 5];
        for (int i = 0; i < in.length; i++) {
            in[i] = (float) r.nextGaussian();
        }
        float[] x = new float[36];
        new Mp3Imdct().long36(in, 5, x);
        for (int i = 0; i < 36; i++) {
            double want = 0;
            for (int k = 0; k < 18; k++) {
                want += in[5 + k] * Math.cos(Math.PI / 72 * (2 * i + 19) * (2 * k + 1));
            }
            assertEquals(want, x[i], 1e-4, "x[" + i + "]");
        }
    }

    @Test
    void shortImdctMatchesTheDefinition() {
        Random r = new Random(2);
        float[] in = new float[18];
        int[] idx = new int[18];
        for (int i = 0; i < 18; i++) {
            in[i] = (float) r.nextGaussian();
            idx[i] = 17 - i;
        }
        float[] x = new float[12];
        new Mp3Imdct().short12(in, idx, 1, x);
        for (int i = 0; i < 12; i++) {
            double want = 0;
            for (int k = 0; k < 6; k++) {
                want += in[idx[1 + 3 * k]] * Math.cos(Math.PI / 24 * (2 * i + 7) * (2 * k + 1));
            }
            assertEquals(want, x[i], 1e-4, "x[" + i + "]");
        }
    }

    /** The synthesis filterbank of ISO/IEC 11172-3 Figure A.2, literally, in double precision. */
    private static final class ReferenceSynthesis {
        final double[] v = new double[1024];

        void block(float[] s, int off, double[] out, int outOff) {
            System.arraycopy(v, 0, v, 64, 960);
            for (int i = 0; i < 64; i++) {
                double sum = 0;
                for (int k = 0; k < 32; k++) {
                    sum += Math.cos((16 + i) * (2 * k + 1) * Math.PI / 64) * s[off + k];
                }
                v[i] = sum;
            }
            double[] u = new double[512];
            for (int i = 0; i < 8; i++) {
                for (int j = 0; j < 32; j++) {
                    u[i * 64 + j] = v[i * 128 + j];
                    u[i * 64 + 32 + j] = v[i * 128 + 96 + j];
                }
            }
            for (int j = 0; j < 32; j++) {
                double sum = 0;
                for (int i = 0; i < 16; i++) {
                    sum += u[j + 32 * i] * Mp3Synthesis.D[j + 32 * i];
                }
                out[outOff + j] = sum;
            }
        }
    }

    @Test
    void synthesisMatchesTheStandardsFigure() {
        Random r = new Random(3);
        int blocks = 40;
        float[] s = new float[blocks * 32];
        for (int i = 0; i < s.length; i++) {
            s[i] = (float) r.nextGaussian() * 0.1f;
        }
        double[] want = new double[s.length];
        ReferenceSynthesis ref = new ReferenceSynthesis();
        for (int b = 0; b < blocks; b++) {
            ref.block(s, b * 32, want, b * 32);
        }
        for (Mp3Synthesis syn : new Mp3Synthesis[] {new Mp3Synthesis(1f), Dot.VECTOR ? new VectorMp3Synthesis(1f) : new Mp3Synthesis(1f)}) {
            float[] got = new float[s.length];
            syn.synthesize(s, blocks, got, 0);
            for (int i = 0; i < s.length; i++) {
                assertEquals(want[i], got[i], 1e-5, syn.getClass().getSimpleName() + " sample " + i);
            }
        }
    }

    @Test
    void windowHasTheStandardsKnownValues() {
        assertEquals(0.0, Mp3Synthesis.D[0], 0);
        assertEquals(1.144989014, Mp3Synthesis.D[256], 1e-8);
        assertEquals(-0.000015259, Mp3Synthesis.D[1], 1e-9);
        assertEquals(0.000015259, Mp3Synthesis.D[511], 1e-9);
        assertEquals(-0.003173828, Mp3Synthesis.D[63], 1e-9);
        assertEquals(0.003250122, Mp3Synthesis.D[64], 1e-9);
        assertEquals(0.031082153, Mp3Synthesis.D[128], 1e-9);
        assertEquals(0.100311279, Mp3Synthesis.D[192], 1e-9);
        assertEquals(-1.144287109, Mp3Synthesis.D[255], 1e-9);
        assertEquals(1.144287109, Mp3Synthesis.D[257], 1e-9);
        assertEquals(0.100311279, Mp3Synthesis.D[320], 1e-9);
        assertEquals(0.003250122, Mp3Synthesis.D[448], 1e-9);
        assertEquals(0.003173828, Mp3Synthesis.D[449], 1e-9);
    }
}

package io.github.cola4j.audio;

/**
 * The polyphase synthesis filterbank of MPEG audio (ISO/IEC 11172-3 2.4.3.4.10.3, Annex A.2): each block of 32
 * subband samples becomes 32 PCM samples. The matrixing {@code V[i] = sum_k cos((16 + i)(2k + 1) pi / 64) S[k]}
 * (64 values) is a 32-point DCT-II ({@link Mp3Dct32}) whose outputs the cosine's symmetries unfold; the
 * windowing reads the 16 latest V vectors from a ring and sums 16 products per output with the standard window
 * D. The 32 outputs of one block are computed side by side (loops over the output index), which the JIT can
 * vectorise; {@link VectorMp3Synthesis} does the same on the Vector API.
 */
class Mp3Synthesis {

    /** The synthesis window D[0..256] of ISO/IEC 11172-3 Table 3-B.3, times 65536 (the values are exact). */
    private static final int[] D_HALF = {
        0, -1, -1, -1, -1, -1, -1, -2, -2, -2, -2, -3, -3,
        -4, -4, -5, -5, -6, -7, -7, -8, -9, -10, -11, -13, -14,
        -16, -17, -19, -21, -24, -26, -29, -31, -35, -38, -41, -45, -49,
        -53, -58, -63, -68, -73, -79, -85, -91, -97, -104, -111, -117, -125,
        -132, -139, -147, -154, -161, -169, -176, -183, -190, -196, -202, -208, 213,
        218, 222, 225, 227, 228, 228, 227, 224, 221, 215, 208, 200, 189,
        177, 163, 146, 127, 106, 83, 57, 29, -2, -36, -72, -111, -153,
        -197, -244, -294, -347, -401, -459, -519, -581, -645, -711, -779, -848, -919,
        -991, -1064, -1137, -1210, -1283, -1356, -1428, -1498, -1567, -1634, -1698, -1759, -1817,
        -1870, -1919, -1962, -2001, -2032, -2057, -2075, -2085, -2087, -2080, -2063, 2037, 2000,
        1952, 1893, 1822, 1739, 1644, 1535, 1414, 1280, 1131, 970, 794, 605, 402,
        185, -45, -288, -545, -814, -1095, -1388, -1692, -2006, -2330, -2663, -3004, -3351,
        -3705, -4063, -4425, -4788, -5153, -5517, -5879, -6237, -6589, -6935, -7271, -7597, -7910,
        -8209, -8491, -8755, -8998, -9219, -9416, -9585, -9727, -9838, -9916, -9959, -9966, -9935,
        -9863, -9750, -9592, -9389, -9139, -8840, -8492, -8092, -7640, -7134, 6574, 5959, 5288,
        4561, 3776, 2935, 2037, 1082, 70, -998, -2122, -3300, -4533, -5818, -7154, -8540,
        -9975, -11455, -12980, -14548, -16155, -17799, -19478, -21189, -22929, -24694, -26482, -28289, -30112,
        -31947, -33791, -35640, -37489, -39336, -41176, -43006, -44821, -46617, -48390, -50137, -51853, -53534,
        -55178, -56778, -58333, -59838, -61289, -62684, -64019, -65290, -66494, -67629, -68692, -69679, -70590,
        -71420, -72169, -72835, -73415, -73908, -74313, -74630, -74856, -74992, 75038,
    };

    /** D[0..511]. */
    static final float[] D = new float[512];

    static {
        for (int i = 0; i <= 256; i++) {
            D[i] = D_HALF[i] / 65536f;
        }
        // the second half mirrors the first with the opposite sign, but for the values at multiples of 64
        for (int i = 1; i < 256; i++) {
            D[512 - i] = i % 64 == 0 ? D[i] : -D[i];
        }
    }

    /** The window times the output gain. */
    final float[] window = new float[512];
    /** 16 V vectors of 64 values; the newest at slot {@link #slot}. */
    final float[] v = new float[1024];
    int slot;

    /** A filterbank whose outputs are multiplied by {@code gain}. */
    Mp3Synthesis(float gain) {
        for (int i = 0; i < 512; i++) {
            window[i] = D[i] * gain;
        }
    }

    /** Synthesises {@code blocks} blocks {@code s[b * 32 .. b * 32 + 32)} into {@code out[off + b * 32 ..]}. */
    void synthesize(float[] s, int blocks, float[] out, int off) {
        for (int b = 0; b < blocks; b++) {
            matrix(s, b * 32);
            window(out, off + b * 32);
        }
    }

    /** Computes the next V vector from {@code s[sOff .. sOff + 32)} into the ring. */
    final void matrix(float[] s, int sOff) {
        slot = (slot - 1) & 15;
        Mp3Dct32.matrix(s, sOff, v, slot * 64);
    }

    /** The windowing of the 16 latest V vectors into 32 outputs at {@code out[off..]}. */
    void window(float[] out, int off) {
        float[] w = window;
        float[] vv = v;
        for (int j = 0; j < 32; j++) {
            out[off + j] = 0f;
        }
        for (int i = 0; i < 8; i++) {
            int a = ((slot + 2 * i) & 15) * 64;
            int b = ((slot + 2 * i + 1) & 15) * 64 + 32;
            int d0 = 64 * i;
            int d1 = d0 + 32;
            for (int j = 0; j < 32; j++) {
                out[off + j] += w[d0 + j] * vv[a + j] + w[d1 + j] * vv[b + j];
            }
        }
    }
}

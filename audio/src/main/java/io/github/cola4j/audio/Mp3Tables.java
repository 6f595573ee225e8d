package io.github.cola4j.audio;

/**
 * Constant tables of Layer III decoding: scalefactor bands (ISO/IEC 11172-3 Table B.8, 13818-3 Table B.2 and the
 * MPEG-2.5 extension), pre-emphasis, scalefactor lengths, and the power tables of requantisation.
 */
final class Mp3Tables {

    /**
     * Long-block scalefactor band boundaries (23 values, 0 to 576) by {@code version * 3 + sample rate index}
     * (version 0 MPEG-1, 1 MPEG-2, 2 MPEG-2.5).
     */
    static final int[][] SFB_LONG = {
        {0, 4, 8, 12, 16, 20, 24, 30, 36, 44, 52, 62, 74, 90, 110, 134, 162, 196, 238, 288, 342, 418, 576},
        {0, 4, 8, 12, 16, 20, 24, 30, 36, 42, 50, 60, 72, 88, 106, 128, 156, 190, 230, 276, 330, 384, 576},
        {0, 4, 8, 12, 16, 20, 24, 30, 36, 44, 54, 66, 82, 102, 126, 156, 194, 240, 296, 364, 448, 550, 576},
        {0, 6, 12, 18, 24, 30, 36, 44, 54, 66, 80, 96, 116, 140, 168, 200, 238, 284, 336, 396, 464, 522, 576},
        {0, 6, 12, 18, 24, 30, 36, 44, 54, 66, 80, 96, 114, 136, 162, 194, 232, 278, 332, 394, 464, 540, 576},
        {0, 6, 12, 18, 24, 30, 36, 44, 54, 66, 80, 96, 116, 140, 168, 200, 238, 284, 336, 396, 464, 522, 576},
        {0, 6, 12, 18, 24, 30, 36, 44, 54, 66, 80, 96, 116, 140, 168, 200, 238, 284, 336, 396, 464, 522, 576},
        {0, 6, 12, 18, 24, 30, 36, 44, 54, 66, 80, 96, 116, 140, 168, 200, 238, 284, 336, 396, 464, 522, 576},
        {0, 12, 24, 36, 48, 60, 72, 88, 108, 132, 160, 192, 232, 280, 336, 400, 476, 566, 568, 570, 572, 574, 576},
    };

    /** Short-block scalefactor band boundaries (14 values, 0 to 192, per window), indexed like {@link #SFB_LONG}. */
    static final int[][] SFB_SHORT = {
        {0, 4, 8, 12, 16, 22, 30, 40, 52, 66, 84, 106, 136, 192},
        {0, 4, 8, 12, 16, 22, 28, 38, 50, 64, 80, 100, 126, 192},
        {0, 4, 8, 12, 16, 22, 30, 42, 58, 78, 104, 138, 180, 192},
        {0, 4, 8, 12, 18, 24, 32, 42, 56, 74, 100, 132, 174, 192},
        {0, 4, 8, 12, 18, 26, 36, 48, 62, 80, 104, 136, 180, 192},
        {0, 4, 8, 12, 18, 26, 36, 48, 62, 80, 104, 134, 174, 192},
        {0, 4, 8, 12, 18, 26, 36, 48, 62, 80, 104, 134, 174, 192},
        {0, 4, 8, 12, 18, 26, 36, 48, 62, 80, 104, 134, 174, 192},
        {0, 8, 16, 24, 36, 52, 72, 96, 124, 160, 162, 164, 166, 192},
    };

    /** Pre-emphasis added to the long-block scalefactors when preflag is set (Table B.6). */
    static final int[] PRETAB = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 3, 3, 3, 2, 0};

    /** MPEG-1 scalefactor lengths slen1 and slen2 by scalefac_compress. */
    static final int[] SLEN1 = {0, 0, 0, 0, 3, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4};
    static final int[] SLEN2 = {0, 1, 2, 3, 0, 1, 2, 3, 1, 2, 3, 1, 2, 3, 2, 3};

    /**
     * MPEG-2 scalefactor partitions (nr_of_sfb of ISO/IEC 13818-3 2.4.3.2): [table][long, short,
     * mixed][partition].
     */
    static final int[][][] NR_OF_SFB = {
        {{6, 5, 5, 5}, {9, 9, 9, 9}, {6, 9, 9, 9}},
        {{6, 5, 7, 3}, {9, 9, 12, 6}, {6, 9, 12, 6}},
        {{11, 10, 0, 0}, {18, 18, 0, 0}, {15, 18, 0, 0}},
        {{7, 7, 7, 0}, {12, 12, 12, 0}, {6, 15, 12, 0}},
        {{6, 6, 6, 3}, {12, 9, 9, 6}, {6, 12, 9, 6}},
        {{8, 8, 5, 0}, {15, 12, 9, 0}, {6, 18, 9, 0}},
    };

    /** Largest quantised magnitude: 15 plus 13 linbits. */
    static final int MAX_QUANT = 15 + 8191;

    /** {@code sign(x) |x|^(4/3)} at index {@code x + MAX_QUANT}, for {@code |x| <= MAX_QUANT}. */
    static final float[] POW43 = new float[2 * MAX_QUANT + 1];

    /** Offset of exponent 0 in {@link #POW2_QUARTER}. */
    static final int POW2_BIAS = 1024;
    /** {@code 2^((i - POW2_BIAS) / 4)}. */
    static final float[] POW2_QUARTER = new float[POW2_BIAS + 256];

    static {
        for (int i = 0; i <= MAX_QUANT; i++) {
            float p = (float) Math.pow(i, 4.0 / 3.0);
            POW43[MAX_QUANT + i] = p;
            POW43[MAX_QUANT - i] = -p;
        }
        for (int i = 0; i < POW2_QUARTER.length; i++) {
            POW2_QUARTER[i] = (float) Math.pow(2, (i - POW2_BIAS) / 4.0);
        }
    }

    private Mp3Tables() {
    }

    /** {@code 2^(e / 4)}, flushed to zero far below the smallest float. */
    static float pow2Quarter(int e) {
        int i = e + POW2_BIAS;
        if (i < 0) {
            return 0f;
        }
        return POW2_QUARTER[Math.min(i, POW2_QUARTER.length - 1)];
    }
}

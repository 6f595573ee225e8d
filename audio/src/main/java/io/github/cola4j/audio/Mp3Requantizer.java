package io.github.cola4j.audio;

/**
 * Requantisation (ISO/IEC 11172-3 2.4.3.4.7.1): {@code xr = sign(is) |is|^(4/3) 2^(gain / 4)}, the exponent
 * made of the global gain, the subblock gain of short windows and the scalefactor (with pre-emphasis) of the
 * line's band; the powers come from tables.
 */
final class Mp3Requantizer {

    private Mp3Requantizer() {
    }

    /**
     * Writes {@code xr[0..576)} from the quantised lines {@code q}, of which only the first {@code nonzero}
     * can be nonzero. Lines stay in the bitstream's order (short bands: window after window).
     */
    static void apply(int[] q, int nonzero, Mp3Granule g, Mp3ScaleFactors sf, int[] sfbLong, int[] sfbShort,
            boolean mpeg1, float[] xr) {
        int shift = g.scalefacScale != 0 ? 4 : 2;
        int base = g.globalGain - 210;
        int line = 0;
        if (g.blockType != 2 || g.mixedBlock) {
            int longBands = g.blockType == 2 ? (mpeg1 ? 8 : 6) : 22;
            for (int sfb = 0; sfb < longBands && line < nonzero; sfb++) {
                int pre = g.preflag ? Mp3Tables.PRETAB[sfb] : 0;
                float gain = Mp3Tables.pow2Quarter(base - shift * (sf.longSf[sfb] + pre));
                int end = Math.min(sfbLong[sfb + 1], nonzero);
                scale(q, xr, line, end, gain);
                line = Math.max(line, end);
            }
            if (g.blockType != 2) {
                fillZero(xr, line);
                return;
            }
            line = Math.max(line, 3 * sfbShort[3]);
        }
        int firstShort = g.mixedBlock ? 3 : 0;
        for (int sfb = firstShort; sfb < 13 && line < nonzero; sfb++) {
            int width = sfbShort[sfb + 1] - sfbShort[sfb];
            for (int w = 0; w < 3; w++) {
                float gain = Mp3Tables.pow2Quarter(base - 8 * g.subblockGain[w] - shift * sf.shortSf[sfb * 3 + w]);
                int end = Math.min(line + width, nonzero);
                scale(q, xr, line, end, gain);
                line += width;
            }
        }
        fillZero(xr, Math.min(line, nonzero));
    }

    private static void scale(int[] q, float[] xr, int from, int to, float gain) {
        float[] pow = Mp3Tables.POW43;
        for (int i = from; i < to; i++) {
            xr[i] = pow[q[i] + Mp3Tables.MAX_QUANT] * gain;
        }
    }

    private static void fillZero(float[] xr, int from) {
        for (int i = from; i < 576; i++) {
            xr[i] = 0f;
        }
    }
}

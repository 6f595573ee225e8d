package io.github.cola4j.audio;

/**
 * Joint stereo (ISO/IEC 11172-3 2.4.3.4.9, 13818-3 2.4.3.2): mid/side and intensity stereo, band by band, on
 * the requantised lines of both channels (in the bitstream's order). Intensity stereo applies to the bands
 * above the last nonzero band of the right channel (per window for short blocks); its position comes from the
 * right channel's scalefactors; a band with the illegal position (7 in MPEG-1, the largest value of the band's
 * length in MPEG-2) falls back to mid/side or left/right.
 */
final class Mp3Stereo {

    private static final float SQRT_HALF = (float) Math.sqrt(0.5);
    /** MPEG-1 intensity factors for positions 0 to 6: left, right. */
    private static final float[] IS_LEFT = new float[7];
    private static final float[] IS_RIGHT = new float[7];
    /** MPEG-2 intensity factors [intensity_scale][position] (positions 0 to 63). */
    private static final float[][] LSF_LEFT = new float[2][64];
    private static final float[][] LSF_RIGHT = new float[2][64];

    static {
        for (int p = 0; p < 7; p++) {
            double t = Math.tan(p * Math.PI / 12);
            IS_LEFT[p] = p == 6 ? 1f : (float) (t / (1 + t));
            IS_RIGHT[p] = p == 6 ? 0f : (float) (1 / (1 + t));
        }
        for (int s = 0; s < 2; s++) {
            double io = Math.pow(2, -(1 + s) / 4.0);
            for (int p = 0; p < 64; p++) {
                if (p == 0) {
                    LSF_LEFT[s][p] = 1f;
                    LSF_RIGHT[s][p] = 1f;
                } else if ((p & 1) != 0) {
                    LSF_LEFT[s][p] = (float) Math.pow(io, (p + 1) / 2);
                    LSF_RIGHT[s][p] = 1f;
                } else {
                    LSF_LEFT[s][p] = 1f;
                    LSF_RIGHT[s][p] = (float) Math.pow(io, p / 2);
                }
            }
        }
    }

    private Mp3Stereo() {
    }

    /**
     * Processes one granule. {@code g}/{@code sf}: the right channel's side info and scalefactors (they decide the
     * block layout and the intensity positions); {@code nonzero}: the lines that may be nonzero per channel,
     * updated on return.
     */
    static void process(float[] l, float[] r, int[] nonzero, boolean ms, boolean intensity, Mp3Granule g,
            Mp3ScaleFactors sf, int[] sfbLong, int[] sfbShort, boolean mpeg1) {
        int n = Math.max(nonzero[0], nonzero[1]);
        if (!intensity) {
            if (ms) {
                midSide(l, r, 0, n);
            }
            nonzero[0] = n;
            nonzero[1] = n;
            return;
        }
        int rightEnd = nonzero[1];
        if (g.blockType != 2) {
            for (int sfb = 0; sfb < 22; sfb++) {
                int from = sfbLong[sfb];
                int to = sfbLong[sfb + 1];
                if (from >= rightEnd) {
                    int idx = Math.min(sfb, 20);
                    band(l, r, from, to, ms, mpeg1, sf.longSf[idx], sf.longMax[idx], sf.intensityScale);
                } else {
                    notIntensity(l, r, from, to, ms);
                }
            }
        } else {
            int firstShort = g.mixedBlock ? 3 : 0;
            boolean shortAllZero = true;
            for (int w = 0; w < 3; w++) {
                // the highest band with a nonzero line in window w of the right channel
                int last = firstShort - 1;
                for (int sfb = 12; sfb >= firstShort && last < firstShort; sfb--) {
                    int width = sfbShort[sfb + 1] - sfbShort[sfb];
                    int from = 3 * sfbShort[sfb] + w * width;
                    for (int i = from; i < from + width; i++) {
                        if (r[i] != 0f) {
                            last = sfb;
                            break;
                        }
                    }
                }
                if (last >= firstShort) {
                    shortAllZero = false;
                }
                for (int sfb = firstShort; sfb < 13; sfb++) {
                    int width = sfbShort[sfb + 1] - sfbShort[sfb];
                    int from = 3 * sfbShort[sfb] + w * width;
                    if (sfb > last) {
                        int idx = Math.min(sfb, 11) * 3 + w;
                        band(l, r, from, from + width, ms, mpeg1, sf.shortSf[idx], sf.shortMax[idx],
                                sf.intensityScale);
                    } else {
                        notIntensity(l, r, from, from + width, ms);
                    }
                }
            }
            if (g.mixedBlock) {
                int longBands = mpeg1 ? 8 : 6;
                for (int sfb = 0; sfb < longBands; sfb++) {
                    int from = sfbLong[sfb];
                    int to = sfbLong[sfb + 1];
                    if (shortAllZero && from >= rightEnd) {
                        band(l, r, from, to, ms, mpeg1, sf.longSf[sfb], sf.longMax[sfb], sf.intensityScale);
                    } else {
                        notIntensity(l, r, from, to, ms);
                    }
                }
            }
        }
        nonzero[0] = 576;
        nonzero[1] = 576;
    }

    /**
     * One band above the right channel's last nonzero band: intensity stereo with position {@code pos}, unless
     * that is the illegal position (MPEG-1: 7 or more; MPEG-2: {@code lsfIllegal}, the largest value of the
     * band's scalefactor length).
     */
    private static void band(float[] l, float[] r, int from, int to, boolean ms, boolean mpeg1, int pos,
            int lsfIllegal, int scale) {
        float kl;
        float kr;
        if (mpeg1) {
            if (pos >= 7) {
                notIntensity(l, r, from, to, ms);
                return;
            }
            kl = IS_LEFT[pos];
            kr = IS_RIGHT[pos];
        } else {
            if (pos == lsfIllegal || pos < 0) {
                notIntensity(l, r, from, to, ms);
                return;
            }
            kl = LSF_LEFT[scale][pos & 63];
            kr = LSF_RIGHT[scale][pos & 63];
        }
        for (int i = from; i < to; i++) {
            float x = l[i];
            l[i] = x * kl;
            r[i] = x * kr;
        }
    }

    private static void notIntensity(float[] l, float[] r, int from, int to, boolean ms) {
        if (ms) {
            midSide(l, r, from, to);
        }
    }

    private static void midSide(float[] l, float[] r, int from, int to) {
        for (int i = from; i < to; i++) {
            float m = l[i];
            float s = r[i];
            l[i] = (m + s) * SQRT_HALF;
            r[i] = (m - s) * SQRT_HALF;
        }
    }
}

package io.github.cola4j.audio;

/**
 * The hybrid synthesis of one channel (ISO/IEC 11172-3 2.4.3.4.10): antialias butterflies between the
 * subbands of long blocks, IMDCT per subband with the window of the block type (0 normal, 1 start, 2 three
 * short windows, 3 stop; the lower two subbands of mixed blocks are long), overlap-add with the previous
 * granule, and frequency inversion of the odd subbands. The reordering of short blocks is an index table into
 * the bitstream-ordered lines. The 18 subband samples per subband are added into a time-major buffer shared by
 * the channels ({@code out[t * 32 + sb]}), so that one polyphase synthesis serves the mix of both.
 */
final class Mp3Hybrid {

    /** Windows of the long block types 0, 1 and 3 (36 samples each; type 2 uses {@link #SHORT_WINDOW}). */
    private static final float[][] LONG_WINDOWS = new float[4][36];
    private static final float[] SHORT_WINDOW = new float[12];
    private static final float[] CS = new float[8];
    private static final float[] CA = new float[8];

    static {
        double[] c = {-0.6, -0.535, -0.33, -0.185, -0.095, -0.041, -0.0142, -0.0037};
        for (int i = 0; i < 8; i++) {
            double sq = Math.sqrt(1 + c[i] * c[i]);
            CS[i] = (float) (1 / sq);
            CA[i] = (float) (c[i] / sq);
        }
        for (int i = 0; i < 36; i++) {
            LONG_WINDOWS[0][i] = (float) Math.sin(Math.PI / 36 * (i + 0.5));
        }
        for (int i = 0; i < 18; i++) {
            LONG_WINDOWS[1][i] = LONG_WINDOWS[0][i];
            LONG_WINDOWS[3][i + 18] = LONG_WINDOWS[0][i + 18];
        }
        for (int i = 18; i < 24; i++) {
            LONG_WINDOWS[1][i] = 1f;
        }
        for (int i = 24; i < 30; i++) {
            LONG_WINDOWS[1][i] = (float) Math.sin(Math.PI / 12 * (i - 18 + 0.5));
        }
        for (int i = 6; i < 12; i++) {
            LONG_WINDOWS[3][i] = (float) Math.sin(Math.PI / 12 * (i - 6 + 0.5));
        }
        for (int i = 12; i < 18; i++) {
            LONG_WINDOWS[3][i] = 1f;
        }
        for (int i = 0; i < 12; i++) {
            SHORT_WINDOW[i] = (float) Math.sin(Math.PI / 12 * (i + 0.5));
        }
    }

    private final int[] sfbShort;
    /** For short blocks: {@code reorder[18 sb + 3 k + w]} is the bitstream index of line k of window w in sb. */
    private final int[] reorder = new int[576];
    private final float[] overlap = new float[576];
    private final Mp3Imdct imdct = new Mp3Imdct();
    private final float[] x36 = new float[36];
    private final float[] x12 = new float[12];
    private final float[] z = new float[36];

    /** {@code sfbShort}: the stream's short-block band boundaries. */
    Mp3Hybrid(int[] sfbShort) {
        this.sfbShort = sfbShort;
        for (int sfb = 0; sfb < 13; sfb++) {
            int start = sfbShort[sfb];
            int width = sfbShort[sfb + 1] - start;
            for (int w = 0; w < 3; w++) {
                for (int j = 0; j < width; j++) {
                    reorder[3 * (start + j) + w] = 3 * start + w * width + j;
                }
            }
        }
    }

    /**
     * Synthesises one granule of this channel from {@code xr} (576 lines, changed in place by the antialias
     * step) of which the first {@code nonzero} may be nonzero; {@code add}: add to {@code out} rather than
     * overwrite it.
     */
    void granule(float[] xr, int nonzero, Mp3Granule g, float[] out, boolean add) {
        int type = g.windowSwitching ? g.blockType : 0;
        boolean shortBlocks = type == 2;
        int longSubbands = shortBlocks ? (g.mixedBlock ? 2 : 0) : 32;
        int limit;
        if (!shortBlocks) {
            limit = Math.min(32, (nonzero + 17) / 18);
            antialias(xr, Math.min(limit, 31));
            if (limit > 0 && limit < 32) {
                limit++; // the butterflies at the top boundary spread into the next subband
            }
        } else {
            int f = 0;
            for (int sfb = 0; sfb < 13; sfb++) {
                if (3 * sfbShort[sfb] < nonzero) {
                    f = sfbShort[sfb + 1];
                }
            }
            limit = Math.min(32, (f + 5) / 6);
            if (g.mixedBlock) {
                antialias(xr, 1);
                limit = Math.max(limit, nonzero > 0 ? 2 : 0);
            }
        }

        float[] ov = overlap;
        for (int sb = 0; sb < 32; sb++) {
            int o = sb * 18;
            boolean invert = (sb & 1) != 0;
            if (sb >= limit) {
                for (int t = 0; t < 18; t++) {
                    float v = ov[o + t];
                    ov[o + t] = 0f;
                    put(out, t * 32 + sb, invert && (t & 1) != 0 ? -v : v, add);
                }
                continue;
            }
            if (sb < longSubbands) {
                float[] win = LONG_WINDOWS[sb < 2 && shortBlocks ? 0 : type];
                imdct.long36(xr, o, x36);
                for (int t = 0; t < 18; t++) {
                    float v = ov[o + t] + win[t] * x36[t];
                    ov[o + t] = win[t + 18] * x36[t + 18];
                    put(out, t * 32 + sb, invert && (t & 1) != 0 ? -v : v, add);
                }
            } else {
                float[] zz = z;
                java.util.Arrays.fill(zz, 0f);
                for (int w = 0; w < 3; w++) {
                    imdct.short12(xr, reorder, o + w, x12);
                    int p = 6 + 6 * w;
                    for (int i = 0; i < 12; i++) {
                        zz[p + i] += SHORT_WINDOW[i] * x12[i];
                    }
                }
                for (int t = 0; t < 18; t++) {
                    float v = ov[o + t] + zz[t];
                    ov[o + t] = zz[t + 18];
                    put(out, t * 32 + sb, invert && (t & 1) != 0 ? -v : v, add);
                }
            }
        }
    }

    /** The antialias butterflies at the subband boundaries 1 to {@code bounds}. */
    private static void antialias(float[] xr, int bounds) {
        for (int sb = 1; sb <= bounds; sb++) {
            int b = 18 * sb;
            for (int i = 0; i < 8; i++) {
                float lo = xr[b - 1 - i];
                float hi = xr[b + i];
                xr[b - 1 - i] = lo * CS[i] - hi * CA[i];
                xr[b + i] = hi * CS[i] + lo * CA[i];
            }
        }
    }

    private static void put(float[] out, int i, float v, boolean add) {
        if (add) {
            out[i] += v;
        } else {
            out[i] = v;
        }
    }
}

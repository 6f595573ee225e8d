package io.github.cola4j.audio;

/**
 * The scalefactors of one channel in one granule, read from the main data: MPEG-1 (with scfsi reuse of granule
 * 0's values) and MPEG-2/2.5 LSF (with the intensity-stereo variant for the right channel, which also records
 * the largest value each band's length allows: that value marks an "illegal" intensity position).
 */
final class Mp3ScaleFactors {

    /** Long-block scalefactors by band (22; band 21 is never transmitted and stays 0). */
    final int[] longSf = new int[22];
    /** Short-block scalefactors, {@code band * 3 + window} (13 bands; band 12 stays 0). */
    final int[] shortSf = new int[39];
    /** LSF intensity stereo: the illegal (largest) position per long band. */
    final int[] longMax = new int[22];
    /** LSF intensity stereo: the illegal (largest) position per short band and window. */
    final int[] shortMax = new int[39];
    /** LSF: intensity_scale of the right channel. */
    int intensityScale;

    private final int[] slen = new int[4];
    private final int[] counts = new int[4];

    /** MPEG-1 scalefactors; {@code scfsi} holds the 4 reuse flags of this channel, {@code gr} the granule. */
    void readMpeg1(Mp3BitReader in, Mp3Granule g, int gr, int[] scfsi) {
        int s1 = Mp3Tables.SLEN1[g.scalefacCompress];
        int s2 = Mp3Tables.SLEN2[g.scalefacCompress];
        if (g.blockType == 2) {
            int sfb = 0;
            if (g.mixedBlock) {
                for (; sfb < 8; sfb++) {
                    longSf[sfb] = in.read(s1);
                }
                for (int b = 3; b < 6; b++) {
                    readShort(in, b, s1);
                }
            } else {
                for (int b = 0; b < 6; b++) {
                    readShort(in, b, s1);
                }
            }
            for (int b = 6; b < 12; b++) {
                readShort(in, b, s2);
            }
            shortSf[36] = 0;
            shortSf[37] = 0;
            shortSf[38] = 0;
            return;
        }
        readLongGroup(in, gr, scfsi[0], 0, 6, s1);
        readLongGroup(in, gr, scfsi[1], 6, 11, s1);
        readLongGroup(in, gr, scfsi[2], 11, 16, s2);
        readLongGroup(in, gr, scfsi[3], 16, 21, s2);
        longSf[21] = 0;
    }

    private void readShort(Mp3BitReader in, int band, int bits) {
        shortSf[band * 3] = in.read(bits);
        shortSf[band * 3 + 1] = in.read(bits);
        shortSf[band * 3 + 2] = in.read(bits);
    }

    private void readLongGroup(Mp3BitReader in, int gr, int reuse, int from, int to, int bits) {
        if (gr == 1 && reuse != 0) {
            return; // granule 0's values are still here
        }
        for (int sfb = from; sfb < to; sfb++) {
            longSf[sfb] = in.read(bits);
        }
    }

    /**
     * MPEG-2/2.5 scalefactors; {@code intensityRight}: this is the right channel of an intensity-stereo frame.
     * Sets {@code g.preflag} as the LSF rules say.
     */
    void readLsf(Mp3BitReader in, Mp3Granule g, boolean intensityRight) {
        int sfc = g.scalefacCompress;
        int table;
        if (!intensityRight) {
            if (sfc < 400) {
                set(slen, (sfc >> 4) / 5, (sfc >> 4) % 5, (sfc & 15) >> 2, sfc & 3);
                table = 0;
                g.preflag = false;
            } else if (sfc < 500) {
                sfc -= 400;
                set(slen, (sfc >> 2) / 5, (sfc >> 2) % 5, sfc & 3, 0);
                table = 1;
                g.preflag = false;
            } else {
                sfc -= 500;
                set(slen, sfc / 3, sfc % 3, 0, 0);
                table = 2;
                g.preflag = true;
            }
        } else {
            intensityScale = sfc & 1;
            int isc = sfc >> 1;
            if (isc < 180) {
                set(slen, isc / 36, (isc % 36) / 6, (isc % 36) % 6, 0);
                table = 3;
            } else if (isc < 244) {
                isc -= 180;
                set(slen, (isc & 63) >> 4, (isc & 15) >> 2, isc & 3, 0);
                table = 4;
            } else {
                isc -= 244;
                set(slen, isc / 3, isc % 3, 0, 0);
                table = 5;
            }
            g.preflag = false;
        }
        int column = g.blockType == 2 ? (g.mixedBlock ? 2 : 1) : 0;
        int[] nr = Mp3Tables.NR_OF_SFB[table][column];
        counts[0] = nr[0];
        counts[1] = nr[1];
        counts[2] = nr[2];
        counts[3] = nr[3];
        if (g.blockType == 2) {
            // mixed: 6 long bands, then short bands 3.. (3 windows each); otherwise short bands from 0
            int longLeft = g.mixedBlock ? 6 : 0;
            int sfb = 0;
            int shortIndex = g.mixedBlock ? 9 : 0;
            for (int part = 0; part < 4; part++) {
                int bits = slen[part];
                int max = (1 << bits) - 1;
                for (int k = 0; k < counts[part]; k++) {
                    int v = in.read(bits);
                    if (longLeft > 0) {
                        longSf[sfb] = v;
                        longMax[sfb] = max;
                        sfb++;
                        longLeft--;
                    } else if (shortIndex < 36) {
                        shortSf[shortIndex] = v;
                        shortMax[shortIndex] = max;
                        shortIndex++;
                    }
                }
            }
            for (; shortIndex < 39; shortIndex++) {
                shortSf[shortIndex] = 0;
                shortMax[shortIndex] = -1;
            }
        } else {
            int sfb = 0;
            for (int part = 0; part < 4; part++) {
                int bits = slen[part];
                int max = (1 << bits) - 1;
                for (int k = 0; k < counts[part] && sfb < 21; k++) {
                    longSf[sfb] = in.read(bits);
                    longMax[sfb] = max;
                    sfb++;
                }
            }
            for (; sfb < 22; sfb++) {
                longSf[sfb] = 0;
                longMax[sfb] = -1;
            }
        }
    }

    private static void set(int[] a, int v0, int v1, int v2, int v3) {
        a[0] = v0;
        a[1] = v1;
        a[2] = v2;
        a[3] = v3;
    }
}

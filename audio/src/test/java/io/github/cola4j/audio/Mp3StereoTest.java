package io.github.cola4j.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Joint stereo band by band against the standard's formulas. (lame writes no intensity stereo, so no fixture
 * covers it; these cases do.)
 */
class Mp3StereoTest {

    private static final int[] SFB_LONG = Mp3Tables.SFB_LONG[0]; // MPEG-1 44.1 kHz
    private static final int[] SFB_SHORT = Mp3Tables.SFB_SHORT[0];
    private static final double R = Math.sqrt(0.5);

    private static float[][] channels(int rightEnd, long seed) {
        Random r = new Random(seed);
        float[] l = new float[576];
        float[] rt = new float[576];
        for (int i = 0; i < 576; i++) {
            l[i] = (float) r.nextGaussian();
            rt[i] = i < rightEnd ? (float) r.nextGaussian() : 0f;
        }
        return new float[][] {l, rt};
    }

    @Test
    void mpeg1LongBlocksIntensityAboveTheRightChannelsLastBandMidSideBelow() {
        int rightEnd = SFB_LONG[5]; // bands 0..4 carry the right channel
        float[][] x = channels(rightEnd, 1);
        float[] l0 = x[0].clone();
        float[] r0 = x[1].clone();
        Mp3Granule g = new Mp3Granule();
        Mp3ScaleFactors sf = new Mp3ScaleFactors();
        for (int sfb = 0; sfb < 21; sfb++) {
            sf.longSf[sfb] = sfb == 8 ? 7 : sfb % 7; // band 8: the illegal position
        }
        int[] nonzero = {576, rightEnd};
        Mp3Stereo.process(x[0], x[1], nonzero, true, true, g, sf, SFB_LONG, SFB_SHORT, true);
        for (int sfb = 0; sfb < 22; sfb++) {
            int pos = sf.longSf[Math.min(sfb, 20)];
            for (int i = SFB_LONG[sfb]; i < SFB_LONG[sfb + 1]; i++) {
                double wantL;
                double wantR;
                if (sfb < 5 || pos == 7) {
                    wantL = (l0[i] + r0[i]) * R;
                    wantR = (l0[i] - r0[i]) * R;
                } else {
                    double t = Math.tan(pos * Math.PI / 12);
                    double kl = pos == 6 ? 1 : t / (1 + t);
                    double kr = pos == 6 ? 0 : 1 / (1 + t);
                    wantL = l0[i] * kl;
                    wantR = l0[i] * kr;
                }
                assertEquals(wantL, x[0][i], 1e-5, "left line " + i);
                assertEquals(wantR, x[1][i], 1e-5, "right line " + i);
            }
        }
    }

    @Test
    void mpeg2IntensityPositionsAndTheIllegalPosition() {
        int rightEnd = SFB_LONG[3];
        float[][] x = channels(rightEnd, 2);
        float[] l0 = x[0].clone();
        float[] r0 = x[1].clone();
        Mp3Granule g = new Mp3Granule();
        Mp3ScaleFactors sf = new Mp3ScaleFactors();
        sf.intensityScale = 1;
        for (int sfb = 0; sfb < 21; sfb++) {
            sf.longSf[sfb] = sfb % 8;
            sf.longMax[sfb] = 7; // 3-bit scalefactors: 7 is illegal
        }
        int[] nonzero = {576, rightEnd};
        Mp3Stereo.process(x[0], x[1], nonzero, false, true, g, sf, SFB_LONG, SFB_SHORT, false);
        double io = Math.pow(2, -0.5);
        for (int sfb = 0; sfb < 22; sfb++) {
            int pos = sf.longSf[Math.min(sfb, 20)];
            for (int i = SFB_LONG[sfb]; i < SFB_LONG[sfb + 1]; i++) {
                double wantL = l0[i];
                double wantR = r0[i];
                if (sfb >= 3 && pos != 7) {
                    double kl = pos % 2 == 1 ? Math.pow(io, (pos + 1) / 2) : 1;
                    double kr = pos % 2 == 1 || pos == 0 ? 1 : Math.pow(io, pos / 2);
                    wantL = l0[i] * kl;
                    wantR = l0[i] * kr;
                }
                assertEquals(wantL, x[0][i], 1e-5, "left line " + i);
                assertEquals(wantR, x[1][i], 1e-5, "right line " + i);
            }
        }
    }

    @Test
    void shortBlocksDecidePerWindow() {
        // window 0 of the right channel has data up to band 5, windows 1 and 2 up to band 2
        float[] l = new float[576];
        float[] r = new float[576];
        Random rnd = new Random(3);
        for (int i = 0; i < 576; i++) {
            l[i] = (float) rnd.nextGaussian();
        }
        for (int sfb = 0; sfb < 13; sfb++) {
            int width = SFB_SHORT[sfb + 1] - SFB_SHORT[sfb];
            for (int w = 0; w < 3; w++) {
                if (sfb <= (w == 0 ? 5 : 2)) {
                    r[3 * SFB_SHORT[sfb] + w * width] = 1f;
                }
            }
        }
        float[] l0 = l.clone();
        Mp3Granule g = new Mp3Granule();
        g.windowSwitching = true;
        g.blockType = 2;
        Mp3ScaleFactors sf = new Mp3ScaleFactors(); // all positions 0: left gets 0, right gets everything
        int[] nonzero = {576, 576};
        Mp3Stereo.process(l, r, nonzero, false, true, g, sf, SFB_LONG, SFB_SHORT, true);
        for (int sfb = 0; sfb < 13; sfb++) {
            int width = SFB_SHORT[sfb + 1] - SFB_SHORT[sfb];
            for (int w = 0; w < 3; w++) {
                boolean intensity = sfb > (w == 0 ? 5 : 2);
                int from = 3 * SFB_SHORT[sfb] + w * width;
                for (int i = from; i < from + width; i++) {
                    assertEquals(intensity ? 0f : l0[i], l[i], 1e-6, "left, band " + sfb + " window " + w);
                    if (intensity) {
                        assertEquals(l0[i], r[i], 1e-6, "right, band " + sfb + " window " + w);
                    }
                }
            }
        }
    }
}

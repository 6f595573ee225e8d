package io.github.cola4j.audio;

/**
 * Decodes MPEG-1, MPEG-2 and MPEG-2.5 Layer III frames of one stream into mono samples, the mean of the
 * channels, at full scale 1.0. Per frame: side information, the bit reservoir (main data may start in earlier
 * frames), and per granule and channel the scalefactors, Huffman decoding and requantisation; then joint stereo
 * and each channel's hybrid synthesis (IMDCT and overlap-add: block types may differ between the channels).
 * Since the polyphase synthesis is linear, it runs once, on the sum of the channels' subband samples, with the
 * 1/channels gain folded into its window. No allocation per frame.
 */
final class Mp3FrameDecoder {

    /** The most main-data bytes a frame can reach back (main_data_begin is 9 bits in MPEG-1). */
    private static final int MAX_BACK = 511;
    /** Zero bytes kept after the reservoir's data, so that damaged granules read zeros past the end. */
    private static final int TAIL = 64;

    private final boolean mpeg1;
    private final int channels;
    private final int granules;
    private final int[] sfbLong;
    private final int[] sfbShort;
    private final byte[] reservoir = new byte[MAX_BACK + 1 + 4096 + TAIL];
    private int reservoirLength;
    private final Mp3BitReader bits = new Mp3BitReader();
    private final Mp3Granule[][] side = {{new Mp3Granule(), new Mp3Granule()}, {new Mp3Granule(), new Mp3Granule()}};
    private final int[][] scfsi = new int[2][4];
    private final Mp3ScaleFactors[] scalefactors = {new Mp3ScaleFactors(), new Mp3ScaleFactors()};
    private final int[] quantised = new int[576];
    private final float[][] lines = new float[2][576];
    private final int[] nonzero = new int[2];
    private final Mp3Hybrid[] hybrid;
    private final float[] subbands = new float[576];
    private final Mp3Synthesis synthesis;
    /** main_data_begin of the frame being decoded. */
    private int mainDataBegin;
    /** The side information of a frame at the very end of the data, with zeros after it. */
    private final byte[] sideCopy = new byte[32 + Mp3BitReader.PADDING];

    /**
     * A decoder for a stream of {@code version} (0 MPEG-1, 1 MPEG-2, 2 MPEG-2.5), {@code rateIndex} (the
     * header's sampling_frequency) and {@code channels}; its output is the mean of the channels. {@code vector}:
     * the synthesis windowing on the Vector API (only when it is available).
     */
    Mp3FrameDecoder(int version, int rateIndex, int channels, boolean vector) {
        this.mpeg1 = version == 0;
        this.channels = channels;
        this.granules = mpeg1 ? 2 : 1;
        this.sfbLong = Mp3Tables.SFB_LONG[version * 3 + rateIndex];
        this.sfbShort = Mp3Tables.SFB_SHORT[version * 3 + rateIndex];
        this.hybrid = new Mp3Hybrid[] {new Mp3Hybrid(sfbShort), new Mp3Hybrid(sfbShort)};
        this.synthesis = vector && Dot.VECTOR ? new VectorMp3Synthesis(1f / channels) : new Mp3Synthesis(1f / channels);
    }

    /** Mono samples per frame. */
    int samplesPerFrame() {
        return granules * 576;
    }

    /**
     * Decodes the frame {@code data[p .. p + length)} (header included; same version and rate as the stream)
     * into {@code out[off .. off + samplesPerFrame())}. A frame whose main data starts before the data the
     * reservoir holds (after a gap in the stream) gives silence plus what the previous frame left to overlap.
     */
    void decode(byte[] data, int p, int length, float[] out, int off) {
        int h = ((data[p + 1] & 0xff) << 16) | ((data[p + 2] & 0xff) << 8) | (data[p + 3] & 0xff);
        boolean crc = ((h >>> 16) & 1) == 0;
        int mode = (h >>> 6) & 3;
        int modeExt = (h >>> 4) & 3;
        int nch = mode == 3 ? 1 : 2;
        boolean ms = mode == 1 && (modeExt & 2) != 0;
        boolean intensity = mode == 1 && (modeExt & 1) != 0;
        int sideStart = p + 4 + (crc ? 2 : 0);
        int sideLength = mpeg1 ? (nch == 1 ? 17 : 32) : (nch == 1 ? 9 : 17);
        int mainStart = sideStart + sideLength;
        int mainLength = Math.max(0, Math.min(p + length, data.length) - mainStart);

        // side information (the frame itself is followed by enough bytes, or the side info fits in it)
        Mp3BitReader in = bits;
        if (mainStart + Mp3BitReader.PADDING > data.length) {
            readSide(copyTail(data, sideStart, sideLength), 0, nch);
        } else {
            readSide(data, sideStart, nch);
        }

        // the bit reservoir: keep what later frames may reach back to, then append this frame's main data
        int keep = Math.min(reservoirLength, MAX_BACK);
        System.arraycopy(reservoir, reservoirLength - keep, reservoir, 0, keep);
        reservoirLength = keep;
        boolean complete = mainDataBegin <= reservoirLength;
        int start = reservoirLength - mainDataBegin;
        int n = Math.min(mainLength, reservoir.length - TAIL - reservoirLength);
        System.arraycopy(data, mainStart, reservoir, reservoirLength, n);
        reservoirLength += n;
        java.util.Arrays.fill(reservoir, reservoirLength, reservoirLength + TAIL, (byte) 0);
        int available = reservoirLength * 8;

        in.reset(reservoir, complete ? start : 0);
        int pos = in.position();
        for (int gr = 0; gr < granules; gr++) {
            for (int ch = 0; ch < nch; ch++) {
                Mp3Granule g = side[gr][ch];
                int end = pos + g.part23Length;
                float[] xr = lines[ch];
                if (!complete || end > available) {
                    java.util.Arrays.fill(xr, 0f);
                    nonzero[ch] = 0;
                    pos = Math.min(end, available);
                    continue;
                }
                in.seek(pos);
                Mp3ScaleFactors sf = scalefactors[ch];
                if (mpeg1) {
                    sf.readMpeg1(in, g, gr, scfsi[ch]);
                } else {
                    sf.readLsf(in, g, intensity && ch == 1);
                }
                int nz = Mp3Huffman.decode(in, g, sfbLong, sfbShort, end, quantised);
                Mp3Requantizer.apply(quantised, nz, g, sf, sfbLong, sfbShort, mpeg1, xr);
                nonzero[ch] = nz;
                pos = end;
            }
            if (nch == 2 && (ms || intensity)) {
                Mp3Stereo.process(lines[0], lines[1], nonzero, ms, intensity, side[gr][1], scalefactors[1], sfbLong,
                        sfbShort, mpeg1);
            }
            for (int ch = 0; ch < nch; ch++) {
                hybrid[ch].granule(lines[ch], nonzero[ch], side[gr][ch], subbands, ch > 0);
            }
            if (nch != channels) {
                float k = (float) channels / nch;
                for (int i = 0; i < 576; i++) {
                    subbands[i] *= k;
                }
            }
            synthesis.synthesize(subbands, 18, out, off + gr * 576);
        }
    }

    private byte[] copyTail(byte[] data, int from, int length) {
        java.util.Arrays.fill(sideCopy, (byte) 0);
        System.arraycopy(data, from, sideCopy, 0, Math.max(0, Math.min(length, data.length - from)));
        return sideCopy;
    }

    private void readSide(byte[] buf, int offset, int nch) {
        Mp3BitReader in = bits;
        in.reset(buf, offset);
        if (mpeg1) {
            mainDataBegin = in.read(9);
            in.skip(nch == 1 ? 5 : 3);
            for (int ch = 0; ch < nch; ch++) {
                for (int band = 0; band < 4; band++) {
                    scfsi[ch][band] = in.bit();
                }
            }
            for (int gr = 0; gr < 2; gr++) {
                for (int ch = 0; ch < nch; ch++) {
                    side[gr][ch].read(in, false);
                }
            }
        } else {
            mainDataBegin = in.read(8);
            in.skip(nch == 1 ? 1 : 2);
            for (int ch = 0; ch < nch; ch++) {
                side[0][ch].read(in, true);
            }
        }
    }
}

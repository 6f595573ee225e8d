package io.github.cola4j.audio;

/** The side information of one granule of one channel (ISO/IEC 11172-3 2.4.1.7, 13818-3 2.4.1.7). */
final class Mp3Granule {

    int part23Length;
    int bigValues;
    int globalGain;
    int scalefacCompress;
    boolean windowSwitching;
    int blockType;
    boolean mixedBlock;
    final int[] tableSelect = new int[3];
    final int[] subblockGain = new int[3];
    int region0Count;
    int region1Count;
    boolean preflag;
    int scalefacScale;
    int count1Table;

    /** Short blocks, not mixed. */
    boolean pureShort() {
        return blockType == 2 && !mixedBlock;
    }

    /** Reads the fields of one granule/channel; {@code lsf}: MPEG-2/2.5 (9-bit scalefac_compress, no preflag). */
    void read(Mp3BitReader in, boolean lsf) {
        part23Length = in.read(12);
        bigValues = Math.min(in.read(9), 288);
        globalGain = in.read(8);
        scalefacCompress = in.read(lsf ? 9 : 4);
        windowSwitching = in.bit() != 0;
        if (windowSwitching) {
            blockType = in.read(2);
            mixedBlock = in.bit() != 0;
            tableSelect[0] = in.read(5);
            tableSelect[1] = in.read(5);
            tableSelect[2] = 0;
            subblockGain[0] = in.read(3);
            subblockGain[1] = in.read(3);
            subblockGain[2] = in.read(3);
            region0Count = blockType == 2 && !mixedBlock ? 8 : 7;
            region1Count = 36; // everything else: region 2 is empty
            if (blockType == 0) {
                // forbidden; decoders treat it as a long block
                windowSwitching = false;
            }
        } else {
            blockType = 0;
            mixedBlock = false;
            tableSelect[0] = in.read(5);
            tableSelect[1] = in.read(5);
            tableSelect[2] = in.read(5);
            subblockGain[0] = 0;
            subblockGain[1] = 0;
            subblockGain[2] = 0;
            region0Count = in.read(4);
            region1Count = in.read(3);
        }
        preflag = !lsf && in.bit() != 0;
        scalefacScale = in.bit();
        count1Table = in.bit();
    }
}

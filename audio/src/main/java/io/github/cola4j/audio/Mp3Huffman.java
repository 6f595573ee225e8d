package io.github.cola4j.audio;

/**
 * Huffman decoding of one granule/channel's quantised spectrum: the big-values pairs in up to three regions
 * (each with its own table, with linbits for the escape value 15 of tables 16 to 31) and the count1 quadruples
 * of values -1, 0 and 1 (table A or B) up to the end of the part2_3 bits.
 */
final class Mp3Huffman {

    private Mp3Huffman() {
    }

    /**
     * Decodes into {@code out[0..576)} (all of it is written) and returns the number of leading lines that may
     * be nonzero. {@code end}: the bit position where this granule/channel's Huffman data ends.
     */
    static int decode(Mp3BitReader in, Mp3Granule g, int[] sfbLong, int[] sfbShort, int end, int[] out) {
        int bigEnd = Math.min(g.bigValues * 2, 576);
        int region1;
        int region2;
        if (g.windowSwitching) {
            region1 = g.pureShort() ? 3 * sfbShort[3] : sfbLong[8];
            region2 = 576;
        } else {
            region1 = sfbLong[Math.min(g.region0Count + 1, 22)];
            region2 = sfbLong[Math.min(g.region0Count + g.region1Count + 2, 22)];
        }
        region1 = Math.min(region1, bigEnd);
        region2 = Math.min(Math.max(region2, region1), bigEnd);
        int i = pairs(in, g.tableSelect[0], 0, region1, end, out);
        if (i == region1) {
            i = pairs(in, g.tableSelect[1], i, region2, end, out);
        }
        if (i == region2) {
            i = pairs(in, g.tableSelect[2], i, bigEnd, end, out);
        }
        if (i < bigEnd) {
            // damaged data: the pairs ran past the granule's bits
            for (; i < 576; i++) {
                out[i] = 0;
            }
            i = bigEnd;
        }

        // count1 region
        int[] quad = Mp3HuffmanTables.QUADS[g.count1Table];
        while (i + 4 <= 576 && in.position() < end) {
            int e = quad[in.peek(Mp3HuffmanTables.ROOT_BITS)];
            in.skip(e & 31); // count1 codes are at most 6 bits: always a leaf
            int s = e >>> 8;
            int v = (s >>> 3) & 1;
            int w = (s >>> 2) & 1;
            int x = (s >>> 1) & 1;
            int y = s & 1;
            if (v != 0 && in.bit() != 0) {
                v = -1;
            }
            if (w != 0 && in.bit() != 0) {
                w = -1;
            }
            if (x != 0 && in.bit() != 0) {
                x = -1;
            }
            if (y != 0 && in.bit() != 0) {
                y = -1;
            }
            if (in.position() > end) {
                break; // the last quadruple ran past the granule's bits: it is not part of the data
            }
            out[i] = v;
            out[i + 1] = w;
            out[i + 2] = x;
            out[i + 3] = y;
            i += 4;
        }
        int nonzero = i;
        for (; i < 576; i++) {
            out[i] = 0;
        }
        while (nonzero > 0 && out[nonzero - 1] == 0) {
            nonzero--;
        }
        return nonzero;
    }

    /**
     * Decodes the pairs of lines {@code [from, to)} with table {@code t}; returns {@code to}, or where it stopped
     * when the bits ran past {@code end} (damaged data).
     */
    private static int pairs(Mp3BitReader in, int t, int from, int to, int end, int[] out) {
        int[] table = Mp3HuffmanTables.PAIRS[t];
        if (table == null) {
            for (int i = from; i < to; i++) {
                out[i] = 0;
            }
            return Math.max(from, to);
        }
        int linbits = Mp3HuffmanTables.LINBITS[t];
        byte[] buf = in.buffer();
        int pos = in.position();
        for (int i = from; i < to; i += 2) {
            // one pair needs at most 17 + 2 * (13 + 1) = 45 bits: all within one 64-bit window
            long w = Mp3BitReader.window(buf, pos);
            int n = Mp3HuffmanTables.ROOT_BITS;
            int e = table[(int) (w >>> (64 - n))];
            int len = 0;
            while (e < 0) {
                len += n;
                n = e & 31;
                e = table[((e >>> 5) & 0x3ffffff) + (int) ((w << len) >>> (64 - n))];
            }
            len += e & 31;
            w <<= len;
            int x = (e >>> 12) & 15;
            int y = (e >>> 8) & 15;
            if (x == 15 && linbits != 0) {
                x += (int) (w >>> (64 - linbits));
                w <<= linbits;
                len += linbits;
            }
            if (x != 0) {
                x = w < 0 ? -x : x;
                w <<= 1;
                len++;
            }
            if (y == 15 && linbits != 0) {
                y += (int) (w >>> (64 - linbits));
                w <<= linbits;
                len += linbits;
            }
            if (y != 0) {
                y = w < 0 ? -y : y;
                len++;
            }
            pos += len;
            out[i] = x;
            out[i + 1] = y;
            if (pos > end) {
                in.seek(pos);
                return i + 2;
            }
        }
        in.seek(pos);
        return Math.max(from, to);
    }
}

package io.github.cola4j.audio;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Reads bits, most significant first, from a byte array that has at least {@link #PADDING} readable bytes
 * after the last byte that matters (reads past the data see whatever those bytes hold, normally zeros).
 */
final class Mp3BitReader {

    /** Bytes that must follow the data in the array. */
    static final int PADDING = 8;

    private static final VarHandle BIG_ENDIAN_INT =
            MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.BIG_ENDIAN);

    private static final VarHandle BIG_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

    private byte[] buf;
    private int pos;

    /** The array being read. */
    byte[] buffer() {
        return buf;
    }

    /**
     * The 64 bits starting at byte {@code bit >>> 3} of {@code buf}, shifted left by {@code bit & 7}: at least 57
     * valid bits from bit position {@code bit}, most significant first.
     */
    static long window(byte[] buf, int bit) {
        return (long) BIG_ENDIAN_LONG.get(buf, bit >>> 3) << (bit & 7);
    }

    /** Starts reading {@code buf} at byte {@code offset}. */
    void reset(byte[] buf, int offset) {
        this.buf = buf;
        this.pos = offset << 3;
    }

    /** The position in bits from the start of the array. */
    int position() {
        return pos;
    }

    /** Moves to the absolute bit position {@code bit}. */
    void seek(int bit) {
        pos = bit;
    }

    /** The next {@code n} bits (1 to 25) without consuming them. */
    int peek(int n) {
        int w = (int) BIG_ENDIAN_INT.get(buf, pos >>> 3);
        return (w << (pos & 7)) >>> (32 - n);
    }

    void skip(int n) {
        pos += n;
    }

    /** Reads {@code n} bits, 0 to 25. */
    int read(int n) {
        if (n == 0) {
            return 0;
        }
        int v = peek(n);
        pos += n;
        return v;
    }

    /** Reads one bit. */
    int bit() {
        int v = (buf[pos >>> 3] >>> (7 - (pos & 7))) & 1;
        pos++;
        return v;
    }
}

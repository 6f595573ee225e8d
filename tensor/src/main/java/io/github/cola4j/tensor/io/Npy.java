package io.github.cola4j.tensor.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads and writes NumPy's {@code .npy} format (versions 1.0 and 2.0; 3.0 is read too) for little-endian
 * float32, float64 and int64 arrays in C order.
 *
 * <p>Reading checks the header completely and compares the size the header promises with the file's
 * length before touching the data, so a malformed or truncated file gives an {@link NpyFormatException}
 * naming the file and the problem. Files larger than {@value #MAP_THRESHOLD} bytes are memory-mapped rather
 * than read through a buffer. Writing goes to a temporary file in the target's directory that is then
 * renamed over the target, so a reader never sees a half-written file.
 */
public final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    /** Files at least this large are memory-mapped when read. */
    public static final long MAP_THRESHOLD = 1L << 24;
    private static final int MAX_HEADER = 1 << 20;

    private Npy() {
    }

    // ------------------------------------------------------------------ reading

    /**
     * Reads a {@code .npy} file.
     *
     * @param file the file to read
     * @return the array, with the file's shape and element type; its elements are in fresh arrays
     * @throws NpyFormatException if the file is malformed or truncated, has extra bytes after the data, or uses
     *     an element type, byte order or Fortran order this reader does not support
     * @throws IOException if the file cannot be opened or read
     */
    public static NpyArray read(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long fileSize = ch.size();
            if (fileSize < 10) {
                throw new NpyFormatException(file, fileSize == 0 ? "empty file" : "file too short for a .npy header ("
                        + fileSize + " bytes)");
            }
            // 10 bytes hold a version 1 prefix, 12 a version 2 or 3 one: read what the file has of them
            ByteBuffer pre = ByteBuffer.allocate((int) Math.min(12, fileSize)).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, pre, 0, file);
            pre.flip();
            for (byte b : MAGIC) {
                if (pre.get() != b) {
                    throw new NpyFormatException(file, "not a .npy file (bad magic string)");
                }
            }
            int major = pre.get() & 0xff;
            int minor = pre.get() & 0xff;
            long headerLen;
            int prefix;
            if (major == 1) {
                headerLen = pre.getShort(8) & 0xffff;
                prefix = 10;
            } else if (major == 2 || major == 3) {
                if (fileSize < 12) {
                    throw new NpyFormatException(file, "truncated header length");
                }
                headerLen = pre.getInt(8) & 0xffffffffL;
                prefix = 12;
            } else {
                throw new NpyFormatException(file, "unsupported format version " + major + "." + minor);
            }
            if (headerLen > MAX_HEADER) {
                throw new NpyFormatException(file, "header length " + headerLen + " is implausibly large");
            }
            if (prefix + headerLen > fileSize) {
                throw new NpyFormatException(file, "truncated: header needs " + (prefix + headerLen)
                        + " bytes but the file has " + fileSize);
            }
            ByteBuffer hb = ByteBuffer.allocate((int) headerLen);
            readFully(ch, hb, prefix, file);
            String header = new String(hb.array(), major == 3 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
            Header h = parseHeader(header, file);
            long dataStart = prefix + headerLen;
            long count = NpyArray.elementCount(h.shape);
            if (count > Integer.MAX_VALUE - 8) {
                throw new NpyFormatException(file, count + " elements do not fit one Java array");
            }
            long bytes = count * h.dtype.byteSize();
            if (dataStart + bytes > fileSize) {
                throw new NpyFormatException(file, "truncated: shape " + java.util.Arrays.toString(h.shape)
                        + " needs " + bytes + " data bytes but only " + (fileSize - dataStart) + " follow the header");
            }
            if (dataStart + bytes < fileSize) {
                throw new NpyFormatException(file, (fileSize - dataStart - bytes)
                        + " unexpected bytes after the data");
            }
            ByteBuffer data;
            if (fileSize >= MAP_THRESHOLD) {
                data = ch.map(FileChannel.MapMode.READ_ONLY, dataStart, bytes);
            } else {
                data = ByteBuffer.allocate((int) bytes);
                readFully(ch, data, dataStart, file);
                data.flip();
            }
            data.order(ByteOrder.LITTLE_ENDIAN);
            int n = (int) count;
            switch (h.dtype) {
                case FLOAT32: {
                    float[] a = new float[n];
                    data.asFloatBuffer().get(a);
                    return NpyArray.of(a, h.shape);
                }
                case FLOAT64: {
                    double[] a = new double[n];
                    data.asDoubleBuffer().get(a);
                    return NpyArray.of(a, h.shape);
                }
                default: {
                    long[] a = new long[n];
                    data.asLongBuffer().get(a);
                    return NpyArray.of(a, h.shape);
                }
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos, Path file) throws IOException {
        long p = pos;
        while (buf.hasRemaining()) {
            int r = ch.read(buf, p);
            if (r < 0) {
                throw new NpyFormatException(file, "unexpected end of file");
            }
            p += r;
        }
    }

    private static final class Header {
        NpyArray.DType dtype;
        long[] shape;
    }

    /** Parses the Python dict literal of a header. Package-private for tests. */
    static Header parseHeader(String text, Path file) throws NpyFormatException {
        Lexer lx = new Lexer(text.strip(), file);
        Header h = new Header();
        Boolean fortran = null;
        String descr = null;
        lx.expect('{');
        while (!lx.peekIs('}')) {
            String key = lx.string();
            lx.expect(':');
            switch (key) {
                case "descr":
                    descr = lx.string();
                    break;
                case "fortran_order":
                    fortran = lx.bool();
                    break;
                case "shape":
                    h.shape = lx.tuple();
                    break;
                default:
                    throw new NpyFormatException(file, "unexpected header key '" + key + "'");
            }
            if (!lx.peekIs('}')) {
                lx.expect(',');
            }
        }
        lx.expect('}');
        lx.end();
        if (descr == null || fortran == null || h.shape == null) {
            throw new NpyFormatException(file, "header lacks one of descr, fortran_order, shape: " + text.strip());
        }
        if (fortran) {
            throw new NpyFormatException(file, "Fortran-order arrays are not supported");
        }
        for (NpyArray.DType t : NpyArray.DType.values()) {
            if (t.descr().equals(descr)) {
                h.dtype = t;
            }
        }
        if (h.dtype == null) {
            throw new NpyFormatException(file, "unsupported dtype '" + descr + "' (supported: <f4, <f8, <i8)");
        }
        try {
            NpyArray.elementCount(h.shape);
        } catch (ArithmeticException e) {
            throw new NpyFormatException(file, "shape overflows");
        }
        return h;
    }

    /** A tiny lexer for the subset of Python literals that {@code .npy} headers use. */
    private static final class Lexer {
        private final String s;
        private final Path file;
        private int i;

        Lexer(String s, Path file) {
            this.s = s;
            this.file = file;
        }

        private NpyFormatException error(String what) {
            return new NpyFormatException(file, "malformed header (" + what + " at offset " + i + "): " + s);
        }

        private void skip() {
            while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
        }

        boolean peekIs(char c) {
            skip();
            return i < s.length() && s.charAt(i) == c;
        }

        void expect(char c) throws NpyFormatException {
            skip();
            if (i >= s.length() || s.charAt(i) != c) {
                throw error("expected '" + c + "'");
            }
            i++;
        }

        void end() throws NpyFormatException {
            skip();
            if (i != s.length()) {
                throw error("trailing text");
            }
        }

        String string() throws NpyFormatException {
            skip();
            if (i >= s.length() || (s.charAt(i) != '\'' && s.charAt(i) != '"')) {
                throw error("expected a string");
            }
            char q = s.charAt(i++);
            int start = i;
            while (i < s.length() && s.charAt(i) != q) {
                i++;
            }
            if (i >= s.length()) {
                throw error("unterminated string");
            }
            return s.substring(start, i++);
        }

        boolean bool() throws NpyFormatException {
            skip();
            if (s.startsWith("True", i)) {
                i += 4;
                return true;
            }
            if (s.startsWith("False", i)) {
                i += 5;
                return false;
            }
            throw error("expected True or False");
        }

        long[] tuple() throws NpyFormatException {
            expect('(');
            List<Long> dims = new ArrayList<>();
            while (!peekIs(')')) {
                skip();
                int start = i;
                while (i < s.length() && Character.isDigit(s.charAt(i))) {
                    i++;
                }
                if (start == i) {
                    throw error("expected a dimension");
                }
                // a trailing L appears in headers written by Python 2
                String num = s.substring(start, i);
                if (i < s.length() && s.charAt(i) == 'L') {
                    i++;
                }
                try {
                    dims.add(Long.parseLong(num));
                } catch (NumberFormatException e) {
                    throw error("dimension too large");
                }
                if (!peekIs(')')) {
                    expect(',');
                }
            }
            expect(')');
            long[] r = new long[dims.size()];
            for (int k = 0; k < r.length; k++) {
                r[k] = dims.get(k);
            }
            return r;
        }
    }

    // ------------------------------------------------------------------ writing

    /**
     * Writes a float32 array of the given shape.
     *
     * @param file the target, replaced atomically
     * @param data the elements in C order
     * @param shape the dimensions, whose product must be {@code data.length}; none for a 0-d array
     * @throws IllegalArgumentException if the shape does not hold {@code data.length} elements
     * @throws IOException if the file cannot be written; an existing file is then left as it was
     */
    public static void write(Path file, float[] data, long... shape) throws IOException {
        write(file, NpyArray.of(data, shape));
    }

    /**
     * Writes a float32 array of the given int shape.
     *
     * @param file the target, replaced atomically
     * @param data the elements in C order
     * @param shape the dimensions, as a tensor gives them; their product must be {@code data.length}
     * @throws IllegalArgumentException if the shape does not hold {@code data.length} elements
     * @throws IOException if the file cannot be written; an existing file is then left as it was
     */
    public static void write(Path file, float[] data, int... shape) throws IOException {
        write(file, NpyArray.of(data, toLong(shape)));
    }

    /**
     * Writes a float64 array of the given shape.
     *
     * @param file the target, replaced atomically
     * @param data the elements in C order
     * @param shape the dimensions, whose product must be {@code data.length}; none for a 0-d array
     * @throws IllegalArgumentException if the shape does not hold {@code data.length} elements
     * @throws IOException if the file cannot be written; an existing file is then left as it was
     */
    public static void write(Path file, double[] data, long... shape) throws IOException {
        write(file, NpyArray.of(data, shape));
    }

    /**
     * Writes an int64 array of the given shape.
     *
     * @param file the target, replaced atomically
     * @param data the elements in C order
     * @param shape the dimensions, whose product must be {@code data.length}; none for a 0-d array
     * @throws IllegalArgumentException if the shape does not hold {@code data.length} elements
     * @throws IOException if the file cannot be written; an existing file is then left as it was
     */
    public static void write(Path file, long[] data, long... shape) throws IOException {
        write(file, NpyArray.of(data, shape));
    }

    private static long[] toLong(int[] shape) {
        long[] r = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            r[i] = shape[i];
        }
        return r;
    }

    /**
     * Writes a tensor (any view) as float32 or float64, atomically.
     *
     * @param file the target, replaced atomically
     * @param t the tensor, on any backend; its elements are copied to the host in C order, and its dtype is kept
     * @throws IOException if the file cannot be written; an existing file is then left as it was
     */
    public static void write(Path file, io.github.cola4j.tensor.Tensor t) throws IOException {
        long[] shape = java.util.Arrays.stream(t.shape()).asLongStream().toArray();
        if (t.dtype() == io.github.cola4j.tensor.DType.FLOAT64) {
            write(file, t.toDoubleArray(), shape);
        } else {
            write(file, t.toFloatArray(), shape);
        }
    }

    /**
     * Writes an array atomically: the bytes go to a temporary file in the same directory, which then
     * replaces {@code file}. Uses format version 1.0 unless the header needs version 2.0.
     *
     * @param file the target; missing parent directories are created
     * @param array the shape, element type and elements to write
     * @throws IOException if the file cannot be written; an existing file is then left as it was
     */
    public static void write(Path file, NpyArray array) throws IOException {
        AtomicFile.write(file, ch -> write(ch, array));
    }

    /**
     * Writes an array to a stream (a distributed file system's output, a network buffer), with the same bytes as
     * {@link #write(Path, NpyArray)} puts in a file. The stream is not closed.
     *
     * @param out where the bytes go
     * @param array the shape, element type and elements to write
     * @throws IOException if the stream fails
     */
    public static void write(OutputStream out, NpyArray array) throws IOException {
        write(Channels.newChannel(out), array);
    }

    private static void write(WritableByteChannel ch, NpyArray array) throws IOException {
        writeFully(ch, ByteBuffer.wrap(header(array)));
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        int n = array.size();
        for (int i = 0; i < n; ) {
            buf.clear();
            switch (array.dtype()) {
                case FLOAT32: {
                    float[] a = array.floats();
                    int m = Math.min(n - i, buf.capacity() / 4);
                    buf.asFloatBuffer().put(a, i, m);
                    buf.limit(m * 4);
                    i += m;
                    break;
                }
                case FLOAT64: {
                    double[] a = array.doubles();
                    int m = Math.min(n - i, buf.capacity() / 8);
                    buf.asDoubleBuffer().put(a, i, m);
                    buf.limit(m * 8);
                    i += m;
                    break;
                }
                default: {
                    long[] a = array.longs();
                    int m = Math.min(n - i, buf.capacity() / 8);
                    buf.asLongBuffer().put(a, i, m);
                    buf.limit(m * 8);
                    i += m;
                }
            }
            buf.position(0);
            writeFully(ch, buf);
        }
    }

    private static void writeFully(WritableByteChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }

    /** The magic string, version, header length and padded header dict for {@code array}. */
    static byte[] header(NpyArray array) {
        StringBuilder dict = new StringBuilder();
        dict.append("{'descr': '").append(array.dtype().descr()).append("', 'fortran_order': False, 'shape': (");
        long[] shape = array.shape();
        for (int i = 0; i < shape.length; i++) {
            dict.append(shape[i]);
            if (shape.length == 1 || i < shape.length - 1) {
                dict.append(i < shape.length - 1 ? ", " : ",");
            }
        }
        dict.append("), }");
        int version = 1;
        int prefix = 10;
        int total = pad(prefix + dict.length() + 1);
        if (total - prefix > 0xffff) {
            version = 2;
            prefix = 12;
            total = pad(prefix + dict.length() + 1);
        }
        int headerLen = total - prefix;
        while (dict.length() < headerLen - 1) {
            dict.append(' ');
        }
        dict.append('\n');
        ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
        b.put(MAGIC).put((byte) version).put((byte) 0);
        if (version == 1) {
            b.putShort((short) headerLen);
        } else {
            b.putInt(headerLen);
        }
        b.put(dict.toString().getBytes(StandardCharsets.ISO_8859_1));
        return b.array();
    }

    private static int pad(int n) {
        return (n + 63) / 64 * 64;
    }
}

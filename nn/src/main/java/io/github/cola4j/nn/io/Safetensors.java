package io.github.cola4j.nn.io;

import io.github.cola4j.nn.Module.StateEntry;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.CharBuffer;
import io.github.cola4j.tensor.io.AtomicFile;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads and writes the safetensors format: an 8-byte little-endian header length {@code n}, {@code n} bytes of
 * UTF-8 JSON mapping each tensor name to {@code {"dtype", "shape", "data_offsets": [begin, end]}} (offsets relative
 * to the data region) plus an optional {@code "__metadata__"} map of strings, then the raw little-endian data.
 *
 * <p>Supported dtypes: {@code F32} (read as float32), {@code F64} (float64) and {@code I64} (read into a float64
 * tensor and flagged as integer; written for entries flagged integer, whose values must be whole numbers).
 *
 * <p>Reading trusts nothing in the file: the header length is checked against the file size, the JSON is parsed
 * strictly, every entry is checked for known fields and dtype, a shape whose byte count matches its offsets, and
 * offsets that tile the data region exactly (in range, no overlap, no gap). Any problem raises a
 * {@link ModelFileException} naming the file and the problem before any tensor is built. Writing goes to a
 * temporary file in the target directory, which then replaces the target in one atomic move.
 */
public final class Safetensors {
    /** Largest header accepted, as in the reference implementation (100 MB). */
    public static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

    private static final String METADATA = "__metadata__";
    private static final int CHUNK = 1 << 20;

    private Safetensors() {
    }

    /** Element types stored in a safetensors file that this reader understands. */
    enum Code {
        F32(4), F64(8), I64(8);

        final int bytes;

        Code(int bytes) {
            this.bytes = bytes;
        }
    }

    /**
     * The contents of a safetensors file.
     *
     * @param tensors every tensor by name, in the order of the header
     * @param integers names of the tensors stored as I64
     * @param metadata the {@code __metadata__} strings (empty when absent)
     */
    public record Contents(Map<String, Tensor> tensors, Set<String> integers, Map<String, String> metadata) {
        /**
         * Copies the maps into unmodifiable ones that keep their order.
         *
         * @param tensors every tensor by name, in the order to write them
         * @param integers names of the tensors stored (or to be stored) as I64
         * @param metadata the {@code __metadata__} strings; empty for none
         */
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
            integers = Collections.unmodifiableSet(new LinkedHashSet<>(integers));
            metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
        }

        /**
         * The tensors as state entries, integer flags included, ready for {@link #write(Path, Map, Map)}.
         *
         * @return a new map in the order of {@link #tensors()}, each entry flagged integer when its name is in
         *     {@link #integers()}
         */
        public Map<String, StateEntry> entries() {
            Map<String, StateEntry> out = new LinkedHashMap<>();
            tensors.forEach((k, t) -> out.put(k, new StateEntry(t, integers.contains(k))));
            return out;
        }
    }

    private record Header(String name, Code code, int[] shape, long begin, long end) {
    }

    // ---------------------------------------------------------------- reading

    /**
     * Reads and validates a whole file.
     *
     * @param file the safetensors file
     * @return the tensors in the header's order (F32 as float32, F64 and I64 as float64), the names of the I64
     *     ones, and the metadata
     * @throws ModelFileException when the file is missing, a directory, truncated or malformed (header length,
     *     UTF-8, JSON, fields, dtype, shape or offsets), naming the file and the problem
     * @throws IOException when reading fails otherwise
     */
    public static Contents read(Path file) throws IOException {
        try (FileChannel ch = open(file)) {
            long fileSize = ch.size();
            if (fileSize < 8) {
                throw new ModelFileException(file, "not a safetensors file: " + fileSize
                        + " bytes, too short for the 8-byte header length");
            }
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0, file);
            long headerLen = lenBuf.flip().getLong();
            if (headerLen < 0 || headerLen > fileSize - 8) {
                throw new ModelFileException(file, "header length " + Long.toUnsignedString(headerLen)
                        + " does not fit in the file (" + fileSize + " bytes): truncated or not a safetensors file");
            }
            if (headerLen > MAX_HEADER_BYTES) {
                throw new ModelFileException(file, "header length " + headerLen + " exceeds the limit of "
                        + MAX_HEADER_BYTES + " bytes");
            }
            if (headerLen < 2) {
                throw new ModelFileException(file, "header of " + headerLen + " bytes cannot hold a JSON object");
            }
            ByteBuffer headerBuf = ByteBuffer.allocate((int) headerLen);
            readFully(ch, headerBuf, 8, file);
            headerBuf.flip();
            String json;
            try {
                CharBuffer chars = StandardCharsets.UTF_8.newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(headerBuf);
                json = chars.toString();
            } catch (CharacterCodingException e) {
                throw new ModelFileException(file, "header is not valid UTF-8", e);
            }
            Object root;
            try {
                root = Json.parse(json);
            } catch (Json.JsonException e) {
                throw new ModelFileException(file, "header: " + e.getMessage(), e);
            }
            long dataStart = 8 + headerLen;
            long dataLen = fileSize - dataStart;
            Map<String, String> metadata = new LinkedHashMap<>();
            List<Header> headers = parseHeader(file, root, metadata);
            checkLayout(file, headers, dataLen);

            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Set<String> integers = new LinkedHashSet<>();
            for (Header h : headers) {
                tensors.put(h.name(), readTensor(ch, file, h, dataStart));
                if (h.code() == Code.I64) {
                    integers.add(h.name());
                }
            }
            return new Contents(tensors, integers, metadata);
        }
    }

    private static FileChannel open(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new ModelFileException(file, "is a directory, not a safetensors file");
        }
        try {
            return FileChannel.open(file, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ModelFileException(file, "no such file", e);
        } catch (IOException e) {
            throw new ModelFileException(file, "cannot open: " + e.getMessage(), e);
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long position, Path file) throws IOException {
        long p = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, p);
            if (n < 0) {
                throw new ModelFileException(file, "unexpected end of file at byte " + p + " (file changed while reading?)");
            }
            p += n;
        }
    }

    private static List<Header> parseHeader(Path file, Object root, Map<String, String> metadata)
            throws ModelFileException {
        if (!(root instanceof Map)) {
            throw new ModelFileException(file, "header is not a JSON object");
        }
        List<Header> out = new ArrayList<>();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) root).entrySet()) {
            String name = (String) e.getKey();
            Object v = e.getValue();
            if (METADATA.equals(name)) {
                if (!(v instanceof Map)) {
                    throw new ModelFileException(file, "\"__metadata__\" is not a JSON object");
                }
                for (Map.Entry<?, ?> m : ((Map<?, ?>) v).entrySet()) {
                    if (!(m.getValue() instanceof String)) {
                        throw new ModelFileException(file, "\"__metadata__\" value for \"" + m.getKey()
                                + "\" is not a string");
                    }
                    metadata.put((String) m.getKey(), (String) m.getValue());
                }
                continue;
            }
            out.add(parseEntry(file, name, v));
        }
        return out;
    }

    private static Header parseEntry(Path file, String name, Object v) throws ModelFileException {
        String where = "tensor \"" + name + "\": ";
        if (!(v instanceof Map)) {
            throw new ModelFileException(file, where + "entry is not a JSON object");
        }
        Map<?, ?> m = (Map<?, ?>) v;
        for (Object k : m.keySet()) {
            if (!"dtype".equals(k) && !"shape".equals(k) && !"data_offsets".equals(k)) {
                throw new ModelFileException(file, where + "unknown field \"" + k + "\"");
            }
        }
        Object dt = m.get("dtype");
        if (!(dt instanceof String)) {
            throw new ModelFileException(file, where + "missing or non-string \"dtype\"");
        }
        Code code;
        try {
            code = Code.valueOf((String) dt);
        } catch (IllegalArgumentException ex) {
            throw new ModelFileException(file, where + "unsupported dtype \"" + dt + "\" (supported: "
                    + Arrays.toString(Code.values()) + ")");
        }
        Object sh = m.get("shape");
        if (!(sh instanceof List)) {
            throw new ModelFileException(file, where + "missing or non-array \"shape\"");
        }
        List<?> shapeList = (List<?>) sh;
        int[] shape = new int[shapeList.size()];
        long elements = 1;
        for (int i = 0; i < shape.length; i++) {
            long d = shapeList.get(i) instanceof Json.Num ? ((Json.Num) shapeList.get(i)).nonNegativeLong() : -1;
            if (d < 0 || d > Integer.MAX_VALUE) {
                throw new ModelFileException(file, where + "bad dimension " + shapeList.get(i) + " in shape " + sh);
            }
            shape[i] = (int) d;
            elements *= d;
            if (elements > Integer.MAX_VALUE) {
                throw new ModelFileException(file, where + "shape " + sh + " has more than "
                        + Integer.MAX_VALUE + " elements");
            }
        }
        Object off = m.get("data_offsets");
        if (!(off instanceof List) || ((List<?>) off).size() != 2) {
            throw new ModelFileException(file, where + "missing or malformed \"data_offsets\" (expected [begin, end])");
        }
        List<?> offs = (List<?>) off;
        long begin = offs.get(0) instanceof Json.Num ? ((Json.Num) offs.get(0)).nonNegativeLong() : -1;
        long end = offs.get(1) instanceof Json.Num ? ((Json.Num) offs.get(1)).nonNegativeLong() : -1;
        if (begin < 0 || end < 0) {
            throw new ModelFileException(file, where + "data_offsets " + off + " are not non-negative integers");
        }
        if (end < begin) {
            throw new ModelFileException(file, where + "data_offsets " + off + " end before they begin");
        }
        long expected = elements * code.bytes;
        if (end - begin != expected) {
            throw new ModelFileException(file, where + "data_offsets " + off + " span " + (end - begin)
                    + " bytes but shape " + sh + " of " + code + " needs " + expected);
        }
        return new Header(name, code, shape, begin, end);
    }

    /** The entries must tile [0, dataLen) exactly: sorted by offset, each starts where the previous ended. */
    private static void checkLayout(Path file, List<Header> headers, long dataLen) throws ModelFileException {
        List<Header> sorted = new ArrayList<>(headers);
        sorted.sort(Comparator.comparingLong(Header::begin).thenComparingLong(Header::end));
        long at = 0;
        Header prev = null;
        for (Header h : sorted) {
            if (h.end() > dataLen) {
                throw new ModelFileException(file, "tensor \"" + h.name() + "\": data_offsets [" + h.begin() + ", "
                        + h.end() + "] run past the end of the data (" + dataLen + " bytes): file truncated?");
            }
            if (h.begin() < at) {
                throw new ModelFileException(file, "tensors \"" + prev.name() + "\" and \"" + h.name()
                        + "\" overlap (byte " + h.begin() + " of the data)");
            }
            if (h.begin() > at) {
                throw new ModelFileException(file, "gap in the data: bytes " + at + " to " + h.begin()
                        + " belong to no tensor");
            }
            at = h.end();
            prev = h;
        }
        if (at != dataLen) {
            throw new ModelFileException(file, "the data region holds " + dataLen + " bytes but the tensors cover "
                    + at + ": extra bytes at the end of the file");
        }
    }

    private static Tensor readTensor(FileChannel ch, Path file, Header h, long dataStart) throws IOException {
        int n = (int) ((h.end() - h.begin()) / h.code().bytes);
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(8, h.end() - h.begin())))
                .order(ByteOrder.LITTLE_ENDIAN);
        long pos = dataStart + h.begin();
        int done = 0;
        float[] f = h.code() == Code.F32 ? new float[n] : null;
        double[] d = h.code() == Code.F32 ? null : new double[n];
        while (done < n) {
            int count = Math.min(n - done, buf.capacity() / h.code().bytes);
            buf.clear().limit(count * h.code().bytes);
            readFully(ch, buf, pos, file);
            buf.flip();
            pos += (long) count * h.code().bytes;
            switch (h.code()) {
                case F32:
                    buf.asFloatBuffer().get(f, done, count);
                    break;
                case F64:
                    buf.asDoubleBuffer().get(d, done, count);
                    break;
                default:
                    for (int i = 0; i < count; i++) {
                        d[done + i] = buf.getLong();
                    }
            }
            done += count;
        }
        int[] shape = h.shape().length == 0 ? new int[] {1} : h.shape();
        Tensor t = f != null ? Tensor.of(f, shape) : Tensor.of(DType.FLOAT64, d, shape);
        return h.shape().length == 0 ? t.reshape() : t;
    }

    // ---------------------------------------------------------------- writing

    /**
     * Writes tensors by name (none flagged integer) with no metadata.
     *
     * @param file the target; missing parent directories are created and an existing file is replaced
     * @param tensors the tensors by name, written in map order: float64 ones as F64, float32 ones as F32
     * @throws IllegalArgumentException when a tensor is named {@code "__metadata__"}
     * @throws IOException when the file cannot be written; an existing file is then left as it was
     */
    public static void write(Path file, Map<String, Tensor> tensors) throws IOException {
        Map<String, StateEntry> entries = new LinkedHashMap<>();
        tensors.forEach((k, t) -> entries.put(k, new StateEntry(t, false)));
        write(file, entries, Map.of());
    }

    /**
     * Writes entries in map order: float32 tensors as F32, float64 as F64, entries flagged integer as I64 (their
     * values must be whole numbers). The file appears complete or not at all: the bytes go to a temporary file
     * beside it, which then atomically replaces {@code file}.
     *
     * @param file the target; missing parent directories are created and an existing file is replaced
     * @param entries the tensors by name, with their integer flags
     * @param metadata strings stored under {@code "__metadata__"}; empty for none
     * @throws IllegalArgumentException when a tensor is named {@code "__metadata__"}, or an entry flagged integer
     *     holds a value that is not a whole number in the range of a long; nothing is written then
     * @throws IOException when the file cannot be written; an existing file is then left as it was
     */
    public static void write(Path file, Map<String, StateEntry> entries, Map<String, String> metadata)
            throws IOException {
        List<Header> headers = new ArrayList<>();
        long at = 0;
        for (Map.Entry<String, StateEntry> e : entries.entrySet()) {
            String name = e.getKey();
            if (METADATA.equals(name)) {
                throw new IllegalArgumentException("\"__metadata__\" cannot name a tensor");
            }
            Tensor t = e.getValue().tensor();
            Code code = e.getValue().integer() ? Code.I64 : t.dtype() == DType.FLOAT64 ? Code.F64 : Code.F32;
            long bytes = (long) t.size() * code.bytes;
            headers.add(new Header(name, code, t.shape(), at, at + bytes));
            at += bytes;
        }
        byte[] header = headerJson(headers, metadata);

        AtomicFile.write(file, ch -> {
            ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
            buf.putLong(header.length);
            flush(ch, buf);
            writeAll(ch, ByteBuffer.wrap(header));
            int i = 0;
            for (StateEntry e : entries.values()) {
                writeData(ch, buf, e.tensor(), headers.get(i++));
            }
            flush(ch, buf);
        });
    }

    private static byte[] headerJson(List<Header> headers, Map<String, String> metadata) {
        Map<String, Object> root = new LinkedHashMap<>();
        if (!metadata.isEmpty()) {
            root.put(METADATA, metadata);
        }
        for (Header h : headers) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("dtype", h.code().name());
            fields.put("shape", h.shape());
            fields.put("data_offsets", new long[] {h.begin(), h.end()});
            root.put(h.name(), fields);
        }
        byte[] utf8 = Json.writeCompact(root).getBytes(StandardCharsets.UTF_8);
        int padded = (utf8.length + 7) / 8 * 8; // data starts 8-aligned, as the reference writer keeps it
        byte[] out = Arrays.copyOf(utf8, padded);
        Arrays.fill(out, utf8.length, padded, (byte) ' ');
        return out;
    }

    private static void writeData(FileChannel ch, ByteBuffer buf, Tensor t, Header h) throws IOException {
        if (h.code() == Code.F32) {
            for (float v : t.toFloatArray()) {
                drain(ch, buf, 4);
                buf.putFloat(v);
            }
        } else if (h.code() == Code.F64) {
            for (double v : t.toDoubleArray()) {
                drain(ch, buf, 8);
                buf.putDouble(v);
            }
        } else {
            for (double v : t.toDoubleArray()) {
                if (v != Math.rint(v) || Math.abs(v) >= 0x1p63) {
                    throw new IllegalArgumentException("tensor \"" + h.name() + "\" is flagged integer but holds " + v);
                }
                drain(ch, buf, 8);
                buf.putLong((long) v);
            }
        }
    }

    /** Makes room for {@code need} bytes in {@code buf}, flushing it to the channel when it is too full. */
    private static void drain(FileChannel ch, ByteBuffer buf, int need) throws IOException {
        if (buf.remaining() < need) {
            flush(ch, buf);
        }
    }

    private static void flush(FileChannel ch, ByteBuffer buf) throws IOException {
        buf.flip();
        writeAll(ch, buf);
        buf.clear();
    }

    private static void writeAll(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}

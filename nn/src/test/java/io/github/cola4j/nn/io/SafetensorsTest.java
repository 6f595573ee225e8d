package io.github.cola4j.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.nn.Module.StateEntry;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsTest {
    @TempDir
    Path dir;

    private static Map<String, StateEntry> sample() {
        Map<String, StateEntry> m = new LinkedHashMap<>();
        m.put("a.weight", new StateEntry(Tensor.of(new float[] {1.5f, -2f, 3.25f, Float.MIN_VALUE, -0f, 7e30f}, 2, 3), false));
        m.put("b.bias", new StateEntry(Tensor.of(new double[] {Math.PI, -1e-300}, 2), false));
        m.put("b.num_batches_tracked", new StateEntry(Tensor.scalar(DType.FLOAT64, 123456789), true));
        m.put("empty", new StateEntry(Tensor.zeros(0, 4), false));
        m.put("\u00e9t\"range\\name", new StateEntry(Tensor.of(new float[] {42f}, 1), false));
        return m;
    }

    @Test
    void roundTripKeepsNamesOrderTypesShapesValuesAndMetadata() throws IOException {
        Path f = dir.resolve("m.safetensors");
        Safetensors.write(f, sample(), Map.of("format", "pt", "note", "tab\there"));
        Safetensors.Contents c = Safetensors.read(f);
        assertEquals(sample().keySet().stream().toList(), c.tensors().keySet().stream().toList());
        for (Map.Entry<String, StateEntry> e : sample().entrySet()) {
            Tensor t = c.tensors().get(e.getKey());
            Tensor want = e.getValue().tensor();
            assertArrayEquals(want.shape(), t.shape(), e.getKey());
            assertArrayEquals(want.toDoubleArray(), t.toDoubleArray(), e.getKey());
            assertEquals(e.getValue().integer(), c.integers().contains(e.getKey()));
        }
        assertEquals(DType.FLOAT32, c.tensors().get("a.weight").dtype());
        assertEquals(DType.FLOAT64, c.tensors().get("b.bias").dtype());
        assertEquals(DType.FLOAT64, c.tensors().get("b.num_batches_tracked").dtype());
        assertEquals(Map.of("format", "pt", "note", "tab\there"), c.metadata());
        // header padded so that the data starts 8-aligned; no temporary file left behind
        byte[] bytes = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
        // the usual permissions of a new file (umask), not a temporary file's owner-only ones
        if (f.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            Path plain = Files.write(dir.resolve("plain"), new byte[1]);
            assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(f));
            Files.delete(plain);
        }
        // rewriting replaces the file
        Safetensors.write(f, Map.of("x", Tensor.of(new float[] {1f}, 1)));
        assertEquals(Map.of("x", 1), Map.of("x", ModelFiles.read(f).get("x").size()));
    }

    @Test
    void integerEntriesMustHoldWholeNumbers() {
        Map<String, StateEntry> m = Map.of("n", new StateEntry(Tensor.scalar(DType.FLOAT64, 1.5), true));
        assertThrows(IllegalArgumentException.class, () -> Safetensors.write(dir.resolve("x.safetensors"), m, Map.of()));
    }

    // ---------------------------------------------------------------- hand-made files

    /** A file with the given header JSON (unpadded) followed by {@code dataBytes} bytes, length field as given. */
    private Path file(String name, long headerLenField, String header, int dataBytes) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLenField).put(h);
        Path f = dir.resolve(name);
        Files.write(f, b.array());
        return f;
    }

    private Path file(String name, String header, int dataBytes) throws IOException {
        return file(name, header.getBytes(StandardCharsets.UTF_8).length, header, dataBytes);
    }

    private static String entry(String name, String dtype, String shape, long begin, long end) {
        return "\"" + name + "\":{\"dtype\":\"" + dtype + "\",\"shape\":" + shape + ",\"data_offsets\":[" + begin + ","
                + end + "]}";
    }

    private static ModelFileException fails(Path f, String... fragments) {
        ModelFileException e = assertThrows(ModelFileException.class, () -> Safetensors.read(f));
        assertTrue(e.getMessage().contains(f.getFileName().toString()), e.getMessage());
        assertEquals(f, e.file());
        for (String frag : fragments) {
            assertTrue(e.getMessage().contains(frag), "'" + frag + "' not in: " + e.getMessage());
        }
        return e;
    }

    @Test
    void validHandMadeFileReads() throws IOException {
        Path f = file("ok.safetensors", "{" + entry("w", "F32", "[2]", 0, 8) + ",\"__metadata__\":{\"k\":\"v\"}}   ", 8);
        Safetensors.Contents c = Safetensors.read(f);
        assertArrayEquals(new int[] {2}, c.tensors().get("w").shape());
        assertEquals(Map.of("k", "v"), c.metadata());
    }

    @Test
    void truncatedFile() throws IOException {
        Path good = dir.resolve("good.safetensors");
        Safetensors.write(good, sample(), Map.of());
        byte[] all = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.safetensors");
        Files.write(cut, Arrays.copyOf(all, all.length - 3));
        fails(cut, "past the end of the data");
        Files.write(cut, Arrays.copyOf(all, 5));
        fails(cut, "too short");
        Files.write(cut, new byte[0]);
        fails(cut, "too short");
    }

    @Test
    void headerLengthLargerThanTheFile() throws IOException {
        fails(file("long.safetensors", 1000, "{}", 0), "header length 1000", "does not fit");
        fails(file("huge.safetensors", -1L, "{}", 0), "header length 18446744073709551615");
    }

    @Test
    void badJson() throws IOException {
        fails(file("j1.safetensors", "{\"w\":{\"dtype\":\"F32\",", 0), "malformed JSON");
        fails(file("j2.safetensors", "{\"w\":1} x", 0), "malformed JSON");
        fails(file("j3.safetensors", "[1,2]", 0), "not a JSON object");
        fails(file("j4.safetensors", "{" + entry("w", "F32", "[1]", 0, 4) + "," + entry("w", "F32", "[1]", 4, 8) + "}", 8),
                "duplicate key");
        fails(file("j5.safetensors", "[".repeat(10000), 0), "nested deeper");
        Path f = dir.resolve("j6.safetensors");
        ByteBuffer b = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN).putLong(4).put(new byte[] {'{', (byte) 0xff, (byte) 0xfe, '}'});
        Files.write(f, b.array());
        fails(f, "UTF-8");
        fails(file("j7.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4],\"x\":1}}", 4), "unknown field");
        fails(file("j8.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}", 4), "bad dimension");
        fails(file("j9.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", 4), "data_offsets");
        fails(file("j10.safetensors", "{\"__metadata__\":{\"k\":1}}", 0), "__metadata__");
    }

    @Test
    void overlappingOffsets() throws IOException {
        fails(file("o.safetensors", "{" + entry("a", "F32", "[2]", 0, 8) + "," + entry("b", "F32", "[2]", 4, 12) + "}", 12),
                "overlap", "\"a\"", "\"b\"");
        fails(file("g.safetensors", "{" + entry("a", "F32", "[1]", 0, 4) + "," + entry("b", "F32", "[1]", 8, 12) + "}", 12),
                "gap");
        fails(file("x.safetensors", "{" + entry("a", "F32", "[1]", 0, 4) + "}", 9), "extra bytes");
        fails(file("r.safetensors", "{" + entry("a", "F32", "[1]", 4, 0) + "}", 4), "end before");
        fails(file("big.safetensors", "{" + entry("a", "F32", "[1]", 9223372036854775800L, 9223372036854775804L) + "}", 4),
                "past the end");
        fails(file("neg.safetensors", "{" + entry("a", "F32", "[1]", -4, 0) + "}", 4), "non-negative");
    }

    @Test
    void wrongByteCounts() throws IOException {
        fails(file("c1.safetensors", "{" + entry("a", "F32", "[3]", 0, 8) + "}", 8), "span 8 bytes", "needs 12");
        fails(file("c2.safetensors", "{" + entry("a", "F64", "[2,2]", 0, 16) + "}", 16), "needs 32");
        fails(file("c3.safetensors", "{" + entry("a", "F32", "[65536,65536]", 0, 16) + "}", 16), "elements");
    }

    @Test
    void unknownDtype() throws IOException {
        fails(file("d.safetensors", "{" + entry("a", "BF16", "[2]", 0, 4) + "}", 4), "unsupported dtype \"BF16\"");
    }

    @Test
    void missingFileAndDirectory() {
        fails(dir.resolve("nope.safetensors"), "no such file");
        ModelFileException e = assertThrows(ModelFileException.class, () -> Safetensors.read(dir));
        assertTrue(e.getMessage().contains("directory"));
        assertFalse(Files.exists(dir.resolve("nope.safetensors")));
    }
}

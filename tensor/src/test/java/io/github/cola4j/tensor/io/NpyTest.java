package io.github.cola4j.tensor.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpyTest {

    @TempDir
    Path dir;

    @Test
    void roundTripsAllTypesAndShapes() throws IOException {
        Random r = new Random(1);
        float[] f = new float[2 * 3 * 4];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) r.nextGaussian();
        }
        Path p = dir.resolve("f.npy");
        Npy.write(p, f, 2, 3, 4);
        NpyArray a = Npy.read(p);
        assertArrayEquals(new long[] {2, 3, 4}, a.shape());
        assertEquals(NpyArray.DType.FLOAT32, a.dtype());
        assertArrayEquals(f, a.floats());
        assertEquals(0, Files.size(p) % 16);

        double[] d = {1.5, -2.25, Math.PI};
        Npy.write(dir.resolve("d.npy"), d, 3L);
        assertArrayEquals(d, Npy.read(dir.resolve("d.npy")).doubles());

        long[] l = {Long.MIN_VALUE, 0, 42, Long.MAX_VALUE};
        Npy.write(dir.resolve("l.npy"), l, 2L, 2L);
        NpyArray la = Npy.read(dir.resolve("l.npy"));
        assertArrayEquals(l, la.longs());
        assertArrayEquals(new int[] {2, 2}, la.intShape());

        Npy.write(dir.resolve("scalar.npy"), new double[] {7}, new long[0]);
        NpyArray s = Npy.read(dir.resolve("scalar.npy"));
        assertEquals(0, s.rank());
        assertEquals(7.0, s.doubles()[0]);

        Npy.write(dir.resolve("empty.npy"), new float[0], 0L, 5L);
        NpyArray e = Npy.read(dir.resolve("empty.npy"));
        assertArrayEquals(new long[] {0, 5}, e.shape());
        assertEquals(0, e.size());
    }

    @Test
    void largeFilesAreMappedAndReadBack() throws IOException {
        int n = (int) (Npy.MAP_THRESHOLD / 4) + 1000;
        float[] f = new float[n];
        for (int i = 0; i < n; i++) {
            f[i] = i * 0.5f;
        }
        Path p = dir.resolve("big.npy");
        Npy.write(p, f, (long) n);
        float[] back = Npy.read(p).floats();
        assertTrue(Arrays.equals(f, back));
    }

    @Test
    void writesHeaderThatNumpyAccepts() {
        byte[] h = Npy.header(NpyArray.of(new float[6], 2, 3));
        String text = new String(h, 10, h.length - 10, StandardCharsets.ISO_8859_1);
        assertEquals("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", text.strip());
        assertEquals('\n', text.charAt(text.length() - 1));
        assertEquals(0, h.length % 64);
        byte[] h1 = Npy.header(NpyArray.of(new float[3], 3));
        assertTrue(new String(h1, StandardCharsets.ISO_8859_1).contains("'shape': (3,), }"));
    }

    @Test
    void readsFilesWrittenByNumpy() throws IOException {
        // written by audio/src/test/python/make_fixtures.py: np.arange(24, dtype=...).reshape(2, 3, 4) * 0.5
        for (String name : new String[] {"numpy_f4.npy", "numpy_f8.npy", "numpy_i8.npy", "numpy_f4_v2.npy"}) {
            Path p = dir.resolve(name);
            try (InputStream in = NpyTest.class.getResourceAsStream("/npy/" + name)) {
                Files.copy(in, p);
            }
            NpyArray a = Npy.read(p);
            assertArrayEquals(new long[] {2, 3, 4}, a.shape(), name);
            double[] v = a.toDoubles();
            for (int i = 0; i < 24; i++) {
                double want = name.contains("i8") ? i : i * 0.5;
                assertEquals(want, v[i], 0.0, name);
            }
        }
    }

    private Path raw(String name, String dict, int version, int dataBytes) throws IOException {
        byte[] d = dict.getBytes(StandardCharsets.ISO_8859_1);
        int prefix = version == 1 ? 10 : 12;
        ByteBuffer b = ByteBuffer.allocate(prefix + d.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.put(new byte[] {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', (byte) version, 0});
        if (version == 1) {
            b.putShort((short) d.length);
        } else {
            b.putInt(d.length);
        }
        b.put(d);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private static void assertBad(Path p, String fragment) {
        NpyFormatException e = assertThrows(NpyFormatException.class, () -> Npy.read(p));
        assertTrue(e.getMessage().contains(p.toString()), e.getMessage());
        assertTrue(e.getMessage().contains(fragment), e.getMessage());
    }

    @Test
    void rejectsBadFilesWithTheReason() throws IOException {
        String ok = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }\n";
        assertBad(raw("trunc.npy", ok, 1, 12), "truncated");
        assertBad(raw("extra.npy", ok, 1, 20), "unexpected bytes");
        assertBad(raw("fortran.npy", ok.replace("False", "True"), 1, 16), "Fortran");
        assertBad(raw("i4.npy", ok.replace("<f4", "<i4"), 1, 16), "unsupported dtype");
        assertBad(raw("be.npy", ok.replace("<f4", ">f4"), 1, 16), "unsupported dtype");
        assertBad(raw("garbled.npy", "{'descr': '<f4', 'shape': (2, 2 }\n", 1, 16), "malformed header");
        assertBad(raw("v9.npy", ok, 9, 16), "version");
        Path empty = dir.resolve("empty.npy");
        Files.write(empty, new byte[0]);
        assertBad(empty, "empty");
        Path text = dir.resolve("text.npy");
        Files.writeString(text, "this is not a numpy file at all");
        assertBad(text, "magic");
        Path longHeader = raw("hdr.npy", ok, 1, 0);
        byte[] bytes = Files.readAllBytes(longHeader);
        Files.write(longHeader, Arrays.copyOf(bytes, 20));
        assertBad(longHeader, "truncated");
        // a version 2 prefix cut after 11 bytes: the header length is what is missing, and the error says so
        Path shortV2 = dir.resolve("short2.npy");
        Files.write(shortV2, Arrays.copyOf(Files.readAllBytes(raw("v2full.npy", ok, 2, 16)), 11));
        assertBad(shortV2, "truncated header length");
        Path shortV1 = dir.resolve("short1.npy");
        Files.write(shortV1, Arrays.copyOf(Files.readAllBytes(raw("v1full.npy", ok, 1, 16)), 10));
        assertBad(shortV1, "truncated");
        assertTrue(raw("v2.npy", ok, 2, 16) != null);
        assertEquals(4, Npy.read(dir.resolve("v2.npy")).size());
    }

    @Test
    void writeReplacesAtomicallyAndLeavesNoTemporaryFiles() throws IOException {
        Path p = dir.resolve("x.npy");
        Npy.write(p, new float[] {1, 2}, 2);
        Npy.write(p, new float[] {3, 4, 5}, 3);
        assertArrayEquals(new float[] {3, 4, 5}, Npy.read(p).floats());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }
}

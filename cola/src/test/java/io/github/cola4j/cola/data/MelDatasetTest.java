package io.github.cola4j.cola.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.io.Npy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MelDatasetTest {
    static final int MELS = 64;

    static Path write(Path root, String id, int frames, float value) throws IOException {
        Path f = root.resolve(id.substring(0, 3)).resolve(id + ".npy");
        Files.createDirectories(f.getParent());
        float[] v = new float[frames * MELS];
        java.util.Arrays.fill(v, value);
        Npy.write(f, v, frames, MELS);
        return f;
    }

    @Test
    void listsSortedAndReportsBadFiles(@TempDir Path root) throws IOException {
        write(root, "001234", 50, 3);
        write(root, "000002", 40, 1);
        write(root, "000005", 30, 2);
        Files.writeString(root.resolve("000").resolve("000003.npy"), "not an array");
        Npy.write(root.resolve("000").resolve("000004.npy"), new float[10 * 32], 10, 32);
        Npy.write(root.resolve("000").resolve("000006.npy"), new float[64], 64);
        byte[] good = Files.readAllBytes(root.resolve("000/000005.npy"));
        Files.write(root.resolve("000").resolve("000007.npy"), java.util.Arrays.copyOf(good, good.length - 100));
        Npy.write(root.resolve("000").resolve("000008.npy"), new long[MELS * 2], 2, MELS);
        Files.writeString(root.resolve("000").resolve("notes.txt"), "ignored");

        MelDataset ds = MelDataset.open(root, MELS);
        assertEquals(3, ds.size());
        assertEquals(List.of("000/000002", "000/000005", "001/001234"),
                IntStream.range(0, 3).mapToObj(ds::id).toList());
        assertEquals(40, ds.frames(0));
        assertEquals(2f, ds.clip(1)[0]);
        assertEquals(30 * MELS, ds.clip(1).length);

        Map<String, String> bad = ds.badFiles().stream()
                .collect(Collectors.toMap(b -> b.file().getFileName().toString(), MelDataset.BadFile::reason));
        assertEquals(Set.of("000003.npy", "000004.npy", "000006.npy", "000007.npy", "000008.npy"), bad.keySet());
        assertTrue(bad.get("000004.npy").contains("[10, 32]"), bad.toString());
        assertTrue(bad.get("000006.npy").contains("[64]"), bad.toString());
        assertTrue(bad.get("000007.npy").contains("truncated"), bad.toString());
        assertTrue(bad.get("000008.npy").contains("integer"), bad.toString());

        // a file that breaks after opening is reported when read, and the failure names it
        Files.writeString(ds.file(2), "gone");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> ds.clip(2));
        assertTrue(e.getMessage().contains("001234.npy"), e.getMessage());
        assertEquals(6, ds.badFiles().size());
    }

    @Test
    void splitIsDeterministicAndDisjoint(@TempDir Path root) throws IOException {
        for (int i = 0; i < 20; i++) {
            write(root, String.format("%06d", i), 5, i);
        }
        MelDataset ds = MelDataset.open(root, MELS, true);
        MelDataset.Split a = ds.split(0.25, 9);
        MelDataset.Split b = ds.split(0.25, 9);
        MelDataset.Split c = ds.split(0.25, 10);
        assertEquals(15, a.train().size());
        assertEquals(5, a.validation().size());
        List<String> va = ids(a.validation());
        assertEquals(va, ids(b.validation()));
        assertNotEquals(va, ids(c.validation()));
        Set<String> all = new HashSet<>(ids(a.train()));
        all.addAll(va);
        assertEquals(20, all.size());
        List<String> sorted = ids(a.train()).stream().sorted().toList();
        assertEquals(sorted, ids(a.train()));
        assertArrayEquals(ds.clip(3), ds.subset(new int[] {3}).clip(0));
    }

    private static List<String> ids(MelDataset d) {
        return IntStream.range(0, d.size()).mapToObj(d::id).toList();
    }
}

package io.github.cola4j.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterFilesTest {

    @Test
    void atomicWritesLeaveOnlyTheOutput(@TempDir java.nio.file.Path dir) throws Exception {
        Path target = new Path(dir.toUri().toString(), "a/b.npy");
        FileSystem fs = ClusterFiles.fileSystem(target, new Configuration());
        ClusterFiles.writeString(fs, target, "first");
        // a second attempt of the same task (a retry or a speculative copy) writes the same output again
        ClusterFiles.writeString(fs, target, "first");
        assertEquals("first", Files.readString(dir.resolve("a/b.npy")));
        // a write that fails half-way leaves the earlier file as it was and no temporary file
        assertThrows(IOException.class, () -> ClusterFiles.writeAtomically(fs, target, out -> {
            out.write(new byte[] {1, 2, 3});
            throw new IOException("disk full");
        }));
        assertEquals("first", Files.readString(dir.resolve("a/b.npy")));
        try (var s = Files.list(dir.resolve("a"))) {
            assertEquals(List.of("b.npy"), s.map(p -> p.getFileName().toString()).toList(),
                    "no temporary or checksum files");
        }
        assertFalse(Files.exists(dir.resolve("a/.b.npy.crc")));
    }

    @Test
    void listsAudioByRelativePathSkippingHiddenFiles(@TempDir java.nio.file.Path dir) throws Exception {
        Files.createDirectories(dir.resolve("000"));
        Files.createDirectories(dir.resolve("my folder"));
        Files.write(dir.resolve("000/000002.mp3"), new byte[10]);
        Files.write(dir.resolve("000/.000003.mp3"), new byte[10]);
        Files.write(dir.resolve("my folder/x y.WAV"), new byte[3]);
        Files.write(dir.resolve("000/notes.txt"), new byte[3]);
        List<ClusterFiles.Entry> l = ClusterFiles.list(new Path(dir.toUri().toString()), new Configuration(),
                ".mp3", ".wav");
        assertEquals(List.of("000/000002.mp3", "my folder/x y.WAV"), l.stream().map(ClusterFiles.Entry::relative)
                .toList());
        assertEquals(List.of(10L, 3L), l.stream().map(ClusterFiles.Entry::bytes).toList());
        IOException e = assertThrows(IOException.class, () -> ClusterFiles.list(
                new Path(dir.resolve("missing").toUri().toString()), new Configuration(), ".mp3"));
        assertEquals(true, e.getMessage().contains("missing"), e.getMessage());
    }
}

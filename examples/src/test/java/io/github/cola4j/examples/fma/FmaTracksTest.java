package io.github.cola4j.examples.fma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FmaTracksTest {

    @TempDir
    Path dir;

    private static final String HEADER = ",set,track,set,track\n,subset,genre_top,split,title\ntrack_id,,,,\n";

    @Test
    void subsetsNestAndColumnsAreFoundByName() throws IOException {
        Files.writeString(dir.resolve("tracks.csv"), HEADER
                + "3,medium,Rock,training,\"a, b\"\n2,small,Pop,test,\"x\ny\"\n4,large,Rock,validation,\"\"\"q\"\"\"\n"
                + "5,small,,training,no genre\n");
        FmaTracks t = FmaTracks.read(dir);
        assertEquals(List.of(2, 3, 4, 5), t.all().stream().map(FmaTracks.Track::id).toList());
        assertEquals(List.of(2), t.labelled(FmaTracks.Subset.SMALL).stream().map(FmaTracks.Track::id).toList());
        assertEquals(List.of(2, 3), t.labelled(FmaTracks.Subset.MEDIUM).stream().map(FmaTracks.Track::id).toList());
        assertEquals(List.of(2, 3, 4), t.labelled(FmaTracks.Subset.LARGE).stream().map(FmaTracks.Track::id).toList());
        assertEquals("test", t.all().get(0).split());
        assertEquals(Map.of("Pop", 0, "Rock", 1), FmaTracks.mapping(t.labelled(FmaTracks.Subset.LARGE)));
        assertEquals("000/000002", t.all().get(0).stem());
        assertEquals("099/099134", FmaTracks.Track.stem(99134));
    }

    @Test
    void missingColumnsAndBadRowsAreErrors() throws IOException {
        Files.writeString(dir.resolve("tracks.csv"), ",set\n,subset\ntrack_id,\n2,small\n");
        IOException e = assertThrows(IOException.class, () -> FmaTracks.read(dir));
        assertTrue(e.getMessage().contains("(set, split)"), e.getMessage());
        Files.writeString(dir.resolve("tracks.csv"), HEADER + "x,small,Pop,test,t\n");
        e = assertThrows(IOException.class, () -> FmaTracks.read(dir));
        assertTrue(e.getMessage().contains("line 4"), e.getMessage());
        Files.writeString(dir.resolve("tracks.csv"), HEADER + "2,tiny,Pop,test,t\n");
        e = assertThrows(IOException.class, () -> FmaTracks.read(dir));
        assertTrue(e.getMessage().contains("tiny"), e.getMessage());
    }
}

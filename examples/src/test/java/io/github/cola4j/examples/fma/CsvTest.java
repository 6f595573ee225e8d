package io.github.cola4j.examples.fma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CSV dialect that {@link FmaTracks} reads. */
class CsvTest {

    @TempDir
    Path dir;

    private static List<List<String>> parse(String s) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (CSVParser csv = FmaTracks.open(new StringReader(s))) {
            for (CSVRecord r : csv) {
                rows.add(r.toList());
            }
        }
        return rows;
    }

    @Test
    void quotedFieldsWithCommasQuotesAndNewlines() throws IOException {
        List<List<String>> rows = parse("a,\"b, c\",\"say \"\"hi\"\"\"\r\n\"two\r\nlines\",\"\",x\n1,\"line\nbreak\",3");
        assertEquals(3, rows.size());
        assertEquals(List.of("a", "b, c", "say \"hi\""), rows.get(0));
        assertEquals(List.of("two\r\nlines", "", "x"), rows.get(1));
        assertEquals(List.of("1", "line\nbreak", "3"), rows.get(2));
    }

    @Test
    void emptyFieldsBomAndLineCounting() throws IOException {
        try (CSVParser csv = FmaTracks.open(new StringReader("\uFEFFtrack_id,,,\n,\"a\nb\",\nlast"))) {
            Iterator<CSVRecord> it = csv.iterator();
            assertEquals(List.of("track_id", "", "", ""), it.next().toList());
            assertEquals(2, csv.getCurrentLineNumber() + 1); // the line the next record starts on
            assertEquals(List.of("", "a\nb", ""), it.next().toList());
            assertEquals(4, csv.getCurrentLineNumber() + 1);
            assertEquals(List.of("last"), it.next().toList());
            assertFalse(it.hasNext());
        }
        assertEquals(List.of(List.of("a"), List.of(""), List.of("b")), parse("a\n\nb\n"));
    }

    @Test
    void malformedInputIsReportedWithTheFileAndLine() throws IOException {
        String header = ",set,set,track\n,subset,split,genre_top\ntrack_id,,,\n";
        Files.writeString(dir.resolve("tracks.csv"), header + "2,small,test,Pop\n3,small,test,\"open");
        IOException e = assertThrows(IOException.class, () -> FmaTracks.read(dir));
        assertTrue(e.getMessage().startsWith(dir.resolve("tracks.csv") + ": line 5: malformed CSV"), e.getMessage());
        Files.writeString(dir.resolve("tracks.csv"), header + "\"2\"x,small,test,Pop\n");
        e = assertThrows(IOException.class, () -> FmaTracks.read(dir));
        assertTrue(e.getMessage().contains(": line 4: malformed CSV"), e.getMessage());
        assertThrows(UncheckedIOException.class, () -> parse("\"x\"y,z\n"));
        Files.write(dir.resolve("tracks.csv"), (header + "2,small,test,\"Pop\n").getBytes(StandardCharsets.UTF_8));
        e = assertThrows(IOException.class, () -> FmaTracks.read(dir));
        assertTrue(e.getMessage().contains(": line 4: malformed CSV"), e.getMessage());
    }

    @Test
    void quoteInsideAnUnquotedFieldIsKept() throws IOException {
        assertEquals(List.of(List.of("5\" single", "b")), parse("5\" single,b\n"));
    }
}

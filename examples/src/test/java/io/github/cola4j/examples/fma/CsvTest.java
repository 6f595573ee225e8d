package io.github.cola4j.examples.fma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CsvTest {

    private static List<List<String>> parse(String s) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        try (Csv csv = new Csv(new StringReader(s), "test")) {
            List<String> r;
            while ((r = csv.next()) != null) {
                rows.add(r);
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
        try (Csv csv = new Csv(new StringReader("\uFEFFtrack_id,,,\n,\"a\nb\",\nlast"), "t")) {
            assertEquals(List.of("track_id", "", "", ""), csv.next());
            assertEquals(2, csv.line());
            assertEquals(List.of("", "a\nb", ""), csv.next());
            assertEquals(4, csv.line());
            assertEquals(List.of("last"), csv.next());
            assertNull(csv.next());
        }
    }

    @Test
    void malformedInputIsReportedWithTheLine() {
        IOException e = assertThrows(IOException.class, () -> parse("a,b\nc,\"open"));
        assertTrue(e.getMessage().contains("line 2"), e.getMessage());
        IOException e2 = assertThrows(IOException.class, () -> parse("\"x\"y,z\n"));
        assertTrue(e2.getMessage().contains("closing quote"), e2.getMessage());
    }

    @Test
    void quoteInsideAnUnquotedFieldIsKept() throws IOException {
        assertEquals(List.of(List.of("5\" single", "b")), parse("5\" single,b\n"));
    }
}

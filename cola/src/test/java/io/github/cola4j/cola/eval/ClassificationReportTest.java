package io.github.cola4j.cola.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassificationReportTest {

    // 8 examples, 3 classes (the third has none): class 0 is 3/4 right, class 1 is 2/4 right
    static final int[] LABELS = {0, 0, 0, 0, 1, 1, 1, 1};
    static final int[] PREDICTED = {0, 0, 0, 1, 1, 1, 0, 2};
    static final List<String> NAMES = List.of("Rock", "Hip-Hop", "Folk \"acoustic\"");

    @Test
    void figuresOfAHandMadeList() {
        ClassificationReport r = ClassificationReport.of(LABELS, PREDICTED, NAMES);
        assertEquals(8, r.total());
        assertEquals(5, r.correct());
        assertEquals(5 / 8.0, r.accuracy(), 1e-12);
        assertArrayEquals(new int[][] {{3, 1, 0}, {1, 2, 1}, {0, 0, 0}}, r.confusion());
        assertArrayEquals(new int[] {4, 4, 0}, r.support());
        double[] pc = r.perClassAccuracy();
        assertEquals(0.75, pc[0], 1e-12);
        assertEquals(0.5, pc[1], 1e-12);
        assertTrue(Double.isNaN(pc[2]));
        assertEquals(0.625, r.balancedAccuracy(), 1e-12);
    }

    @Test
    void jsonAndTable() {
        ClassificationReport r = ClassificationReport.of(LABELS, PREDICTED, NAMES);
        String json = r.toJson();
        assertTrue(json.contains("\"examples\": 8"), json);
        assertTrue(json.contains("\"accuracy\": 0.625000"), json);
        assertTrue(json.contains("{\"class\": \"Rock\", \"support\": 4, \"correct\": 3, \"accuracy\": 0.750000}"),
                json);
        assertTrue(json.contains("\"Folk \\\"acoustic\\\"\", \"support\": 0, \"correct\": 0, \"accuracy\": null"),
                json);
        assertTrue(json.contains("[3, 1, 0],\n    [1, 2, 1],\n    [0, 0, 0]"), json);
        assertEquals(count(json, '{'), count(json, '}'));
        assertEquals(count(json, '['), count(json, ']'));

        String table = r.toTable();
        assertTrue(table.startsWith("accuracy 0.6250 (5 / 8), balanced accuracy 0.6250"), table);
        assertTrue(table.contains("Hip-Hop"), table);
        assertTrue(table.lines().anyMatch(l -> l.matches("\\s*1\\s+Hip-Hop\\s+1\\s+2\\s+1")), table);
    }

    @Test
    void rejectsOutOfRangeClasses() {
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationReport.of(new int[] {0, 3}, new int[] {0, 0}, 3));
        assertThrows(IllegalArgumentException.class,
                () -> ClassificationReport.of(new int[] {0}, new int[] {0, 0}, 3));
    }

    private static long count(String s, char c) {
        return s.chars().filter(x -> x == c).count();
    }
}

package io.github.cola4j.examples.fma;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.cola.ProgressLine;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void linesAtEveryTenthInTheOneProgressFormat() {
        StringWriter w = new StringWriter();
        ProgressBar bar = new ProgressBar(new PrintWriter(w), 20, "file", "files", false);
        for (int i = 0; i < 20; i++) {
            bar.step(i % 2 == 0);
        }
        List<String> lines = w.toString().lines().toList();
        // the first unit, then one line per tenth
        assertEquals(11, lines.size(), w.toString());
        for (String l : lines) {
            assertTrue(ProgressLine.FORMAT.matcher(l).matches(), l);
        }
        String last = lines.get(lines.size() - 1);
        assertTrue(last.startsWith("[" + "#".repeat(30) + "] file 20/20  100%  "), last);
        assertTrue(last.contains(" files/s  elapsed ") && last.endsWith("  left 0.0s"), last);
        assertTrue(lines.get(0).startsWith("[#" + ".".repeat(29) + "] file 1/20  5%  "), lines.get(0));
        assertTrue(lines.get(1).startsWith("[###" + ".".repeat(27) + "] file 2/20  10%  "), lines.get(1));
    }
}

package io.github.cola4j.cola;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.cola.eval.TrainingProgress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

    @Test
    void countersValuesThenRateElapsedAndLeft() {
        assertEquals("step 50/1000  epoch 1/10  loss 4.1234  pair acc 0.123  lr 1.00e-04  41.2 ex/s  elapsed 1m05s"
                + "  left 20m35s", ProgressLine.start("").count("step", 50, 1000).count("epoch", 1, 10)
                .value("loss", "%.4f", 4.12341).value("pair acc", "%.3f", 0.1234).value("lr", "%.2e", 1e-4)
                .end(41.23, "ex", 65, 1235));
        assertEquals("[####] file 3/4  75%  1.5 files/s  elapsed 2.0s  left ?",
                ProgressLine.start("[####]").count("file", 3, 4).field("75%").end(1.5, "files", 2, Double.NaN));
        assertEquals("fine-tune epoch 2/3  ? ex/s  elapsed 0.0s  left ?",
                ProgressLine.start("fine-tune").count("epoch", 2, 3).end(Double.NaN, "ex", 0, Double.NaN));
    }

    @Test
    void timeLeftAtTheRateSoFar() {
        assertEquals(30.0, ProgressLine.timeLeft(10, 25, 100), 1e-12);
        assertEquals(0.0, ProgressLine.timeLeft(10, 100, 100), 1e-12);
        assertTrue(Double.isNaN(ProgressLine.timeLeft(10, 0, 100)));
    }

    @Test
    void theFormatMatchesEveryLineAndNothingElse() {
        assertTrue(ProgressLine.FORMAT.matcher(ProgressLine.start("").count("step", 1, 2).value("loss", "%.4f", 1.0)
                .end(3, "ex", 1, 1)).matches());
        assertTrue(ProgressLine.FORMAT.matcher(ProgressLine.start("[#.]").count("file", 1, 2).field("50%")
                .end(3, "files", 1, 1)).matches());
        assertFalse(ProgressLine.FORMAT.matcher("step 10/100 | epoch 1/5 | loss 2.0 | 1.0 ex/s | eta 3s").matches());
        assertFalse(ProgressLine.FORMAT.matcher("pre-training done after 100 steps").matches());
    }

    @Test
    void downstreamTrainingPrintsTheFormat() {
        List<String> lines = new ArrayList<>();
        TrainingProgress p = new TrainingProgress(lines::add, "linear", 2);
        p.startEpoch(1);
        p.step(1, 2, 4, 1.25, 0.5, 64);
        p.endEpoch(1, 1.2, 0.5, Double.NaN, 128, 1e-3);
        p.startEpoch(2);
        p.endEpoch(2, 1.1, 0.6, 0.55, 128, 1e-3);
        assertEquals(3, lines.size());
        for (String l : lines) {
            assertTrue(ProgressLine.FORMAT.matcher(l).matches(), l);
            assertTrue(l.startsWith("linear epoch "), l);
        }
        assertTrue(lines.get(0).startsWith("linear epoch 1/2  step 2/4  loss 1.2500  acc 0.500  "), lines.get(0));
        assertTrue(lines.get(1).startsWith("linear epoch 1/2  loss 1.2000  train acc 0.500  lr 0.00100  "),
                lines.get(1));
        assertTrue(lines.get(2).contains("  val acc 0.550  "), lines.get(2));
        assertTrue(lines.get(2).endsWith("left 0.0s"), lines.get(2));
    }
}

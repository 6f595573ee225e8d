package io.github.cola4j.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.cola.eval.EpochStats;
import io.github.cola4j.cola.train.History;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.Range;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCurvesTest {

    /** 3 epochs of 4 steps; validation measured after the first and the last epoch only. */
    private static History history() {
        History h = new History();
        double[] validation = {0.3, Double.NaN, 0.6};
        for (int e = 0; e < 3; e++) {
            for (int s = 0; s < 4; s++) {
                h.addStep(2.0 - 0.1 * (4 * e + s), 0.1 + 0.05 * (4 * e + s));
            }
            h.addEpoch(1.8 - 0.4 * e, 0.2 + 0.2 * e, validation[e]);
        }
        return h;
    }

    private static double[] xs(XYDataset d, int series) {
        double[] x = new double[d.getItemCount(series)];
        for (int i = 0; i < x.length; i++) {
            x[i] = d.getXValue(series, i);
        }
        return x;
    }

    private static List<String> labels(JFreeChart chart) {
        LegendItemCollection items = chart.getPlot().getLegendItems();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.getItemCount(); i++) {
            out.add(items.get(i).getLabel());
        }
        return out;
    }

    @Test
    void pretrainingCurvesPutEpochValuesAtTheEpochsLastStep(@TempDir Path dir) throws IOException {
        JFreeChart loss = TrainingCurves.pretrainingLoss(history(), 4).chart();
        XYDataset d = ((XYPlot) loss.getPlot()).getDataset();
        assertEquals(List.of("train (per step)", "train (epoch mean)"), labels(loss));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, xs(d, 0));
        assertArrayEquals(new double[] {4, 8, 12}, xs(d, 1));
        assertEquals(1.0, d.getYValue(1, 2), 1e-12);

        JFreeChart acc = TrainingCurves.pretrainingAccuracy(history(), 4).chart();
        XYPlot plot = (XYPlot) acc.getPlot();
        assertEquals(List.of("train (per step)", "train (epoch mean)", "validation"), labels(acc));
        assertEquals(new Range(0, 1), plot.getRangeAxis().getRange());
        assertTrue(Double.isNaN(plot.getDataset().getYValue(2, 1)), "no validation after epoch 2");
        assertEquals(0.6, plot.getDataset().getYValue(2, 2), 1e-12);

        // what the CLI draws after every epoch: 800 x 500 pictures that are not blank
        Path png = dir.resolve("accuracy.png");
        TrainingCurves.pretrainingAccuracy(history(), 4).write(png, 800, 500);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertEquals(800, img.getWidth());
        assertEquals(500, img.getHeight());
        assertTrue(Pixels.nonWhite(img, 0, 0, 800, 500) > 10_000);
        assertThrows(IllegalArgumentException.class, () -> TrainingCurves.pretrainingLoss(history(), 0));
    }

    @Test
    void classificationCurvesScaleTheLossAndShowValidationOnlyWhenMeasured() {
        List<EpochStats> measured = List.of(new EpochStats(1, 2.0, 0.4, 0.35, 1e-3, 1),
                new EpochStats(2, 1.0, 0.7, 0.5, 1e-3, 1));
        JFreeChart chart = TrainingCurves.classification(measured, "fine-tuning").chart();
        assertEquals("fine-tuning", chart.getTitle().getText());
        assertEquals(List.of("train accuracy", "train loss / 2.00", "validation accuracy"), labels(chart));
        XYDataset d = ((XYPlot) chart.getPlot()).getDataset();
        assertEquals(1.0, d.getYValue(1, 0), 1e-12);
        assertEquals(0.5, d.getYValue(1, 1), 1e-12);

        List<EpochStats> unmeasured = List.of(new EpochStats(1, 3.0, 0.4, Double.NaN, 1e-3, 1));
        assertEquals(List.of("train accuracy", "train loss / 3.00"),
                labels(TrainingCurves.classification(unmeasured, "linear").chart()));
    }
}

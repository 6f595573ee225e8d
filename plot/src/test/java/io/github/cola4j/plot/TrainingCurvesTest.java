package io.github.cola4j.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.cola.eval.EpochStats;
import io.github.cola4j.cola.train.History;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.ChartRenderingInfo;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemCollection;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.ui.RectangleEdge;
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
        // 0..1 with a margin, so that points on 0 or 1 are drawn whole
        assertEquals(new Range(-LineChart.MARGIN, 1 + LineChart.MARGIN), plot.getRangeAxis().getRange());
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
    void classificationCurvesPutTheLossOnItsOwnAxisAndShowValidationOnlyWhenMeasured() {
        List<EpochStats> measured = List.of(new EpochStats(1, 2.0, 0.4, 0.35, 1e-3, 1),
                new EpochStats(2, 1.0, 0.7, 0.5, 1e-3, 1));
        JFreeChart chart = TrainingCurves.classification(measured, "fine-tuning").chart();
        assertEquals("fine-tuning", chart.getTitle().getText());
        assertEquals(List.of("train accuracy", "validation accuracy", "train loss (right axis)"), labels(chart));
        XYPlot plot = (XYPlot) chart.getPlot();
        // accuracies on the left axis, 0..1; the loss, unscaled, on the right axis with a loss's label
        assertEquals("accuracy", plot.getRangeAxis(0).getLabel());
        assertEquals("cross-entropy loss", plot.getRangeAxis(1).getLabel());
        assertEquals(new Range(-LineChart.MARGIN, 1 + LineChart.MARGIN), plot.getRangeAxis(0).getRange());
        assertEquals(plot.getRangeAxis(1), plot.getRangeAxisForDataset(1));
        XYDataset loss = plot.getDataset(1);
        assertEquals(1, loss.getSeriesCount());
        assertEquals(2.0, loss.getYValue(0, 0), 1e-12);
        assertEquals(1.0, loss.getYValue(0, 1), 1e-12);
        assertEquals(0.5, plot.getDataset(0).getYValue(1, 1), 1e-12);
        assertTrue(plot.getRangeAxis(1).getRange().contains(2.0) && plot.getRangeAxis(1).getRange().contains(1.0));

        List<EpochStats> unmeasured = List.of(new EpochStats(1, 3.0, 0.4, Double.NaN, 1e-3, 1));
        assertEquals(List.of("train accuracy", "train loss (right axis)"),
                labels(TrainingCurves.classification(unmeasured, "linear").chart()));
    }

    /** A run without validation: NaN validation accuracy after every epoch. */
    private static History unvalidated(int epochs, int steps) {
        History h = new History();
        for (int e = 0; e < epochs; e++) {
            for (int s = 0; s < steps; s++) {
                h.addStep(3.0 - 0.1 * (steps * e + s), 0.2 + 0.05 * (steps * e + s));
            }
            h.addEpoch(2.9 - 0.2 * e, 0.25 + 0.1 * e, Double.NaN);
        }
        return h;
    }

    @Test
    void withoutValidationThereIsNoValidationLegendEntry() {
        JFreeChart acc = TrainingCurves.pretrainingAccuracy(unvalidated(2, 2), 2).chart();
        assertEquals(List.of("train (per step)", "train (epoch mean)"), labels(acc));
        assertEquals(2, acc.getPlot().getLegendItems().getItemCount());
        // one measured validation accuracy brings the series and its entry back
        History validated = unvalidated(2, 2);
        validated.addEpoch(2.5, 0.5, 0.4);
        assertEquals(3, TrainingCurves.pretrainingAccuracy(validated, 2).chart().getPlot().getLegendItems()
                .getItemCount());
        // a series with no finite point gets no legend entry from LineChart either
        JFreeChart empty = new LineChart("t", "x", "y").add("a", new double[] {1, 2}, new double[] {1, 2})
                .add("nothing", new double[] {1, 2}, new double[] {Double.NaN, Double.NaN}).chart();
        assertEquals(List.of("a"), labels(empty));
    }

    /** Renders the chart and returns its plot's data area. */
    private static Rectangle2D render(JFreeChart chart) {
        ChartRenderingInfo info = new ChartRenderingInfo();
        chart.createBufferedImage(800, 500, info);
        return info.getPlotInfo().getDataArea();
    }

    @Test
    void stepAndEpochAxesHaveWholeNumberTicks() {
        // 2 epochs of 2 steps: 4 steps, where an axis fitted freely ticks at 1.0, 1.2, 1.4 ...
        List<JFreeChart> charts = List.of(TrainingCurves.pretrainingLoss(unvalidated(2, 2), 2).chart(),
                TrainingCurves.pretrainingAccuracy(unvalidated(2, 2), 2).chart(),
                TrainingCurves.classification(List.of(new EpochStats(1, 2.0, 0.4, 0.3, 1e-3, 1),
                        new EpochStats(2, 1.5, 0.5, 0.4, 1e-3, 1), new EpochStats(3, 1.0, 0.6, 0.5, 1e-3, 1)), "t")
                        .chart());
        for (JFreeChart chart : charts) {
            render(chart);
            NumberAxis x = (NumberAxis) ((XYPlot) chart.getPlot()).getDomainAxis();
            double tick = x.getTickUnit().getSize();
            assertTrue(tick >= 1 && tick == Math.rint(tick), x.getLabel() + " ticks every " + tick);
        }
        // the same data on a plain axis gets fractional ticks: what integerX() prevents
        JFreeChart plain = new LineChart("t", "step", "y").add("a", new double[] {1, 2, 3, 4},
                new double[] {1, 2, 1, 2}).chart();
        render(plain);
        double tick = ((NumberAxis) ((XYPlot) plain.getPlot()).getDomainAxis()).getTickUnit().getSize();
        assertTrue(tick < 1, "plain axis ticks every " + tick);
    }

    @Test
    void theLastEpochPointAndPointsOnTheBoundsAreDrawnWhole() {
        // the last epoch mean sits at the last step, the right end of the data; accuracies reach 1
        History h = new History();
        for (int e = 0; e < 3; e++) {
            for (int s = 0; s < 4; s++) {
                h.addStep(1.0 - 0.05 * (4 * e + s), Math.min(1, 0.4 + 0.1 * (4 * e + s)));
            }
            h.addEpoch(0.9 - 0.2 * e, Math.min(1, 0.5 + 0.25 * e), 1.0);
        }
        for (JFreeChart chart : List.of(TrainingCurves.pretrainingLoss(h, 4).chart(),
                TrainingCurves.pretrainingAccuracy(h, 4).chart())) {
            Rectangle2D area = render(chart);
            XYPlot plot = (XYPlot) chart.getPlot();
            double lastX = plot.getDomainAxis().valueToJava2D(12, area, RectangleEdge.BOTTOM);
            assertTrue(lastX <= area.getMaxX() - 8, "last point at " + lastX + ", data area ends at " + area.getMaxX());
            double firstX = plot.getDomainAxis().valueToJava2D(1, area, RectangleEdge.BOTTOM);
            assertTrue(firstX >= area.getMinX() + 8, "first point at " + firstX + ", data area starts at "
                    + area.getMinX());
        }
        JFreeChart acc = TrainingCurves.pretrainingAccuracy(h, 4).chart();
        Rectangle2D area = render(acc);
        double top = ((XYPlot) acc.getPlot()).getRangeAxis().valueToJava2D(1.0, area, RectangleEdge.LEFT);
        assertTrue(top >= area.getMinY() + 8, "accuracy 1 at " + top + ", data area starts at " + area.getMinY());
    }
}

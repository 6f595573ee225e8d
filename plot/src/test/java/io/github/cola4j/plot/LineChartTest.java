package io.github.cola4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.Range;
import org.jfree.data.xy.XYDataset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {
    private static final double[] X = new double[50];
    private static final double[] DECAY = new double[50];
    private static final double[] WAVE = new double[50];

    static {
        for (int i = 0; i < 50; i++) {
            X[i] = i;
            DECAY[i] = Math.exp(-i / 10.0);
            WAVE[i] = i == 20 ? Double.NaN : 0.5 + 0.3 * Math.sin(i / 5.0);
        }
    }

    @Test
    void writesADecodablePngOfTheRequestedSizeWithTheSeriesColours(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("curves.png");
        new LineChart("Two curves", "step", "value").legend(LineChart.Legend.LOWER_LEFT).add("decay", X, DECAY)
                .add("wave", X, WAVE, true).write(f, 640, 360);
        BufferedImage img = ImageIO.read(f.toFile());
        assertNotNull(img);
        assertEquals(640, img.getWidth());
        assertEquals(360, img.getHeight());
        // both series are drawn in their palette colours (the first blue, the second orange)
        assertTrue(Pixels.near(img, new Color(0x1f77b4), 10) > 100);
        assertTrue(Pixels.near(img, new Color(0xff7f0e), 10) > 100);
    }

    @Test
    void emptyChartsAndSinglePointsStillRender(@TempDir Path dir) throws IOException {
        new LineChart("empty", "x", "y").write(dir.resolve("e.png"), 300, 200);
        assertEquals(200, ImageIO.read(dir.resolve("e.png").toFile()).getHeight());
        LineChart one = new LineChart("flat", "x", "y").add("c", new double[] {1}, new double[] {3});
        one.write(dir.resolve("c.png"), 300, 200);
        BufferedImage img = ImageIO.read(dir.resolve("c.png").toFile());
        assertEquals(300, img.getWidth());
        // a lone point has no line, so it is drawn as a dot, in axes padded by 10 % of its value either side
        assertTrue(Pixels.near(img, new Color(0x1f77b4), 10) > 10);
        XYPlot plot = (XYPlot) one.chart().getPlot();
        assertEquals(2.7, plot.getRangeAxis().getLowerBound(), 1e-9);
        assertEquals(3.3, plot.getRangeAxis().getUpperBound(), 1e-9);
        assertEquals(0.9, plot.getDomainAxis().getLowerBound(), 1e-9);
    }

    @Test
    void nonFinitePointsBreakTheLineAndAreLeftOutOfTheRange() {
        XYPlot plot = (XYPlot) new LineChart("t", "x", "y")
                .add("a", new double[] {0, 1, 2, Double.NaN, 4}, new double[] {1, Double.POSITIVE_INFINITY, 3, 9, 5})
                .chart().getPlot();
        XYDataset data = plot.getDataset();
        assertEquals(5, data.getItemCount(0));
        assertEquals(1.0, data.getYValue(0, 0));
        // each gap sits at the last drawn x
        assertTrue(Double.isNaN(data.getYValue(0, 1)));
        assertEquals(0.0, data.getXValue(0, 1));
        assertTrue(Double.isNaN(data.getYValue(0, 3)));
        assertEquals(2.0, data.getXValue(0, 3));
        Range y = plot.getRangeAxis().getRange();
        assertTrue(y.getLowerBound() < 1 && y.getUpperBound() > 5 && y.getUpperBound() < 9, y.toString());
        // leading and trailing points that are not finite leave the x range alone
        XYPlot padded = (XYPlot) new LineChart("t", "x", "y")
                .add("a", new double[] {-50, 0, 10, 60}, new double[] {Double.NaN, 1, 2, Double.NaN})
                .chart().getPlot();
        Range x = padded.getDomainAxis().getRange();
        assertTrue(x.getLowerBound() > -5 && x.getUpperBound() < 15, x.toString());
    }

    @Test
    void theYRangeIsFixedWhenGiven() {
        XYPlot plot = (XYPlot) new LineChart("t", "x", "y").add("a", X, DECAY).yRange(-1, 2).chart().getPlot();
        // the bounds, and a margin beyond them so that points on them are drawn whole
        assertEquals(new Range(-1 - 3 * LineChart.MARGIN, 2 + 3 * LineChart.MARGIN), plot.getRangeAxis().getRange());
        assertThrows(IllegalArgumentException.class, () -> new LineChart("t", "x", "y").yRange(1, 1));
    }

    @Test
    void seriesOnTheRightAxisAreFittedToItAlone() {
        XYPlot plot = (XYPlot) new LineChart("t", "x", "share").add("a", X, DECAY).yRange(0, 1)
                .addRight("big", X, new double[50], false).rightAxis("count").chart().getPlot();
        assertEquals(2, plot.getRangeAxisCount());
        assertEquals("share", plot.getRangeAxis(0).getLabel());
        assertEquals("count", plot.getRangeAxis(1).getLabel());
        assertEquals(1, plot.getDataset(1).getSeriesCount());
        assertEquals(plot.getRangeAxis(1), plot.getRangeAxisForDataset(1));
        assertEquals(2, plot.getLegendItems().getItemCount());
        // without right-hand series there is one y axis
        assertEquals(1, ((XYPlot) new LineChart("t", "x", "y").add("a", X, DECAY).chart().getPlot())
                .getRangeAxisCount());
    }

    @Test
    void aLegendBelowThePlotLeavesTheDataAreaAlone() {
        double[] x = {0, 1};
        LineChart base = new LineChart("t", "x", "y").add("a", x, new double[] {0.5, 0.5}).yRange(0, 1);
        BufferedImage inside = base.legend(LineChart.Legend.UPPER_RIGHT).render(800, 500);
        BufferedImage below = base.legend(LineChart.Legend.BELOW).render(800, 500);
        // below: the bottom rows hold the legend, the upper right corner of the plot holds none
        assertTrue(Pixels.nonWhite(below, 0, 480, 800, 500) > 50);
        assertTrue(Pixels.differing(inside, below, 500, 30, 790, 120) > 200);
    }

    @Test
    void seriesWithTheSameNameStaySeparate() {
        XYPlot plot = (XYPlot) new LineChart("t", "x", "y").add("a", X, DECAY).add("a", X, WAVE).chart().getPlot();
        assertEquals(2, plot.getDataset().getSeriesCount());
        assertEquals("a", plot.getLegendItems().get(1).getLabel());
    }

    @Test
    void theLegendIsDrawnInTheCornerAskedFor() {
        // curves in the middle band only, so the corners hold nothing but grid and legend
        double[] x = {0, 1};
        LineChart base = new LineChart("t", "x", "y").add("a long series name", x, new double[] {0.5, 0.5})
                .add("b", x, new double[] {0.45, 0.55}).yRange(0, 1);
        BufferedImage none = base.legend(LineChart.Legend.NONE).render(800, 500);
        BufferedImage upperRight = base.legend(LineChart.Legend.UPPER_RIGHT).render(800, 500);
        BufferedImage lowerLeft = base.legend(LineChart.Legend.LOWER_LEFT).render(800, 500);
        assertTrue(Pixels.differing(none, upperRight, 400, 0, 800, 250) > 200);
        assertEquals(0, Pixels.differing(none, upperRight, 0, 250, 400, 500));
        assertTrue(Pixels.differing(none, lowerLeft, 0, 250, 400, 500) > 200);
        assertEquals(0, Pixels.differing(none, lowerLeft, 400, 0, 800, 250));
    }

    @Test
    void badInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new LineChart("t", "x", "y").add("a", X, new double[3]));
        assertThrows(IllegalArgumentException.class, () -> new LineChart("t", "x", "y").render(199, 150));
        assertThrows(IllegalArgumentException.class, () -> new LineChart("t", "x", "y").render(200, 149));
    }
}

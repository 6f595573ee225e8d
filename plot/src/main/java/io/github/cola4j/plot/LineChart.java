package io.github.cola4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Line2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.block.ColumnArrangement;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line chart (JFreeChart's XY plot) written as a PNG: a title, x and y axes with labels, any number of named
 * series and a legend inside the plot area. It is drawn on a {@link BufferedImage}, so it needs no display and works
 * with {@code java.awt.headless=true}. Non-finite points are skipped (the line breaks there); a series with a single
 * point is drawn as a dot.
 *
 * <pre>{@code
 * new LineChart("Pre-training loss", "step", "loss")
 *         .add("train", steps, losses)
 *         .add("validation", epochsEnd, valLosses, true)
 *         .write(Path.of("loss.png"), 800, 500);
 * }</pre>
 */
public final class LineChart {
    /** The smallest image drawn, in pixels: below this the axes and legend do not fit. */
    static final int MIN_WIDTH = 200;
    static final int MIN_HEIGHT = 150;

    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};
    private static final Color GRID = new Color(0xe6e6e6);

    /** Where the legend goes inside the plot area. */
    public enum Legend {
        /** Top right corner. */
        UPPER_RIGHT,
        /** Bottom right corner. */
        LOWER_RIGHT,
        /** Top left corner. */
        UPPER_LEFT,
        /** Bottom left corner. */
        LOWER_LEFT,
        /** No legend. */
        NONE
    }

    private record Series(String name, double[] x, double[] y, boolean markers) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private Legend legend = Legend.UPPER_RIGHT;
    private double yMin = Double.NaN;
    private double yMax = Double.NaN;

    /**
     * An empty chart with a title and axis labels.
     *
     * @param title the bold line centred above the plot, not null
     * @param xLabel the caption under the x axis, not null
     * @param yLabel the caption beside the y axis, drawn rotated, not null
     */
    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    /**
     * Adds a series drawn as a line through ({@code x[i]}, {@code y[i]}).
     *
     * @param name the series' label in the legend
     * @param x the x coordinates (copied)
     * @param y the y coordinates, as many as {@code x} (copied); non-finite points are skipped
     * @return this chart, for chaining
     * @throws IllegalArgumentException if {@code x} and {@code y} differ in length
     */
    public LineChart add(String name, double[] x, double[] y) {
        return add(name, x, y, false);
    }

    /**
     * Adds a series, with a dot at every point when {@code markers} (for short series such as one value per epoch).
     *
     * @param name the series' label in the legend
     * @param x the x coordinates (copied)
     * @param y the y coordinates, as many as {@code x} (copied); non-finite points are skipped
     * @param markers true to draw a dot at every point as well as the line
     * @return this chart, for chaining
     * @throws IllegalArgumentException if {@code x} and {@code y} differ in length
     */
    public LineChart add(String name, double[] x, double[] y, boolean markers) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length
                    + " y values");
        }
        series.add(new Series(name, x.clone(), y.clone(), markers));
        return this;
    }

    /**
     * Fixes the y range (for instance 0..1 for accuracies) instead of fitting it to the data.
     *
     * @param min the value at the bottom of the y axis
     * @param max the value at the top of the y axis, above {@code min}
     * @return this chart, for chaining
     * @throws IllegalArgumentException if {@code max} is not above {@code min} (NaN included)
     */
    public LineChart yRange(double min, double max) {
        if (!(max > min)) {
            throw new IllegalArgumentException("y range needs max > min, got " + min + ".." + max);
        }
        yMin = min;
        yMax = max;
        return this;
    }

    /**
     * Places the legend (upper right by default).
     *
     * @param where a corner of the plot area, or {@link Legend#NONE} for no legend
     * @return this chart, for chaining
     */
    public LineChart legend(Legend where) {
        this.legend = where;
        return this;
    }

    /**
     * Builds the JFreeChart chart, for callers who want to change more than this class offers before drawing it.
     *
     * @return a new chart holding copies of the series added so far
     */
    public JFreeChart chart() {
        XYSeriesCollection data = new XYSeriesCollection();
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setAutoPopulateSeriesShape(false);
        renderer.setDefaultShape(new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        renderer.setAutoPopulateSeriesStroke(false);
        renderer.setLegendLine(new Line2D.Double(-11, 0, 11, 0));
        renderer.setDefaultStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            // a series object per entry, so two series may share a name
            XYSeries xy = new XYSeries(k, false, true);
            int points = 0;
            double lastX = Double.NaN;
            for (int i = 0; i < s.x.length; i++) {
                if (Double.isFinite(s.x[i]) && Double.isFinite(s.y[i])) {
                    xy.add(s.x[i], s.y[i]);
                    lastX = s.x[i];
                    points++;
                    x0 = Math.min(x0, s.x[i]);
                    x1 = Math.max(x1, s.x[i]);
                    y0 = Math.min(y0, s.y[i]);
                    y1 = Math.max(y1, s.y[i]);
                } else if (Double.isFinite(lastX)) {
                    // a gap: the renderer draws no segment to or from a point without a y value; placed at the
                    // last drawn x, it cannot widen the x range
                    xy.add(lastX, null);
                }
            }
            data.addSeries(xy);
            renderer.setSeriesPaint(k, PALETTE[k % PALETTE.length]);
            renderer.setSeriesShapesVisible(k, s.markers || points == 1);
        }
        List<String> names = series.stream().map(Series::name).toList();
        renderer.setLegendItemLabelGenerator((dataset, index) -> names.get(index));

        Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        NumberAxis xAxis = axis(xLabel, label, x0, x1);
        NumberAxis yAxis = axis(yLabel, label, y0, y1);
        if (!Double.isNaN(yMin)) {
            yAxis.setRange(yMin, yMax);
        }
        XYPlot plot = new XYPlot(data, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(Color.BLACK);
        plot.setDomainGridlinePaint(GRID);
        plot.setRangeGridlinePaint(GRID);
        plot.setDomainGridlineStroke(new BasicStroke(1f));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 14), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(4, 8, 8, 16));
        if (legend != Legend.NONE && !series.isEmpty()) {
            LegendTitle box = new LegendTitle(plot, new ColumnArrangement(), new ColumnArrangement());
            box.setItemFont(label);
            box.setBackgroundPaint(new Color(255, 255, 255, 220));
            box.setFrame(new BlockBorder(Color.GRAY));
            box.setItemLabelPadding(new RectangleInsets(2, 4, 2, 4));
            boolean right = legend == Legend.UPPER_RIGHT || legend == Legend.LOWER_RIGHT;
            boolean top = legend == Legend.UPPER_RIGHT || legend == Legend.UPPER_LEFT;
            RectangleAnchor anchor = top ? (right ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.TOP_LEFT)
                    : (right ? RectangleAnchor.BOTTOM_RIGHT : RectangleAnchor.BOTTOM_LEFT);
            XYTitleAnnotation inside = new XYTitleAnnotation(right ? 0.98 : 0.02, top ? 0.98 : 0.02, box, anchor);
            inside.setMaxWidth(0.6);
            plot.addAnnotation(inside);
        }
        return chart;
    }

    /** An axis fitted to data in [lo, hi]; a single value gets 10 % of itself (or 1) either side. */
    private static NumberAxis axis(String caption, Font font, double lo, double hi) {
        NumberAxis a = new NumberAxis(caption);
        a.setAutoRangeIncludesZero(false);
        if (lo <= hi && hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
            a.setAutoRangeMinimumSize(Math.abs(hi) > 0 ? 0.2 * Math.abs(hi) : 2);
        }
        a.setLabelFont(font);
        a.setTickLabelFont(font);
        a.setLabelPaint(Color.BLACK);
        a.setTickLabelPaint(Color.BLACK);
        return a;
    }

    /**
     * Draws the chart on a new image of the given size.
     *
     * @param width image width in pixels, at least 200
     * @param height image height in pixels, at least 150
     * @return a new RGB image
     * @throws IllegalArgumentException if the image would be smaller than 200 x 150 pixels
     */
    public BufferedImage render(int width, int height) {
        if (width < MIN_WIDTH || height < MIN_HEIGHT) {
            throw new IllegalArgumentException("a chart needs at least " + MIN_WIDTH + " x " + MIN_HEIGHT
                    + " pixels, got " + width + " x " + height);
        }
        return chart().createBufferedImage(width, height, BufferedImage.TYPE_INT_RGB, null);
    }

    /**
     * Writes the chart as a PNG, atomically (see {@link Png}).
     *
     * @param file the PNG file to write, replaced if it exists; missing parent folders are created
     * @param width image width in pixels, at least 200
     * @param height image height in pixels, at least 150
     * @throws IOException if the file cannot be written, or no PNG writer is available
     * @throws IllegalArgumentException if the image would be smaller than 200 x 150 pixels
     */
    public void write(Path file, int width, int height) throws IOException {
        Png.write(file, render(width, height));
    }
}

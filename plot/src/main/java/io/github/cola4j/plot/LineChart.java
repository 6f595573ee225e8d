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
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.block.ColumnArrangement;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * A line chart (JFreeChart's XY plot) written as a PNG: a title, x and y axes with labels, any number of named
 * series and a legend inside the plot area; optionally a second y axis on the right for series in another unit
 * (a loss beside accuracies). It is drawn on a {@link BufferedImage}, so it needs no display and works with
 * {@code java.awt.headless=true}. Non-finite points are skipped (the line breaks there); a series with a single
 * point is drawn as a dot; a series with no point at all is left out of the legend. The data sit inside the axes
 * with a margin (points on the edge of the data are drawn whole); an x axis that counts ({@link #integerX()})
 * has whole-number ticks.
 *
 * <pre>{@code
 * new LineChart("Pre-training loss", "step", "loss")
 *         .add("train", steps, losses)
 *         .add("validation", epochsEnd, valLosses, true)
 *         .integerX()
 *         .write(Path.of("loss.png"), 800, 500);
 * }</pre>
 */
public final class LineChart {
    /** The smallest image drawn, in pixels: below this the axes and legend do not fit. */
    static final int MIN_WIDTH = 200;
    static final int MIN_HEIGHT = 150;
    /**
     * The space between the data and the ends of an axis fitted to them, and beyond a fixed y range, as a fraction
     * of the span: 4 %.
     */
    public static final double MARGIN = 0.04;

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
        /** Under the plot area, outside it, in a row: it hides no data. */
        BELOW,
        /** No legend. */
        NONE
    }

    private record Series(String name, double[] x, double[] y, boolean markers, boolean right) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private Legend legend = Legend.UPPER_RIGHT;
    private double yMin = Double.NaN;
    private double yMax = Double.NaN;
    private String rightLabel;
    private boolean integerX;

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
        return add(name, x, y, markers, false);
    }

    /**
     * Adds a series measured on the right-hand y axis, which {@link #rightAxis(String)} labels (for a second unit,
     * such as a loss beside accuracies); the axis is fitted to these series alone.
     *
     * @param name the series' label in the legend
     * @param x the x coordinates (copied)
     * @param y the y coordinates, as many as {@code x} (copied); non-finite points are skipped
     * @param markers true to draw a dot at every point as well as the line
     * @return this chart, for chaining
     * @throws IllegalArgumentException if {@code x} and {@code y} differ in length
     */
    public LineChart addRight(String name, double[] x, double[] y, boolean markers) {
        return add(name, x, y, markers, true);
    }

    private LineChart add(String name, double[] x, double[] y, boolean markers, boolean right) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("series '" + name + "': " + x.length + " x values but " + y.length
                    + " y values");
        }
        series.add(new Series(name, x.clone(), y.clone(), markers, right));
        return this;
    }

    /**
     * Labels the right-hand y axis, on which the series added with {@link #addRight} are measured.
     *
     * @param label the caption beside the right axis, drawn rotated
     * @return this chart, for chaining
     */
    public LineChart rightAxis(String label) {
        this.rightLabel = label;
        return this;
    }

    /**
     * Gives the x axis whole-number ticks (1, 2, 5, 10, ...), for an x that counts steps or epochs: no tick at
     * 1.5.
     *
     * @return this chart, for chaining
     */
    public LineChart integerX() {
        this.integerX = true;
        return this;
    }

    /**
     * Fixes the y range (for instance 0..1 for accuracies) instead of fitting it to the data. The axis reaches
     * {@link #MARGIN} of the span beyond either end, so that points on the bounds (an accuracy of 1) are drawn
     * whole; its ticks stay within the bounds.
     *
     * @param min the lowest value shown on the y axis
     * @param max the highest value shown on the y axis, above {@code min}
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
     * @param where a corner of the plot area, {@link Legend#BELOW} the plot, or {@link Legend#NONE} for no legend
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
        XYSeriesCollection left = new XYSeriesCollection();
        XYSeriesCollection right = new XYSeriesCollection();
        XYLineAndShapeRenderer leftRenderer = renderer();
        XYLineAndShapeRenderer rightRenderer = renderer();
        List<String> leftNames = new ArrayList<>();
        List<String> rightNames = new ArrayList<>();
        double[] xr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] yl = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        double[] yr = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            XYSeriesCollection data = s.right ? right : left;
            XYLineAndShapeRenderer renderer = s.right ? rightRenderer : leftRenderer;
            (s.right ? rightNames : leftNames).add(s.name);
            double[] yRange = s.right ? yr : yl;
            // a series object per entry, so two series may share a name
            XYSeries xy = new XYSeries(k, false, true);
            int points = 0;
            double lastX = Double.NaN;
            for (int i = 0; i < s.x.length; i++) {
                if (Double.isFinite(s.x[i]) && Double.isFinite(s.y[i])) {
                    xy.add(s.x[i], s.y[i]);
                    lastX = s.x[i];
                    points++;
                    xr[0] = Math.min(xr[0], s.x[i]);
                    xr[1] = Math.max(xr[1], s.x[i]);
                    yRange[0] = Math.min(yRange[0], s.y[i]);
                    yRange[1] = Math.max(yRange[1], s.y[i]);
                } else if (Double.isFinite(lastX)) {
                    // a gap: the renderer draws no segment to or from a point without a y value; placed at the
                    // last drawn x, it cannot widen the x range
                    xy.add(lastX, null);
                }
            }
            int index = data.getSeriesCount();
            data.addSeries(xy);
            renderer.setSeriesPaint(index, PALETTE[k % PALETTE.length]);
            renderer.setSeriesShapesVisible(index, s.markers || points == 1);
            // nothing to show: no legend entry either
            renderer.setSeriesVisibleInLegend(index, points > 0);
        }
        leftRenderer.setLegendItemLabelGenerator((dataset, index) -> leftNames.get(index));
        rightRenderer.setLegendItemLabelGenerator((dataset, index) -> rightNames.get(index));

        Font label = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        NumberAxis xAxis = axis(xLabel, label, xr[0], xr[1]);
        if (integerX) {
            xAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        NumberAxis yAxis = axis(yLabel, label, yl[0], yl[1]);
        if (!Double.isNaN(yMin)) {
            double pad = MARGIN * (yMax - yMin);
            yAxis.setRange(yMin - pad, yMax + pad);
        }
        XYPlot plot = new XYPlot(left, xAxis, yAxis, leftRenderer);
        if (right.getSeriesCount() > 0 || rightLabel != null) {
            NumberAxis rightAxis = axis(rightLabel == null ? "" : rightLabel, label, yr[0], yr[1]);
            plot.setRangeAxis(1, rightAxis);
            plot.setRangeAxisLocation(1, AxisLocation.BOTTOM_OR_RIGHT);
            plot.setDataset(1, right);
            plot.setRenderer(1, rightRenderer);
            plot.mapDatasetToRangeAxis(1, 1);
        }
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
        if (legend != Legend.NONE && plot.getLegendItems().getItemCount() > 0) {
            LegendTitle box = legend == Legend.BELOW ? new LegendTitle(plot)
                    : new LegendTitle(plot, new ColumnArrangement(), new ColumnArrangement());
            box.setItemFont(label);
            box.setBackgroundPaint(new Color(255, 255, 255, 220));
            box.setItemLabelPadding(new RectangleInsets(2, 4, 2, 4));
            if (legend == Legend.BELOW) {
                box.setPosition(RectangleEdge.BOTTOM);
                box.setFrame(BlockBorder.NONE);
                box.setMargin(new RectangleInsets(6, 0, 0, 0));
                chart.addSubtitle(box);
                return chart;
            }
            box.setFrame(new BlockBorder(Color.GRAY));
            boolean onRight = legend == Legend.UPPER_RIGHT || legend == Legend.LOWER_RIGHT;
            boolean top = legend == Legend.UPPER_RIGHT || legend == Legend.UPPER_LEFT;
            RectangleAnchor anchor = top ? (onRight ? RectangleAnchor.TOP_RIGHT : RectangleAnchor.TOP_LEFT)
                    : (onRight ? RectangleAnchor.BOTTOM_RIGHT : RectangleAnchor.BOTTOM_LEFT);
            XYTitleAnnotation inside = new XYTitleAnnotation(onRight ? 0.98 : 0.02, top ? 0.98 : 0.02, box, anchor);
            inside.setMaxWidth(0.6);
            plot.addAnnotation(inside);
        }
        return chart;
    }

    /** A renderer of lines, with round markers where a series asks for them. */
    private static XYLineAndShapeRenderer renderer() {
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, false);
        renderer.setAutoPopulateSeriesShape(false);
        renderer.setDefaultShape(new Ellipse2D.Double(-3.5, -3.5, 7, 7));
        renderer.setAutoPopulateSeriesStroke(false);
        renderer.setLegendLine(new Line2D.Double(-11, 0, 11, 0));
        renderer.setDefaultStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        return renderer;
    }

    /**
     * An axis fitted to data in [lo, hi] with {@link #MARGIN} of the span either side; a single value gets 10 % of
     * itself (or 1) either side.
     */
    private static NumberAxis axis(String caption, Font font, double lo, double hi) {
        NumberAxis a = new NumberAxis(caption);
        a.setAutoRangeIncludesZero(false);
        a.setLowerMargin(MARGIN);
        a.setUpperMargin(MARGIN);
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

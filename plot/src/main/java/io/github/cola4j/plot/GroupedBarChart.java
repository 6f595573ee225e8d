package io.github.cola4j.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Paint;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Accuracies of several methods on several tasks: one group of bars per task, one colour per method (in a legend
 * below), each bar labelled with its value.
 */
public final class GroupedBarChart {
    /** Width of the image in pixels. */
    public static final int WIDTH = 1000;
    /** Height of the image in pixels. */
    public static final int HEIGHT = 560;

    private static final Color[] PALETTE = {new Color(150, 150, 150), new Color(90, 90, 90),
        new Color(86, 140, 200), new Color(240, 150, 60), new Color(60, 170, 110), new Color(200, 80, 90),
        new Color(140, 100, 190)};

    private GroupedBarChart() {
    }

    /**
     * Draws the chart on a new {@link #WIDTH} x {@link #HEIGHT} image.
     *
     * @param title the line above the chart
     * @param groups one caption per group (task), left to right
     * @param series one name per bar of a group (method), in legend order
     * @param values {@code values[g][s]}: the accuracy of series {@code s} on group {@code g}, a fraction in
     *     [0, 1] (clamped); a non-finite value draws no bar
     * @return a new RGB image
     * @throws IllegalArgumentException if {@code values} is not groups x series
     */
    public static BufferedImage render(String title, List<String> groups, List<String> series, double[][] values) {
        if (values.length != groups.size()) {
            throw new IllegalArgumentException(values.length + " rows of values for " + groups.size() + " groups");
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int g = 0; g < groups.size(); g++) {
            if (values[g].length != series.size()) {
                throw new IllegalArgumentException("group " + groups.get(g) + " has " + values[g].length
                        + " values for " + series.size() + " series");
            }
            for (int s = 0; s < series.size(); s++) {
                double v = values[g][s];
                data.addValue(Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : null, series.get(s), groups.get(g));
            }
        }
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        BarRenderer bars = new BarRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public Paint getSeriesPaint(int row) {
                return PALETTE[row % PALETTE.length];
            }
        };
        bars.setAutoPopulateSeriesPaint(false);
        for (int s = 0; s < series.size(); s++) {
            bars.setSeriesPaint(s, PALETTE[s % PALETTE.length]);
        }
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        bars.setItemMargin(0.04);
        DecimalFormat percent = new DecimalFormat("0", symbols);
        percent.setRoundingMode(RoundingMode.HALF_UP);
        percent.setMultiplier(100);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", percent));
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        bars.setDefaultItemLabelPaint(Color.BLACK);
        bars.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12,
                TextAnchor.BOTTOM_CENTER));

        CategoryAxis x = new CategoryAxis();
        x.setTickLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
        x.setTickLabelPaint(Color.BLACK);
        x.setCategoryMargin(0.25);
        x.setLowerMargin(0.03);
        x.setUpperMargin(0.03);
        NumberAxis y = new NumberAxis("test accuracy");
        y.setRange(0, 1.08);
        y.setTickUnit(new NumberTickUnit(0.2, new DecimalFormat("0 %", symbols)));
        y.setTickLabelFont(plain);
        y.setTickLabelPaint(Color.DARK_GRAY);
        y.setLabelFont(plain);

        CategoryPlot plot = new CategoryPlot(data, x, y, bars);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(new Color(225, 225, 225));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);

        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, true);
        LegendTitle legend = chart.getLegend();
        legend.setPosition(RectangleEdge.BOTTOM);
        legend.setFrame(BlockBorder.NONE);
        legend.setItemFont(plain);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(10, 10, 10, 20));
        return chart.createBufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB, null);
    }

    /**
     * Draws the chart and writes it as a PNG, atomically (see {@link Png}).
     *
     * @param file the PNG file to write, replaced if it exists; missing parent folders are created
     * @param title the line above the chart
     * @param groups one caption per group (task)
     * @param series one name per bar of a group (method)
     * @param values {@code values[g][s]}, fractions in [0, 1]; a non-finite value draws no bar
     * @throws IOException if the file cannot be written
     * @throws IllegalArgumentException if {@code values} is not groups x series
     */
    public static void write(Path file, String title, List<String> groups, List<String> series, double[][] values)
            throws IOException {
        Png.write(file, render(title, groups, series, values));
    }
}

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
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * A bar chart of accuracies in [0, 1] (JFreeChart's category plot), one coloured bar per result with its value
 * above it and a dashed line at the accuracy of guessing, written as a 900 x 520 PNG. Drawn on a
 * {@link BufferedImage}, so it works headless.
 */
public final class BarChart {
    /** Width of the image in pixels. */
    public static final int WIDTH = 900;
    /** Height of the image in pixels. */
    public static final int HEIGHT = 520;

    private static final Color[] PALETTE = {new Color(150, 150, 150), new Color(86, 140, 200),
        new Color(240, 150, 60), new Color(60, 170, 110), new Color(200, 80, 90), new Color(140, 100, 190)};

    /** A bar's category: its position keeps two bars with the same caption apart. */
    private record Bar(int index, String caption) implements Comparable<Bar> {
        @Override
        public int compareTo(Bar o) {
            return Integer.compare(index, o.index);
        }

        @Override
        public String toString() {
            return caption;
        }
    }

    private BarChart() {
    }

    /**
     * Draws the chart on a new {@link #WIDTH} x {@link #HEIGHT} image.
     *
     * @param title the line above the chart
     * @param labels one caption per bar, wrapped at spaces; at least as many as {@code values}
     * @param values the bar heights as fractions in [0, 1] (clamped to it, and labelled with the clamped value);
     *     a non-finite value draws no bar
     * @param chance the accuracy of guessing, drawn as a dashed line; 0 or less for none
     * @return a new RGB image
     * @throws IllegalArgumentException if there are fewer labels than values
     */
    public static BufferedImage render(String title, List<String> labels, double[] values, double chance) {
        if (labels.size() < values.length) {
            throw new IllegalArgumentException(values.length + " bars need as many labels, got " + labels.size());
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        for (int i = 0; i < values.length; i++) {
            Double v = Double.isFinite(values[i]) ? Math.max(0, Math.min(1, values[i])) : null;
            data.addValue(v, "accuracy", new Bar(i, labels.get(i)));
        }
        DecimalFormatSymbols symbols = DecimalFormatSymbols.getInstance(Locale.ROOT);
        Font plain = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

        BarRenderer bars = new BarRenderer() {
            private static final long serialVersionUID = 1L;

            @Override
            public Paint getItemPaint(int row, int column) {
                return PALETTE[column % PALETTE.length];
            }
        };
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setDrawBarOutline(false);
        // rounded half up, as the results table's String.format does (76.25 % is 76.3 % in both)
        DecimalFormat percent = new DecimalFormat("0.0 %", symbols);
        percent.setRoundingMode(RoundingMode.HALF_UP);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}", percent));
        bars.setDefaultItemLabelsVisible(true);
        bars.setDefaultItemLabelFont(plain);
        bars.setDefaultItemLabelPaint(Color.BLACK);
        bars.setDefaultPositiveItemLabelPosition(new ItemLabelPosition(ItemLabelAnchor.OUTSIDE12,
                TextAnchor.BOTTOM_CENTER));

        CategoryAxis x = new CategoryAxis();
        x.setTickLabelFont(plain);
        x.setTickLabelPaint(Color.BLACK);
        x.setMaximumCategoryLabelLines(4);
        // captions may use the gap between bars too
        x.setMaximumCategoryLabelWidthRatio(1.6f);
        x.setCategoryMargin(0.4);
        x.setLowerMargin(0.02);
        x.setUpperMargin(0.02);
        NumberAxis y = new NumberAxis();
        // headroom above 100 % for the value over a full bar
        y.setRange(0, 1.08);
        y.setTickUnit(new NumberTickUnit(0.2, new DecimalFormat("0 %", symbols)));
        y.setTickLabelFont(plain);
        y.setTickLabelPaint(Color.DARK_GRAY);

        CategoryPlot plot = new CategoryPlot(data, x, y, bars);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlineVisible(false);
        plot.setRangeGridlinePaint(new Color(225, 225, 225));
        plot.setRangeGridlineStroke(new BasicStroke(1f));
        plot.setAxisOffset(RectangleInsets.ZERO_INSETS);
        if (chance > 0) {
            ValueMarker line = new ValueMarker(chance, new Color(200, 40, 40), new BasicStroke(1.5f,
                    BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
            line.setLabel(String.format(Locale.ROOT, "chance %.1f %%", 100 * chance));
            line.setLabelFont(plain);
            line.setLabelPaint(new Color(200, 40, 40));
            line.setLabelBackgroundColor(new Color(255, 255, 255, 200));
            line.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
            line.setLabelTextAnchor(TextAnchor.BOTTOM_RIGHT);
            plot.addRangeMarker(line, Layer.FOREGROUND);
        }

        JFreeChart chart = new JFreeChart(title, new Font(Font.SANS_SERIF, Font.BOLD, 18), plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(10, 10, 10, 20));
        return chart.createBufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB, null);
    }

    /**
     * Draws the chart and writes it as a PNG, atomically (see {@link Png}).
     *
     * @param file the PNG file to write, replaced if it exists; missing parent folders are created
     * @param title the line above the chart
     * @param labels one caption per bar, wrapped at spaces; at least as many as {@code values}
     * @param values the bar heights as fractions in [0, 1] (clamped); a non-finite value draws no bar
     * @param chance the accuracy of guessing, drawn as a dashed line; 0 or less for none
     * @throws IOException if the file cannot be written, or no PNG writer is available
     * @throws IllegalArgumentException if there are fewer labels than values
     */
    public static void write(Path file, String title, List<String> labels, double[] values, double chance)
            throws IOException {
        Png.write(file, render(title, labels, values, chance));
    }
}

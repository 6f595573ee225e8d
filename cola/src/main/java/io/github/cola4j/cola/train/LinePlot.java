package io.github.cola4j.cola.train;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A small line chart drawn with java.awt into a PNG: a title, x and y axes with "nice" ticks (steps of 1, 2 or 5
 * times a power of ten) and labels, any number of named series and a legend. It needs no display (it draws on a
 * {@link BufferedImage}). Non-finite points are skipped; a series of one point is drawn as a dot.
 *
 * <pre>{@code
 * new LinePlot("Pre-training loss", "step", "loss")
 *         .add("train", steps, losses)
 *         .add("validation", epochsEnd, valLosses)
 *         .write(Path.of("loss.png"), 800, 500);
 * }</pre>
 */
public final class LinePlot {
    private static final Color[] PALETTE = {
        new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
        new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f)};

    private record Series(String name, double[] x, double[] y, boolean markers) {
    }

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
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

    private Legend legend = Legend.UPPER_RIGHT;
    private Double yMin;
    private Double yMax;

    /**
     * An empty plot with a title and axis labels.
     *
     * @param title the bold line centred above the plot, not null
     * @param xLabel the caption under the x axis, not null
     * @param yLabel the caption beside the y axis, drawn rotated, not null
     */
    public LinePlot(String title, String xLabel, String yLabel) {
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
     * @return this plot, for chaining
     * @throws IllegalArgumentException if {@code x} and {@code y} differ in length
     */
    public LinePlot add(String name, double[] x, double[] y) {
        return add(name, x, y, false);
    }

    /**
     * Adds a series, with a dot at every point when {@code markers}.
     *
     * @param name the series' label in the legend
     * @param x the x coordinates (copied)
     * @param y the y coordinates, as many as {@code x} (copied); non-finite points are skipped
     * @param markers true to draw a dot at every point as well as the line
     * @return this plot, for chaining
     * @throws IllegalArgumentException if {@code x} and {@code y} differ in length
     */
    public LinePlot add(String name, double[] x, double[] y, boolean markers) {
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
     * @return this plot, for chaining
     * @throws IllegalArgumentException if {@code max} is not above {@code min} (NaN included)
     */
    public LinePlot yRange(double min, double max) {
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
     * @return this plot, for chaining
     */
    public LinePlot legend(Legend where) {
        this.legend = where;
        return this;
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
        if (width < 200 || height < 150) {
            throw new IllegalArgumentException("a plot needs at least 200 x 150 pixels, got " + width + " x " + height);
        }
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            draw(g, width, height);
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * Writes the chart as a PNG (to a temporary file beside {@code file}, then renamed over it).
     *
     * @param file the PNG file to write; its folder must exist
     * @param width image width in pixels, at least 200
     * @param height image height in pixels, at least 150
     * @throws IOException if the image cannot be written or moved into place (also when the file system does not
     *     support an atomic move)
     * @throws IllegalArgumentException if the image would be smaller than 200 x 150 pixels
     */
    public void write(Path file, int width, int height) throws IOException {
        BufferedImage img = render(width, height);
        Path abs = file.toAbsolutePath();
        Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
        if (!ImageIO.write(img, "png", tmp.toFile())) {
            throw new IOException("no PNG writer available");
        }
        Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private void draw(Graphics2D g, int w, int h) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, w, h);
        Font base = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
        g.setFont(base);
        FontMetrics fm = g.getFontMetrics();

        // data ranges
        double x0 = Double.POSITIVE_INFINITY;
        double x1 = Double.NEGATIVE_INFINITY;
        double y0 = Double.POSITIVE_INFINITY;
        double y1 = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.x.length; i++) {
                if (Double.isFinite(s.x[i]) && Double.isFinite(s.y[i])) {
                    x0 = Math.min(x0, s.x[i]);
                    x1 = Math.max(x1, s.x[i]);
                    y0 = Math.min(y0, s.y[i]);
                    y1 = Math.max(y1, s.y[i]);
                }
            }
        }
        if (x0 > x1) {
            x0 = 0;
            x1 = 1;
            y0 = 0;
            y1 = 1;
        }
        if (yMin != null) {
            y0 = yMin;
            y1 = yMax;
        }
        double[] xs = niceRange(x0, x1);
        double[] ys = yMin != null ? new double[] {y0, y1, niceStep((y1 - y0) / 5)} : niceRange(y0, y1);

        // layout
        int tickLabelWidth = 0;
        for (double v = ys[0]; v <= ys[1] + ys[2] * 1e-9; v += ys[2]) {
            tickLabelWidth = Math.max(tickLabelWidth, fm.stringWidth(format(v, ys[2])));
        }
        int left = 18 + fm.getHeight() + tickLabelWidth;
        int right = w - 20;
        int top = 14 + 2 * fm.getHeight();
        int bottom = h - 16 - 2 * fm.getHeight();
        final double fx0 = xs[0];
        final double fx1 = xs[1];
        final double fy0 = ys[0];
        final double fy1 = ys[1];
        java.util.function.DoubleUnaryOperator px = v -> left + (v - fx0) / (fx1 - fx0) * (right - left);
        java.util.function.DoubleUnaryOperator py = v -> bottom - (v - fy0) / (fy1 - fy0) * (bottom - top);

        // title
        g.setColor(Color.BLACK);
        Font titleFont = base.deriveFont(Font.BOLD, 14f);
        g.setFont(titleFont);
        FontMetrics tfm = g.getFontMetrics();
        g.drawString(title, (w - tfm.stringWidth(title)) / 2, 8 + tfm.getAscent());
        g.setFont(base);

        // grid and ticks
        g.setStroke(new BasicStroke(1f));
        for (double v = xs[0]; v <= xs[1] + xs[2] * 1e-9; v += xs[2]) {
            int x = (int) Math.round(px.applyAsDouble(v));
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(x, top, x, bottom);
            g.setColor(Color.BLACK);
            g.drawLine(x, bottom, x, bottom + 4);
            String s = format(v, xs[2]);
            g.drawString(s, x - fm.stringWidth(s) / 2, bottom + 5 + fm.getAscent());
        }
        for (double v = ys[0]; v <= ys[1] + ys[2] * 1e-9; v += ys[2]) {
            int y = (int) Math.round(py.applyAsDouble(v));
            g.setColor(new Color(0xe6e6e6));
            g.drawLine(left, y, right, y);
            g.setColor(Color.BLACK);
            g.drawLine(left - 4, y, left, y);
            String s = format(v, ys[2]);
            g.drawString(s, left - 6 - fm.stringWidth(s), y + fm.getAscent() / 2 - 1);
        }
        g.setColor(Color.BLACK);
        g.drawRect(left, top, right - left, bottom - top);

        // axis labels
        g.drawString(xLabel, (left + right - fm.stringWidth(xLabel)) / 2, h - 8);
        AffineTransform saved = g.getTransform();
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(top + bottom + fm.stringWidth(yLabel)) / 2, 6 + fm.getAscent());
        g.setTransform(saved);

        // series
        g.setClip(left, top, right - left + 1, bottom - top + 1);
        g.setStroke(new BasicStroke(1.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            g.setColor(PALETTE[k % PALETTE.length]);
            Path2D.Double path = new Path2D.Double();
            boolean pen = false;
            int points = 0;
            for (int i = 0; i < s.x.length; i++) {
                if (!Double.isFinite(s.x[i]) || !Double.isFinite(s.y[i])) {
                    pen = false;
                    continue;
                }
                double x = px.applyAsDouble(s.x[i]);
                double y = py.applyAsDouble(s.y[i]);
                if (pen) {
                    path.lineTo(x, y);
                } else {
                    path.moveTo(x, y);
                    pen = true;
                }
                points++;
                if (s.markers || s.x.length == 1) {
                    g.fillOval((int) Math.round(x) - 3, (int) Math.round(y) - 3, 7, 7);
                }
            }
            if (points > 1) {
                g.draw(path);
            }
        }
        g.setClip(null);

        // legend
        if (!series.isEmpty() && legend != Legend.NONE) {
            int lw = 0;
            for (Series s : series) {
                lw = Math.max(lw, fm.stringWidth(s.name));
            }
            int lineH = fm.getHeight();
            int boxW = lw + 40;
            int boxH = lineH * series.size() + 8;
            boolean atRight = legend == Legend.UPPER_RIGHT || legend == Legend.LOWER_RIGHT;
            boolean atTop = legend == Legend.UPPER_RIGHT || legend == Legend.UPPER_LEFT;
            int bx = atRight ? right - boxW - 8 : left + 8;
            int by = atTop ? top + 8 : bottom - boxH - 8;
            g.setColor(new Color(255, 255, 255, 220));
            g.fillRect(bx, by, boxW, boxH);
            g.setColor(Color.GRAY);
            g.drawRect(bx, by, boxW, boxH);
            for (int k = 0; k < series.size(); k++) {
                int y = by + 4 + k * lineH + lineH / 2;
                g.setColor(PALETTE[k % PALETTE.length]);
                g.setStroke(new BasicStroke(2f));
                g.drawLine(bx + 6, y, bx + 28, y);
                g.setColor(Color.BLACK);
                g.drawString(series.get(k).name, bx + 34, y + fm.getAscent() / 2 - 1);
            }
        }
    }

    /** {min, max, step}: a nice tick step for about five intervals and the range widened to multiples of it. */
    static double[] niceRange(double lo, double hi) {
        if (hi - lo < 1e-12 * Math.max(1, Math.abs(hi))) {
            double pad = Math.abs(hi) > 0 ? Math.abs(hi) * 0.1 : 1;
            lo -= pad;
            hi += pad;
        }
        double step = niceStep((hi - lo) / 5);
        return new double[] {Math.floor(lo / step) * step, Math.ceil(hi / step) * step, step};
    }

    static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        double m = raw / p;
        double nice = m < 1.5 ? 1 : m < 3 ? 2 : m < 7 ? 5 : 10;
        return nice * p;
    }

    /** A tick label with as many decimals as the step needs. */
    static String format(double v, double step) {
        if (Math.abs(v) < step * 1e-9) {
            v = 0;
        }
        int decimals = Math.max(0, (int) Math.ceil(-Math.log10(step) - 1e-9));
        if (Math.abs(v) >= 1e6 || (v != 0 && Math.abs(v) < 1e-4)) {
            return String.format(Locale.ROOT, "%.2g", v);
        }
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }
}

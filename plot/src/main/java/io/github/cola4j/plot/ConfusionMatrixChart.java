package io.github.cola4j.plot;

import io.github.cola4j.cola.eval.ClassificationReport;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws a confusion matrix as a PNG with java.awt (on an image, so it works headless): one square cell per
 * (true, predicted) pair
 * holding its count, shaded from white (0) to dark blue (the largest count), class names on both axes (true class
 * down the left, predicted class rotated along the bottom) and a colour scale on the right.
 *
 * <p>The image is sized to what it holds (see {@link #size(List, String)}): cells of {@link #cellSize(int)} pixels,
 * larger for few classes so that a 2-class matrix is not a small block in an empty picture, and margins as wide as
 * the class names need, up to a limit beyond which long names are shortened with an ellipsis.
 *
 * <p>Drawn by hand rather than with JFreeChart's block renderer: its layout gives the data area whatever room the
 * axis labels leave, so cells are not square, long class names are not shortened and the colour scale does not
 * line up with the grid.
 */
public final class ConfusionMatrixChart {
    /** The widest class name drawn whole, in pixels, beside the rows and under the columns. */
    private static final int MAX_ROW_NAME = 130;
    private static final int MAX_COLUMN_NAME = 110;
    /** Room for the axis title and the gaps around the class names, in pixels. */
    private static final int NAME_ROOM = 40;
    private static final int TOP = 50;
    private static final int BAR_GAP = 24;
    private static final int BAR_WIDTH = 18;
    private static final int RIGHT = 70;
    private static final Color[] STOPS = {new Color(247, 251, 255), new Color(198, 219, 239),
        new Color(107, 174, 214), new Color(33, 113, 181), new Color(8, 48, 107)};

    private ConfusionMatrixChart() {
    }

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 15);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    private static final Font AXIS_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 12);

    /**
     * Cell side in pixels for k classes: 720 / k kept within [18, 56], except that a grid of few classes is given
     * at least 240 pixels (cells of 120 for 2 classes, 80 for 3, 60 for 4).
     *
     * @param classes number of classes k
     * @return the side of one cell in pixels, from 18 to 120
     */
    public static int cellSize(int classes) {
        int k = Math.max(1, classes);
        return Math.max(18, Math.min(720 / k, Math.max(56, 240 / k)));
    }

    /**
     * Where everything goes: the margins left of and under the grid, which hold the class names, the cell size
     * and the image size (wide enough for the title too).
     */
    private record Layout(int left, int bottom, int cell, int width, int height) {
    }

    private static Layout layout(List<String> classNames, String title) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = scratch.createGraphics();
        try {
            FontMetrics fm = g.getFontMetrics(LABEL_FONT);
            int widest = 0;
            for (String name : classNames) {
                widest = Math.max(widest, fm.stringWidth(name));
            }
            int left = NAME_ROOM + Math.min(MAX_ROW_NAME, widest);
            int bottom = NAME_ROOM + Math.min(MAX_COLUMN_NAME, widest);
            int cell = cellSize(classNames.size());
            int grid = classNames.size() * cell;
            int titleWidth = title == null ? 0 : g.getFontMetrics(TITLE_FONT).stringWidth(title);
            int width = Math.max(left + grid + BAR_GAP + BAR_WIDTH + RIGHT, titleWidth + 24);
            return new Layout(left, bottom, cell, width, TOP + grid + bottom);
        } finally {
            g.dispose();
        }
    }

    /**
     * The image size for these class names and title: the grid of {@link #cellSize(int) cellSize(k)} cells, the
     * class names' margins (the widest name plus 40 pixels, at most 170 beside the rows and 150 under the columns),
     * the title's 50 pixels above and the colour scale's 112 to the right; wider when the title needs it.
     *
     * @param classNames the k class names
     * @param title the line above the matrix; null for none
     * @return the width and height of the image in pixels
     */
    public static Dimension size(List<String> classNames, String title) {
        Layout l = layout(classNames, title);
        return new Dimension(l.width(), l.height());
    }

    /**
     * Writes the report's confusion matrix to {@code file} as a PNG, atomically (see {@link Png}).
     *
     * @param report the report whose confusion matrix and class names are drawn
     * @param title the line above the matrix; null for none
     * @param file the PNG file to write, replaced if it exists; missing parent folders are created
     * @throws IOException if a folder cannot be created, the file cannot be written or no PNG writer is available
     */
    public static void write(ClassificationReport report, String title, Path file) throws IOException {
        Png.write(file, render(report.confusion(), report.classNames(), title));
    }

    /**
     * Draws {@code confusion} ([true][predicted], k x k) with the given class names and title.
     *
     * @param confusion the counts, square, at least 1 x 1; rows are true classes
     * @param classNames k names, used on both axes
     * @param title the line above the matrix; null for none
     * @return a new RGB image of {@link #size(List, String) size(classNames, title)}
     * @throws IllegalArgumentException if the matrix is empty or not square, or the number of names differs
     */
    public static BufferedImage render(int[][] confusion, List<String> classNames, String title) {
        int k = confusion.length;
        if (k < 1 || classNames.size() != k) {
            throw new IllegalArgumentException("a " + k + " x " + k + " matrix needs " + k + " class names, got "
                    + classNames.size());
        }
        int max = 0;
        for (int[] row : confusion) {
            if (row.length != k) {
                throw new IllegalArgumentException("the confusion matrix must be square");
            }
            for (int v : row) {
                max = Math.max(max, v);
            }
        }
        Layout layout = layout(classNames, title);
        Dimension d = new Dimension(layout.width(), layout.height());
        int cell = layout.cell();
        int grid = k * cell;
        final int left = layout.left();
        final int bottom = layout.bottom();
        BufferedImage image = new BufferedImage(d.width, d.height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, d.width, d.height);

            Font labelFont = LABEL_FONT;
            Font axisFont = AXIS_FONT;
            g.setColor(Color.BLACK);
            g.setFont(TITLE_FONT);
            if (title != null) {
                // centred over the grid, moved in where it would run off the image
                int tw = g.getFontMetrics().stringWidth(title);
                int x = Math.max(12, Math.min(d.width - 12 - tw, left + grid / 2 - tw / 2));
                g.drawString(title, x, TOP / 2 + 6);
            }

            // cells
            Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, Math.min(20, cell / 4)));
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double f = max == 0 ? 0 : confusion[i][j] / (double) max;
                    int x = left + j * cell;
                    int y = TOP + i * cell;
                    g.setColor(colour(f));
                    g.fillRect(x, y, cell, cell);
                    g.setColor(f > 0.55 ? Color.WHITE : Color.BLACK);
                    g.setFont(fitted(g, cellFont, Integer.toString(confusion[i][j]), cell - 4));
                    drawCentred(g, Integer.toString(confusion[i][j]), x + cell / 2, y + cell / 2
                            + g.getFontMetrics().getAscent() / 2 - 1);
                }
            }
            g.setColor(Color.GRAY);
            g.setStroke(new BasicStroke(1f));
            g.drawRect(left, TOP, grid, grid);

            // row labels (true class)
            g.setColor(Color.BLACK);
            g.setFont(labelFont);
            FontMetrics fm = g.getFontMetrics();
            for (int i = 0; i < k; i++) {
                String s = shorten(fm, classNames.get(i), left - 40);
                g.drawString(s, left - 6 - fm.stringWidth(s), TOP + i * cell + cell / 2 + fm.getAscent() / 2 - 1);
            }
            // column labels (predicted class), rotated to read upwards
            AffineTransform saved = g.getTransform();
            for (int j = 0; j < k; j++) {
                String s = shorten(fm, classNames.get(j), bottom - 40);
                int x = left + j * cell + cell / 2 + fm.getAscent() / 2 - 1;
                int y = TOP + grid + 6 + fm.stringWidth(s);
                g.rotate(-Math.PI / 2, x, y);
                g.drawString(s, x, y);
                g.setTransform(saved);
            }
            // axis titles
            g.setFont(axisFont);
            drawCentred(g, "predicted class", left + grid / 2, d.height - 12);
            int ty = TOP + grid / 2;
            g.rotate(-Math.PI / 2, 18, ty);
            drawCentred(g, "true class", 18, ty);
            g.setTransform(saved);

            // colour scale
            int bx = left + grid + BAR_GAP;
            for (int y = 0; y < grid; y++) {
                g.setColor(colour(1.0 - y / (double) Math.max(1, grid - 1)));
                g.fillRect(bx, TOP + y, BAR_WIDTH, 1);
            }
            g.setColor(Color.GRAY);
            g.drawRect(bx, TOP, BAR_WIDTH, grid);
            g.setColor(Color.BLACK);
            g.setFont(labelFont);
            fm = g.getFontMetrics();
            int ticks = max >= 2 ? 3 : 2;
            for (int t = 0; t < ticks; t++) {
                double value = max * t / (double) (ticks - 1);
                int y = TOP + grid - (int) Math.round(grid * t / (double) (ticks - 1));
                g.drawLine(bx + BAR_WIDTH, y, bx + BAR_WIDTH + 4, y);
                String s = value == Math.rint(value) ? Long.toString((long) value)
                        : String.format(java.util.Locale.ROOT, "%.1f", value);
                g.drawString(s, bx + BAR_WIDTH + 7, y + fm.getAscent() / 2 - 1);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** The colour map: white (0) through light to dark blue (1). */
    static Color colour(double f) {
        double x = Math.max(0, Math.min(1, f)) * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) x);
        double t = x - i;
        Color a = STOPS[i];
        Color b = STOPS[i + 1];
        return new Color((int) Math.round(a.getRed() + t * (b.getRed() - a.getRed())),
                (int) Math.round(a.getGreen() + t * (b.getGreen() - a.getGreen())),
                (int) Math.round(a.getBlue() + t * (b.getBlue() - a.getBlue())));
    }

    private static void drawCentred(Graphics2D g, String s, int cx, int baseline) {
        g.drawString(s, cx - g.getFontMetrics().stringWidth(s) / 2, baseline);
    }

    private static Font fitted(Graphics2D g, Font f, String s, int width) {
        Font out = f;
        while (out.getSize() > 6 && g.getFontMetrics(out).stringWidth(s) > width) {
            out = out.deriveFont((float) (out.getSize() - 1));
        }
        return out;
    }

    private static String shorten(FontMetrics fm, String s, int width) {
        if (fm.stringWidth(s) <= width) {
            return s;
        }
        String e = "\u2026";
        int n = s.length();
        while (n > 1 && fm.stringWidth(s.substring(0, n) + e) > width) {
            n--;
        }
        return s.substring(0, n) + e;
    }
}

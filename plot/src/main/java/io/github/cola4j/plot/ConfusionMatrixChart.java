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
 * <p>The image size depends only on the number of classes k: cells of {@link #cellSize(int)} pixels and fixed
 * margins, see {@link #size(int)}. Long class names are shortened with an ellipsis to fit the margins.
 *
 * <p>Drawn by hand rather than with JFreeChart's block renderer: its layout gives the data area whatever room the
 * axis labels leave, so cells are not square, long class names are not shortened and the colour scale does not
 * line up with the grid.
 */
public final class ConfusionMatrixChart {
    private static final int LEFT = 170;
    private static final int TOP = 50;
    private static final int BOTTOM = 150;
    private static final int BAR_GAP = 24;
    private static final int BAR_WIDTH = 18;
    private static final int RIGHT = 70;
    private static final Color[] STOPS = {new Color(247, 251, 255), new Color(198, 219, 239),
        new Color(107, 174, 214), new Color(33, 113, 181), new Color(8, 48, 107)};

    private ConfusionMatrixChart() {
    }

    /**
     * Cell side in pixels for k classes: 720 / k, kept within [18, 56].
     *
     * @param classes number of classes k
     * @return the side of one cell in pixels, from 18 to 56
     */
    public static int cellSize(int classes) {
        return Math.max(18, Math.min(56, 720 / Math.max(1, classes)));
    }

    /**
     * The image size for k classes: width {@code 170 + k * cell + 24 + 18 + 70}, height {@code 50 + k * cell + 150}
     * with cell = {@link #cellSize(int)}.
     *
     * @param classes number of classes k
     * @return the width and height of the image in pixels
     */
    public static Dimension size(int classes) {
        int grid = classes * cellSize(classes);
        return new Dimension(LEFT + grid + BAR_GAP + BAR_WIDTH + RIGHT, TOP + grid + BOTTOM);
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
     * @return a new RGB image of {@link #size(int) size(k)}
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
        Dimension d = size(k);
        int cell = cellSize(k);
        int grid = k * cell;
        BufferedImage image = new BufferedImage(d.width, d.height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, d.width, d.height);

            Font titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 15);
            Font labelFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
            Font axisFont = new Font(Font.SANS_SERIF, Font.BOLD, 12);
            g.setColor(Color.BLACK);
            g.setFont(titleFont);
            drawCentred(g, title == null ? "" : title, LEFT + grid / 2, TOP / 2 + 6);

            // cells
            Font cellFont = new Font(Font.SANS_SERIF, Font.PLAIN, Math.max(8, Math.min(14, cell / 3)));
            for (int i = 0; i < k; i++) {
                for (int j = 0; j < k; j++) {
                    double f = max == 0 ? 0 : confusion[i][j] / (double) max;
                    int x = LEFT + j * cell;
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
            g.drawRect(LEFT, TOP, grid, grid);

            // row labels (true class)
            g.setColor(Color.BLACK);
            g.setFont(labelFont);
            FontMetrics fm = g.getFontMetrics();
            for (int i = 0; i < k; i++) {
                String s = shorten(fm, classNames.get(i), LEFT - 40);
                g.drawString(s, LEFT - 6 - fm.stringWidth(s), TOP + i * cell + cell / 2 + fm.getAscent() / 2 - 1);
            }
            // column labels (predicted class), rotated to read upwards
            AffineTransform saved = g.getTransform();
            for (int j = 0; j < k; j++) {
                String s = shorten(fm, classNames.get(j), BOTTOM - 40);
                int x = LEFT + j * cell + cell / 2 + fm.getAscent() / 2 - 1;
                int y = TOP + grid + 6 + fm.stringWidth(s);
                g.rotate(-Math.PI / 2, x, y);
                g.drawString(s, x, y);
                g.setTransform(saved);
            }
            // axis titles
            g.setFont(axisFont);
            drawCentred(g, "predicted class", LEFT + grid / 2, d.height - 12);
            int ty = TOP + grid / 2;
            g.rotate(-Math.PI / 2, 18, ty);
            drawCentred(g, "true class", 18, ty);
            g.setTransform(saved);

            // colour scale
            int bx = LEFT + grid + BAR_GAP;
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

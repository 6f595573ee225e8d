package io.github.cola4j.examples.demo;

import io.github.cola4j.tensor.io.AtomicFile;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/** A horizontal-axis bar chart of accuracies in [0, 1], with the value above each bar and a dashed chance line. */
public final class BarChart {
    private BarChart() {
    }

    /**
     * Draws the chart (900 x 520 pixels) and writes it as a PNG. The file is replaced atomically: readers see the
     * old file or the complete new one, and a failure leaves the old one as it was.
     *
     * @param file the PNG file to write, replaced if it exists; missing parent folders are created
     * @param title the line above the chart
     * @param labels one caption per bar, wrapped at spaces; at least as many as {@code values}
     * @param values the bar heights as fractions in [0, 1] (clamped; non-finite values draw no bar)
     * @param chance the accuracy of guessing, drawn as a dashed line; 0 or less for none
     * @throws IOException if the file cannot be written, or no PNG writer is available
     */
    public static void write(Path file, String title, List<String> labels, double[] values, double chance)
            throws IOException {
        int w = 900;
        int h = 520;
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, w, h);
            int left = 70;
            int right = 30;
            int top = 60;
            int bottom = 90;
            int pw = w - left - right;
            int ph = h - top - bottom;
            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
            FontMetrics fm = g.getFontMetrics();
            g.drawString(title, (w - fm.stringWidth(title)) / 2, 35);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            fm = g.getFontMetrics();
            for (int k = 0; k <= 10; k += 2) {
                int y = top + ph - ph * k / 10;
                g.setColor(new Color(225, 225, 225));
                g.drawLine(left, y, left + pw, y);
                g.setColor(Color.DARK_GRAY);
                String s = k * 10 + " %";
                g.drawString(s, left - 8 - fm.stringWidth(s), y + 4);
            }
            Color[] palette = {new Color(150, 150, 150), new Color(86, 140, 200), new Color(240, 150, 60),
                new Color(60, 170, 110), new Color(200, 80, 90), new Color(140, 100, 190)};
            int n = values.length;
            int slot = pw / Math.max(1, n);
            int bw = (int) (slot * 0.6);
            for (int i = 0; i < n; i++) {
                double v = Double.isFinite(values[i]) ? Math.max(0, Math.min(1, values[i])) : 0;
                int x = left + i * slot + (slot - bw) / 2;
                int bh = (int) Math.round(v * ph);
                g.setColor(palette[i % palette.length]);
                g.fillRect(x, top + ph - bh, bw, bh);
                g.setColor(Color.BLACK);
                String s = String.format(Locale.ROOT, "%.1f %%", 100 * values[i]);
                g.drawString(s, x + (bw - fm.stringWidth(s)) / 2, top + ph - bh - 6);
                String[] words = labels.get(i).split(" ");
                StringBuilder line = new StringBuilder();
                int ly = top + ph + 18;
                for (String word : words) {
                    if (line.length() > 0 && fm.stringWidth(line + " " + word) > slot - 6) {
                        g.drawString(line.toString(), left + i * slot + (slot - fm.stringWidth(line.toString())) / 2, ly);
                        ly += 15;
                        line.setLength(0);
                    }
                    line.append(line.length() > 0 ? " " : "").append(word);
                }
                g.drawString(line.toString(), left + i * slot + (slot - fm.stringWidth(line.toString())) / 2, ly);
            }
            if (chance > 0) {
                int y = top + ph - (int) Math.round(chance * ph);
                g.setColor(new Color(200, 40, 40));
                g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {6, 4}, 0));
                g.drawLine(left, y, left + pw, y);
                g.drawString(String.format(Locale.ROOT, "chance %.1f %%", 100 * chance), left + pw - 90, y - 5);
            }
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1));
            g.drawLine(left, top + ph, left + pw, top + ph);
            g.drawLine(left, top, left, top + ph);
        } finally {
            g.dispose();
        }
        writeImage(file, img, "png");
    }

    /**
     * Encodes {@code image} in memory, then replaces {@code file} with it atomically; nothing is written when the
     * format has no writer.
     */
    static void writeImage(Path file, RenderedImage image, String format) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        if (!ImageIO.write(image, format, bytes)) {
            throw new IOException("cannot write " + file + ": no " + format + " image writer is available");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes.toByteArray());
        AtomicFile.write(file, ch -> {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        });
    }
}

package io.github.cola4j.plot;

import java.awt.Color;
import java.awt.image.BufferedImage;

/** Counts pixels of a picture, to tell what was drawn where. */
final class Pixels {
    private Pixels() {
    }

    /** Pixels in [x0, x1) x [y0, y1) that are not white. */
    static int nonWhite(BufferedImage img, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    n++;
                }
            }
        }
        return n;
    }

    /**
     * The smallest box holding every pixel that is not white.
     *
     * @return {x0, y0, x1, y1}, inclusive; {width, height, -1, -1} for a white image
     */
    static int[] drawnBox(BufferedImage img) {
        int[] b = {img.getWidth(), img.getHeight(), -1, -1};
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) != 0xffffff) {
                    b[0] = Math.min(b[0], x);
                    b[1] = Math.min(b[1], y);
                    b[2] = Math.max(b[2], x);
                    b[3] = Math.max(b[3], y);
                }
            }
        }
        return b;
    }

    /** Pixels of the whole image within {@code tolerance} of {@code colour} in every channel. */
    static int near(BufferedImage img, Color colour, int tolerance) {
        int n = 0;
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                Color c = new Color(img.getRGB(x, y));
                if (Math.abs(c.getRed() - colour.getRed()) <= tolerance
                        && Math.abs(c.getGreen() - colour.getGreen()) <= tolerance
                        && Math.abs(c.getBlue() - colour.getBlue()) <= tolerance) {
                    n++;
                }
            }
        }
        return n;
    }

    /** Pixels in [x0, x1) x [y0, y1) that differ between two images of the same size. */
    static int differing(BufferedImage a, BufferedImage b, int x0, int y0, int x1, int y1) {
        int n = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                if (a.getRGB(x, y) != b.getRGB(x, y)) {
                    n++;
                }
            }
        }
        return n;
    }
}

package io.github.cola4j.cola.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinePlotTest {

    @Test
    void writesADecodablePngOfTheRequestedSize(@TempDir Path dir) throws IOException {
        double[] x = new double[50];
        double[] y1 = new double[50];
        double[] y2 = new double[50];
        for (int i = 0; i < 50; i++) {
            x[i] = i;
            y1[i] = Math.exp(-i / 10.0);
            y2[i] = i == 20 ? Double.NaN : 0.5 + 0.3 * Math.sin(i / 5.0);
        }
        Path f = dir.resolve("curves.png");
        new LinePlot("Two curves", "step", "value").legend(LinePlot.Legend.LOWER_LEFT).add("decay", x, y1).add("wave", x, y2, true).write(f, 640, 360);
        BufferedImage img = ImageIO.read(f.toFile());
        assertNotNull(img);
        assertEquals(640, img.getWidth());
        assertEquals(360, img.getHeight());
        // something other than the white background was drawn in the plot area
        int nonWhite = 0;
        for (int py = 0; py < 360; py += 2) {
            for (int px = 0; px < 640; px += 2) {
                if ((img.getRGB(px, py) & 0xffffff) != 0xffffff) {
                    nonWhite++;
                }
            }
        }
        assertNotEquals(0, nonWhite);
        // empty plots and constant series still render
        new LinePlot("empty", "x", "y").write(dir.resolve("e.png"), 300, 200);
        new LinePlot("flat", "x", "y").add("c", new double[] {1}, new double[] {3}).write(dir.resolve("c.png"), 300, 200);
        assertEquals(300, ImageIO.read(dir.resolve("c.png").toFile()).getWidth());
        assertThrows(IllegalArgumentException.class, () -> new LinePlot("t", "x", "y").add("a", x, new double[3]));
    }

    @Test
    void ticksAreNice() {
        assertArrayEquals(new double[] {0, 1, 0.2}, LinePlot.niceRange(0.03, 0.97), 1e-12);
        assertArrayEquals(new double[] {0, 100, 20}, LinePlot.niceRange(1, 100), 1e-12);
        assertEquals("0.25", LinePlot.format(0.25, 0.05));
        assertEquals("100", LinePlot.format(100, 20));
        assertEquals(0.5, LinePlot.niceRange(0, 2.6)[2], 1e-12);
    }
}

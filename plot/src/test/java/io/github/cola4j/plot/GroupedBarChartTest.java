package io.github.cola4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupedBarChartTest {
    private static final Color THIRD = new Color(86, 140, 200);

    /** Rows from the top at which a column holds the colour, -1 if none. */
    private static int topOf(BufferedImage img, Color c) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if (img.getRGB(x, y) == c.getRGB()) {
                    return y;
                }
            }
        }
        return -1;
    }

    @Test
    void aSeriesBarsRiseWithItsValues(@TempDir Path dir) throws IOException {
        List<String> groups = List.of("language", "speaker");
        List<String> series = List.of("hand-made", "random", "COLA");
        BufferedImage low = GroupedBarChart.render("t", groups, series, new double[][] {{0.5, 0.2, 0.3}, {0.4, 0.1, 0.2}});
        BufferedImage high = GroupedBarChart.render("t", groups, series, new double[][] {{0.5, 0.2, 0.9}, {0.4, 0.1, 0.8}});
        int lowTop = topOf(low, THIRD);
        int highTop = topOf(high, THIRD);
        assertTrue(lowTop > 0 && highTop > 0, lowTop + " " + highTop);
        assertTrue(highTop < lowTop - 100, "a 90 % bar reaches far higher than a 30 % one: " + highTop + " vs " + lowTop);
        Path png = dir.resolve("g.png");
        GroupedBarChart.write(png, "t", groups, series, new double[][] {{0.5, Double.NaN, 0.3}, {0.4, 0.1, 0.2}});
        BufferedImage read = ImageIO.read(png.toFile());
        assertEquals(GroupedBarChart.WIDTH, read.getWidth());
        assertThrows(IllegalArgumentException.class,
                () -> GroupedBarChart.render("t", groups, series, new double[][] {{0.5, 0.2}}));
    }
}

package io.github.cola4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
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

class BarChartTest {
    private static final Color SECOND_BAR = new Color(86, 140, 200);
    private static final Color CHANCE = new Color(200, 40, 40);

    @Test
    void writesAPngInPlaceCreatingTheFolder(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("results");
        Path png = folder.resolve("chart.png");
        BarChart.write(png, "accuracy", List.of("random encoder", "pre-trained"), new double[] {0.25, 0.8}, 0.125);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertEquals(BarChart.WIDTH, img.getWidth());
        assertEquals(BarChart.HEIGHT, img.getHeight());
        assertEquals(900, BarChart.WIDTH);
        assertEquals(520, BarChart.HEIGHT);
        // written again over the old file, leaving nothing else behind
        BarChart.write(png, "accuracy", List.of("a", "b", "c"), new double[] {0.1, 0.5, Double.NaN}, 0);
        assertNotNull(ImageIO.read(png.toFile()));
        assertEquals(List.of(png), PngTest.listing(folder));
    }

    @Test
    void barHeightsFollowTheValuesAndTheChanceLineIsDrawn() {
        BufferedImage low = BarChart.render("t", List.of("a", "b"), new double[] {0.5, 0.2}, 0);
        BufferedImage high = BarChart.render("t", List.of("a", "b"), new double[] {0.5, 0.8}, 0);
        int lowArea = Pixels.near(low, SECOND_BAR, 2);
        int highArea = Pixels.near(high, SECOND_BAR, 2);
        assertTrue(lowArea > 1000, "bar area " + lowArea);
        // the same bar width, so the area is proportional to the height: 4 times as tall
        assertEquals(4.0, highArea / (double) lowArea, 0.1);
        assertEquals(0, Pixels.near(high, CHANCE, 2));
        assertTrue(Pixels.near(BarChart.render("t", List.of("a", "b"), new double[] {0.5, 0.8}, 0.125), CHANCE, 2)
                > 100);
        // values beyond [0, 1] are clamped, a non-finite one draws no bar
        BufferedImage clamped = BarChart.render("t", List.of("a", "b"), new double[] {0.5, 7}, 0);
        BufferedImage full = BarChart.render("t", List.of("a", "b"), new double[] {0.5, 1}, 0);
        assertEquals(Pixels.near(full, SECOND_BAR, 2), Pixels.near(clamped, SECOND_BAR, 2));
        BufferedImage missing = BarChart.render("t", List.of("a", "b"), new double[] {0.5, Double.NaN}, 0);
        assertEquals(0, Pixels.near(missing, SECOND_BAR, 2));
    }

    @Test
    void everyBarNeedsALabel() {
        assertThrows(IllegalArgumentException.class, () -> BarChart.render("t", List.of("a"), new double[2], 0));
    }
}

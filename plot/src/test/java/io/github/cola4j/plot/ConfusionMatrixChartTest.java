package io.github.cola4j.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.cola.eval.ClassificationReport;
import java.awt.Color;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfusionMatrixChartTest {

    @Test
    void writesADecodablePngOfTheDocumentedSize(@TempDir Path dir) throws Exception {
        List<String> names = List.of("Electronic", "Experimental", "Folk", "Hip-Hop", "Instrumental",
                "International", "Pop", "Rock with a very long genre name indeed");
        int[] labels = new int[80];
        int[] predicted = new int[80];
        for (int i = 0; i < 80; i++) {
            labels[i] = i % 8;
            predicted[i] = i < 40 ? i % 8 : (i * 3) % 8;
        }
        ClassificationReport r = ClassificationReport.of(labels, predicted, names);
        Path png = dir.resolve("sub/confusion.png");
        ConfusionMatrixChart.write(r, "test confusion", png);
        assertTrue(Files.size(png) > 1000);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        Dimension d = ConfusionMatrixChart.size(8);
        assertEquals(d.width, img.getWidth());
        assertEquals(d.height, img.getHeight());
        int cell = ConfusionMatrixChart.cellSize(8);
        assertEquals(56, cell);
        assertEquals(170 + 8 * 56 + 24 + 18 + 70, d.width);
        assertEquals(50 + 8 * 56 + 150, d.height);

        // the cell with the largest count is the darkest colour, an empty cell white (sampled off the text)
        int[][] m = r.confusion();
        int bi = 0;
        int bj = 0;
        int zi = -1;
        int zj = -1;
        for (int i = 0; i < 8; i++) {
            for (int j = 0; j < 8; j++) {
                if (m[i][j] > m[bi][bj]) {
                    bi = i;
                    bj = j;
                }
                if (m[i][j] == 0 && zi < 0) {
                    zi = i;
                    zj = j;
                }
            }
        }
        assertEquals(ConfusionMatrixChart.colour(1).getRGB(), img.getRGB(170 + bj * cell + 3, 50 + bi * cell + 3));
        assertEquals(ConfusionMatrixChart.colour(0).getRGB(), img.getRGB(170 + zj * cell + 3, 50 + zi * cell + 3));
        Color dark = new Color(img.getRGB(170 + bj * cell + 3, 50 + bi * cell + 3));
        assertTrue(dark.getBlue() > dark.getRed() + 50);

        // written again over the old file, leaving nothing else behind
        ConfusionMatrixChart.write(r, null, png);
        assertNotNull(ImageIO.read(png.toFile()));
        assertEquals(List.of(png), PngTest.listing(png.getParent()));
    }

    @Test
    void theMatrixMustBeSquareWithANamePerClass() {
        assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrixChart.render(new int[][] {{1, 2}, {3}}, List.of("a", "b"), "t"));
        assertThrows(IllegalArgumentException.class,
                () -> ConfusionMatrixChart.render(new int[][] {{1, 2}, {3, 4}}, List.of("a"), "t"));
        assertThrows(IllegalArgumentException.class, () -> ConfusionMatrixChart.render(new int[0][], List.of(), "t"));
    }
}

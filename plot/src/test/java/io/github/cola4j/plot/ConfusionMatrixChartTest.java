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
        Dimension d = ConfusionMatrixChart.size(names, "test confusion");
        assertEquals(d.width, img.getWidth());
        assertEquals(d.height, img.getHeight());
        int cell = ConfusionMatrixChart.cellSize(8);
        assertEquals(56, cell);
        // the long name fills the widest margins allowed (and is shortened to fit them)
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
    void aTwoClassMatrixFillsItsPicture(@TempDir Path dir) throws Exception {
        assertEquals(120, ConfusionMatrixChart.cellSize(2));
        assertEquals(80, ConfusionMatrixChart.cellSize(3));
        assertEquals(56, ConfusionMatrixChart.cellSize(5));
        assertEquals(18, ConfusionMatrixChart.cellSize(60));
        List<String> names = List.of("Hip-Hop", "Rock");
        ClassificationReport r = ClassificationReport.of(new int[] {0, 0, 0, 1, 1, 1, 1, 0},
                new int[] {0, 1, 0, 1, 1, 0, 1, 0}, names);
        Path png = dir.resolve("two.png");
        String title = "genre-finetune: test accuracy 75.0 %";
        ConfusionMatrixChart.write(r, title, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(ConfusionMatrixChart.size(names, title), new Dimension(img.getWidth(), img.getHeight()));
        // short names need narrow margins: the image is not much larger than the grid of 2 x 120 pixels
        assertTrue(img.getWidth() < 480 && img.getHeight() < 420, img.getWidth() + " x " + img.getHeight());
        // the grid is most of the picture, and what is drawn reaches close to every edge
        assertTrue(240.0 * 240 / (img.getWidth() * img.getHeight()) > 0.3, img.getWidth() + " x " + img.getHeight());
        int[] box = Pixels.drawnBox(img);
        assertTrue(box[0] < 20 && box[1] < 30 && box[2] > img.getWidth() - 50 && box[3] > img.getHeight() - 25,
                java.util.Arrays.toString(box) + " in " + img.getWidth() + " x " + img.getHeight());
        // the title fits: nothing is drawn in the outermost columns
        assertEquals(0, Pixels.nonWhite(img, 0, 0, 4, img.getHeight()));
        assertEquals(0, Pixels.nonWhite(img, img.getWidth() - 4, 0, img.getWidth(), img.getHeight()));
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

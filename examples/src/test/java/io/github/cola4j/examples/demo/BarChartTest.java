package io.github.cola4j.examples.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BarChartTest {

    private static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void writesAPngInPlaceCreatingTheFolder(@TempDir Path dir) throws IOException {
        Path folder = dir.resolve("results");
        Path png = folder.resolve("chart.png");
        BarChart.write(png, "accuracy", List.of("random encoder", "pre-trained"), new double[] {0.25, 0.8}, 0.125);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertEquals(900, img.getWidth());
        assertEquals(520, img.getHeight());
        // written again over the old file, leaving nothing else behind
        BarChart.write(png, "accuracy", List.of("a", "b", "c"), new double[] {0.1, 0.5, Double.NaN}, 0);
        assertNotNull(ImageIO.read(png.toFile()));
        assertEquals(List.of(png), listing(folder));
    }

    @Test
    void aFormatWithoutWriterFailsAndLeavesTheOldFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chart.img");
        byte[] old = "old chart".getBytes(StandardCharsets.UTF_8);
        Files.write(file, old);
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        IOException e = assertThrows(IOException.class, () -> BarChart.writeImage(file, img, "no-such-format"));
        assertTrue(e.getMessage().contains("no-such-format") && e.getMessage().contains(file.toString()),
                e.getMessage());
        assertArrayEquals(old, Files.readAllBytes(file));
        assertEquals(List.of(file), listing(dir));
    }
}

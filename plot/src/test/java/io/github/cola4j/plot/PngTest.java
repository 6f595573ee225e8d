package io.github.cola4j.plot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.GraphicsEnvironment;
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

class PngTest {

    static List<Path> listing(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }

    @Test
    void replacesTheFileWithTheDecodableImageAndLeavesNothingElse(@TempDir Path dir) throws IOException {
        // the build runs these tests headless: nothing here needs a display
        assertTrue(GraphicsEnvironment.isHeadless());
        Path file = dir.resolve("new/folder/pixel.png");
        BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        img.setRGB(2, 1, 0x123456);
        Png.write(file, img);
        Files.writeString(file, "old picture");
        Png.write(file, img);
        BufferedImage back = ImageIO.read(file.toFile());
        assertNotNull(back);
        assertEquals(3, back.getWidth());
        assertEquals(0x123456, back.getRGB(2, 1) & 0xffffff);
        assertEquals(List.of(file), listing(file.getParent()));
    }

    @Test
    void aFormatWithoutWriterFailsAndLeavesTheOldFile(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("chart.img");
        byte[] old = "old chart".getBytes(StandardCharsets.UTF_8);
        Files.write(file, old);
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        IOException e = assertThrows(IOException.class, () -> Png.write(file, img, "no-such-format"));
        assertTrue(e.getMessage().contains("no-such-format") && e.getMessage().contains(file.toString()),
                e.getMessage());
        assertArrayEquals(old, Files.readAllBytes(file));
        assertEquals(List.of(file), listing(dir));
    }
}

package io.github.cola4j.plot;

import io.github.cola4j.tensor.io.AtomicFile;
import java.awt.image.RenderedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * Writes images as PNG files atomically: the image is encoded in memory, then written to a temporary file in the
 * same folder and renamed over the target, so readers see the old file or the complete new one, never a
 * half-written one.
 */
public final class Png {
    private Png() {
    }

    /**
     * Encodes {@code image} as PNG and replaces {@code file} with it.
     *
     * @param file the PNG file to write, replaced if it exists; missing parent folders are created
     * @param image the picture to encode
     * @throws IOException if the file cannot be written, or no PNG writer is available (nothing is written then)
     */
    public static void write(Path file, RenderedImage image) throws IOException {
        write(file, image, "png");
    }

    /** As {@link #write(Path, RenderedImage)} in any format ImageIO knows; a format without writer fails early. */
    static void write(Path file, RenderedImage image, String format) throws IOException {
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

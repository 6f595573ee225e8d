package io.github.cola4j.audio;

import io.github.cola4j.tensor.io.Npy;
import io.github.cola4j.tensor.io.NpyArray;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;

/** Access to the files written by {@code src/test/python/make_fixtures.py}. */
final class Fixtures {

    private Fixtures() {
    }

    static Path path(String name) {
        URL url = Fixtures.class.getResource("/fixtures/" + name);
        if (url == null) {
            throw new IllegalStateException("missing fixture " + name + " (run src/test/python/make_fixtures.py)");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static NpyArray npy(String name) {
        try {
            return Npy.read(path(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static float[] floats(String name) {
        return npy(name).toFloats();
    }
}

package io.github.cola4j.examples.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.autograd.Autograd;
import io.github.cola4j.autograd.Variable;
import io.github.cola4j.cola.EncoderDescription;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.io.ModelFiles;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.io.Npy;
import io.github.cola4j.tensor.io.NpyArray;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs {@code forward} on the EfficientNet-B0 fixtures of the nn module (made by
 * nn/src/test/python/make_fixtures.py) and compares with PyTorch's outputs, norm-relative error.
 */
class ForwardCommandTest {
    static Path fixtures;

    @TempDir
    Path dir;

    private final StringWriter err = new StringWriter();
    private final StringWriter out = new StringWriter();

    @BeforeAll
    static void locate() {
        // surefire runs in the module directory; the fixtures live in the sibling nn module
        fixtures = Path.of("").toAbsolutePath().resolveSibling("nn").resolve("src/test/resources/fixtures");
        assertTrue(Files.isRegularFile(fixtures.resolve("efficientnet_b0.safetensors")), "fixtures not found in " + fixtures);
    }

    private int run(String... args) {
        CommandLine cl = Cola4jCli.commandLine();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(out, true));
        String[] all = new String[args.length + 1];
        all[0] = "forward";
        System.arraycopy(args, 0, all, 1, args.length);
        return cl.execute(all);
    }

    private static double relError(float[] a, float[] b) {
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += ((double) a[i] - b[i]) * ((double) a[i] - b[i]);
            den += (double) b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    private void matches(String pooling, String reference) throws IOException {
        matches(pooling, reference, "cpu");
    }

    private void matches(String pooling, String reference, String backend) throws IOException {
        Path y = dir.resolve("y_" + pooling + "_" + backend + ".npy");
        int code = run("--weights", fixtures.resolve("efficientnet_b0.safetensors").toString(),
                "--input", fixtures.resolve("input.npy").toString(), "--output", y.toString(), "--pooling", pooling,
                "--backend", backend);
        assertEquals(0, code, err.toString());
        NpyArray got = Npy.read(y);
        NpyArray want = Npy.read(fixtures.resolve(reference + ".npy"));
        assertEquals(NpyArray.DType.FLOAT32, got.dtype());
        assertArrayEquals(new long[] {2, 1280}, got.shape());
        double e = relError(got.floats(), want.floats());
        System.out.printf("forward --pooling %s --backend %s: relative error %.3e (%s)%n", pooling, backend, e,
                out.toString().lines().findFirst().orElse(""));
        assertTrue(e <= 1e-4, "relative error " + e);
    }

    @Test
    void openClMatchesPyTorch() throws IOException {
        matches("avg", "eval_avg", "opencl");
        matches("max", "eval_max", "opencl");
        // In CI an OpenCL platform (PoCL) is installed, so this must really have run there, not on the fallback.
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertTrue(out.toString().contains("running on opencl"), out.toString());
        }
    }

    @Test
    void averagePoolingMatchesPyTorch() throws IOException {
        matches("avg", "eval_avg");
    }

    @Test
    void maxPoolingMatchesPyTorch() throws IOException {
        matches("max", "eval_max");
    }

    @Test
    void missingWeightsFile() {
        Path w = dir.resolve("absent.safetensors");
        int code = run("--weights", w.toString(), "--input", fixtures.resolve("input.npy").toString(),
                "--output", dir.resolve("y.npy").toString());
        assertEquals(1, code);
        assertTrue(err.toString().startsWith("cola4j forward: ") && err.toString().contains("absent.safetensors"),
                err.toString());
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertFalse(Files.exists(dir.resolve("y.npy")));
    }

    @Test
    void corruptWeightsFile() throws IOException {
        byte[] all = Files.readAllBytes(fixtures.resolve("efficientnet_b0.safetensors"));
        Path w = dir.resolve("cut.safetensors");
        Files.write(w, Arrays.copyOf(all, all.length / 2));
        int code = run("--weights", w.toString(), "--input", fixtures.resolve("input.npy").toString(),
                "--output", dir.resolve("y.npy").toString());
        assertEquals(1, code);
        assertTrue(err.toString().contains("cut.safetensors"), err.toString());
        assertFalse(Files.exists(dir.resolve("y.npy")));
    }

    @Test
    void wrongInputShape() throws IOException {
        Path x = dir.resolve("x5.npy");
        Npy.write(x, new float[2 * 98 * 64], 1, 2, 1, 98, 64);
        int code = run("--weights", fixtures.resolve("efficientnet_b0.safetensors").toString(), "--input", x.toString(),
                "--output", dir.resolve("y.npy").toString());
        assertEquals(1, code);
        assertTrue(err.toString().contains("x5.npy") && err.toString().contains("[N, C, T, F], [N, T, F] or [T, F]"),
                err.toString());
        Npy.write(x, new float[2 * 2 * 98 * 64], 2, 2, 98, 64);
        assertEquals(1, run("--weights", fixtures.resolve("efficientnet_b0.safetensors").toString(), "--input",
                x.toString(), "--output", dir.resolve("y.npy").toString()));
        assertTrue(err.toString().contains("2 input channel(s), the encoder takes 1"), err.toString());
        assertFalse(Files.exists(dir.resolve("y.npy")));
    }

    @Test
    void aDescribedReducedEncoderRunsOnMelOutput() throws IOException {
        // a train-encoder style file: a width-0.25 encoder whose metadata says what it is
        EncoderDescription d = new EncoderDescription(0.25, 0.34, 1, EfficientNetConfig.Pooling.MAX,
                LogMelPreset.COLA_PYTORCH, 32);
        Randomness.seed(3);
        EfficientNet net = new EfficientNet(d.config(0));
        Path w = dir.resolve("small.safetensors");
        ModelFiles.save(net, w, d.toMetadata());
        float[] clip = new float[40 * 64];
        for (int i = 0; i < clip.length; i++) {
            clip[i] = (float) Math.sin(i * 0.37);
        }
        Path x2 = dir.resolve("clip.npy");
        Npy.write(x2, clip, 40, 64);
        Path y2 = dir.resolve("y2.npy");
        assertEquals(0, run("--weights", w.toString(), "--input", x2.toString(), "--output", y2.toString()),
                err.toString());
        NpyArray got = Npy.read(y2);
        assertArrayEquals(new long[] {1, d.embeddingWidth()}, got.shape());
        net.eval();
        float[] want;
        try (var s = Autograd.noGrad()) {
            want = net.forward(Variable.constant(Tensor.of(clip, 1, 1, 40, 64))).value().toFloatArray();
        }
        assertTrue(relError(got.floats(), want) <= 1e-5, "relative error " + relError(got.floats(), want));
        // the same clip as a batch [N, T, F] gives the same row
        Path x3 = dir.resolve("batch.npy");
        Npy.write(x3, clip, 1, 40, 64);
        Path y3 = dir.resolve("y3.npy");
        assertEquals(0, run("--weights", w.toString(), "--input", x3.toString(), "--output", y3.toString()),
                err.toString());
        assertArrayEquals(got.floats(), Npy.read(y3).floats());
    }

    @Test
    void aMismatchNamesACountAndTheFirstKeysOnly() throws IOException {
        // undescribed weights of a reduced encoder are taken as B0: hundreds of keys do not fit
        Path w = dir.resolve("undescribed.safetensors");
        ModelFiles.save(new EfficientNet(new EfficientNetConfig(0.25, 0.34, 1, 0, EfficientNetConfig.Pooling.AVG)), w);
        assertEquals(1, run("--weights", w.toString(), "--input", fixtures.resolve("input.npy").toString(),
                "--output", dir.resolve("y.npy").toString()));
        String e = err.toString();
        assertTrue(e.contains("undescribed.safetensors") && e.contains("more"), e);
        assertTrue(e.length() < 2000, e.length() + " characters: " + e);
    }

    @Test
    void corruptInputAndBadPooling() throws IOException {
        Path x = dir.resolve("junk.npy");
        Files.writeString(x, "not numpy");
        assertEquals(1, run("--weights", fixtures.resolve("efficientnet_b0.safetensors").toString(), "--input",
                x.toString(), "--output", dir.resolve("y.npy").toString()));
        assertTrue(err.toString().contains("junk.npy"), err.toString());
        assertTrue(err.toString().startsWith("cola4j forward: ") && err.toString().contains("junk.npy"),
                err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("--weights", "w", "--input", "x", "--output", "y", "--pooling", "median"));
        assertEquals(List.of("cola4j forward: Invalid value for option '--pooling': 'median' (expected avg or max)",
                "Try 'cola4j forward --help' for more information."), err.toString().lines().toList());
    }
}

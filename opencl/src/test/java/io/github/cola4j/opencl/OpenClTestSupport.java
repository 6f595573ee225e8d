package io.github.cola4j.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;

/**
 * One OpenCL backend per test JVM (PoCL compiles the program in seconds; build it once). Without an OpenCL
 * device the tests are skipped with a message, except in CI ({@code CI=true}), where they fail: CI must run them.
 */
final class OpenClTestSupport {
    private static OpenClBackend backend;
    private static String unavailable;

    private OpenClTestSupport() {
    }

    static boolean inCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    static synchronized OpenClBackend backend() {
        if (backend == null && unavailable == null) {
            try {
                backend = OpenClBackend.create(false, System.getProperty(BackendSelector.DEVICE_PROPERTY, ""));
                System.out.println("OpenCL tests run on " + backend.deviceDescription());
            } catch (OpenClUnavailableException e) {
                unavailable = e.getMessage();
            }
        }
        if (backend == null) {
            String msg = "no usable OpenCL platform: " + unavailable;
            if (inCi()) {
                fail("CI=true requires the OpenCL tests to run, but there is " + msg);
            }
            Assumptions.abort("OpenCL tests skipped: " + msg);
        }
        return backend;
    }

    static Tensor random(Random rnd, int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return Tensor.wrap(Backends.cpu().fromHost(io.github.cola4j.tensor.DType.FLOAT32, v), shape);
    }

    static Tensor positive(Random rnd, int... shape) {
        return random(rnd, shape).abs().add(0.1);
    }

    /** Norm-wise relative error: max |got - want| / max |want| (with a floor for all-zero references). */
    static double relError(Tensor got, Tensor want) {
        assertArrayEquals(want.shape(), got.shape(), "shapes");
        float[] g = got.toFloatArray();
        float[] w = want.toFloatArray();
        double diff = 0;
        double scale = 0;
        for (int i = 0; i < w.length; i++) {
            boolean bothNaN = Float.isNaN(g[i]) && Float.isNaN(w[i]);
            if (!bothNaN) {
                diff = Math.max(diff, Math.abs((double) g[i] - w[i]));
                if (Float.isNaN(g[i]) || Float.isNaN(w[i])) {
                    diff = Double.POSITIVE_INFINITY;
                }
            }
            if (!Float.isNaN(w[i]) && !Float.isInfinite(w[i])) {
                scale = Math.max(scale, Math.abs(w[i]));
            }
        }
        return diff / Math.max(scale, 1e-6);
    }

    static void assertClose(Tensor got, Tensor want, String what) {
        double e = relError(got, want);
        if (!(e <= 1e-4)) {
            fail(what + ": relative error " + e + " > 1e-4 (shape " + java.util.Arrays.toString(want.shape()) + ")");
        }
    }

    static int between(Random rnd, int lo, int hi) {
        return lo + rnd.nextInt(hi - lo + 1);
    }
}

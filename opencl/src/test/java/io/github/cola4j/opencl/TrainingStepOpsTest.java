package io.github.cola4j.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.AdamCoefficients;
import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The fused ops a training step runs around the layers, on the device against the CPU backend: Adam over many
 * parameters of odd sizes in one launch (each kind of weight decay, several steps, a strided gradient, a float64
 * parameter that takes the host path), the sum of squares across chunk boundaries in one launch and one download,
 * scaling all gradients in one launch, and batch norm's running statistics in one launch.
 */
class TrainingStepOpsTest {
    /** Sizes around the work-group width and the sum-of-squares chunk, and a single element. */
    private static final int[][] SHAPES = {{1}, {3, 5}, {63}, {64}, {65}, {4095}, {64, 64}, {4097}, {7, 3, 3, 1},
        {3000, 4}};

    private static Tensor dev(Tensor cpu) {
        return cpu.to(OpenClTestSupport.backend());
    }

    /**
     * Adam with each work item walking {@code run} elements (0: the device's choice; 1: one element per item, as on
     * GPUs; 7: runs that cross from one parameter to the next).
     */
    @ParameterizedTest
    @CsvSource({"0, false, 0", "0.01, false, 1", "0.05, true, 7", "0, false, 7"})
    void adamUpdateMatchesTheCpu(double decay, boolean decoupled, int run) {
        OpenClBackend device = OpenClTestSupport.backend();
        device.segmentRun = run;
        try {
            adamUpdateMatchesTheCpu(device, decay, decoupled);
        } finally {
            device.segmentRun = 0;
        }
    }

    private static void adamUpdateMatchesTheCpu(OpenClBackend device, double decay, boolean decoupled) {
        Random rnd = new Random(17);
        AdamCoefficients c = new AdamCoefficients(1e-2, 0.9, 0.999, 1e-8, decay, decoupled);
        int n = SHAPES.length;
        Tensor[] cp = new Tensor[n];
        Tensor[] cm = new Tensor[n];
        Tensor[] cv = new Tensor[n];
        Tensor[] dp = new Tensor[n];
        Tensor[] dm = new Tensor[n];
        Tensor[] dv = new Tensor[n];
        for (int i = 0; i < n; i++) {
            cp[i] = OpenClTestSupport.random(rnd, SHAPES[i]);
            cm[i] = Tensor.wrap(Backends.cpu().allocate(DType.FLOAT32, cp[i].size()), SHAPES[i]);
            cv[i] = Tensor.wrap(Backends.cpu().allocate(DType.FLOAT32, cp[i].size()), SHAPES[i]);
            dp[i] = dev(cp[i]);
            dm[i] = dev(cm[i]);
            dv[i] = dev(cv[i]);
        }
        // one float64 parameter among them: it stays on the host and takes the composed update
        cp[2] = cp[2].to(DType.FLOAT64);
        cm[2] = cm[2].to(DType.FLOAT64);
        cv[2] = cv[2].to(DType.FLOAT64);
        dp[2] = dp[2].to(DType.FLOAT64);
        dm[2] = dm[2].to(DType.FLOAT64);
        dv[2] = dv[2].to(DType.FLOAT64);
        for (long t = 1; t <= 3; t++) {
            Tensor[] cg = new Tensor[n];
            Tensor[] dg = new Tensor[n];
            for (int i = 0; i < n; i++) {
                cg[i] = OpenClTestSupport.random(rnd, SHAPES[i]).to(cp[i].dtype());
                dg[i] = dev(cg[i]);
            }
            // a transposed gradient view: the device makes it dense before the launch
            cg[6] = cg[6].t().contiguous().t();
            dg[6] = dev(cg[6].t().contiguous()).t();
            // parameters count their own updates: give each a different t
            long[] steps = new long[n];
            for (int i = 0; i < n; i++) {
                steps[i] = t + 3L * i;
            }
            Backends.cpu().adamUpdate(List.of(cp), List.of(cg), List.of(cm), List.of(cv), steps, c);
            OpenClBackend.Stats a = device.stats();
            device.adamUpdate(List.of(dp), List.of(dg), List.of(dm), List.of(dv), steps, c);
            OpenClBackend.Stats b = device.stats();
            assertEquals(0, b.uploads() - a.uploads(), "uploads");
            assertEquals(0, b.downloads() - a.downloads(), "downloads");
            // the dense copy of the transposed gradient, then one launch for all float32 parameters
            assertEquals(2, b.launches() - a.launches(), "launches");
            for (int i = 0; i < n; i++) {
                String what = "step " + t + ", parameter " + i + " of shape " + Arrays.toString(SHAPES[i]);
                assertTrue(OpenClTestSupport.relError(dp[i].to(Backends.cpu()).to(DType.FLOAT32),
                        cp[i].to(DType.FLOAT32)) <= 1e-5, what);
                assertTrue(OpenClTestSupport.relError(dm[i].to(Backends.cpu()).to(DType.FLOAT32),
                        cm[i].to(DType.FLOAT32)) <= 1e-5, "first moment, " + what);
                assertTrue(OpenClTestSupport.relError(dv[i].to(Backends.cpu()).to(DType.FLOAT32),
                        cv[i].to(DType.FLOAT32)) <= 1e-5, "second moment, " + what);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1", "3", "10"})
    void sumOfSquaresMatchesTheCpu(int count) {
        OpenClBackend device = OpenClTestSupport.backend();
        Random rnd = new Random(count);
        Tensor[] c = new Tensor[count];
        Tensor[] d = new Tensor[count];
        for (int i = 0; i < count; i++) {
            c[i] = OpenClTestSupport.random(rnd, SHAPES[SHAPES.length - 1 - i]);
            d[i] = dev(c[i]);
        }
        if (count > 1) {
            d[0] = d[0].t();
            c[0] = c[0].t();
        }
        double want = Backends.cpu().sumOfSquares(List.of(c));
        OpenClBackend.Stats a = device.stats();
        double got = device.sumOfSquares(List.of(d));
        OpenClBackend.Stats b = device.stats();
        assertEquals(want, got, 1e-5 * want, count + " tensors");
        assertEquals(1, b.downloads() - a.downloads(), "downloads: the partial sums once");
        assertTrue(b.launches() - a.launches() <= 3, "launches: " + (b.launches() - a.launches()));
    }

    /** scaleAll with each work item walking {@code run} elements, as for Adam. */
    @ParameterizedTest
    @CsvSource({"0", "1", "7"})
    void scaleAllMatchesTheCpuInOneLaunch(int run) {
        OpenClBackend device = OpenClTestSupport.backend();
        device.segmentRun = run;
        try {
            scaleAllMatchesTheCpuInOneLaunch(device);
        } finally {
            device.segmentRun = 0;
        }
    }

    private static void scaleAllMatchesTheCpuInOneLaunch(OpenClBackend device) {
        Random rnd = new Random(5);
        Tensor[] c = new Tensor[SHAPES.length];
        Tensor[] d = new Tensor[SHAPES.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = OpenClTestSupport.random(rnd, SHAPES[i]);
            d[i] = dev(c[i]);
        }
        List<Tensor> want = Backends.cpu().scaleAll(List.of(c), 0.37);
        OpenClBackend.Stats a = device.stats();
        List<Tensor> got = device.scaleAll(List.of(d), 0.37);
        OpenClBackend.Stats b = device.stats();
        assertEquals(1, b.launches() - a.launches(), "launches");
        for (int i = 0; i < c.length; i++) {
            assertArrayEquals(want.get(i).shape(), got.get(i).shape());
            assertTrue(OpenClTestSupport.relError(got.get(i).to(Backends.cpu()), want.get(i)) <= 1e-6,
                    "tensor " + i);
            // the inputs are left alone
            assertTrue(OpenClTestSupport.relError(d[i].to(Backends.cpu()), c[i]) == 0, "input " + i);
        }
    }

    @ParameterizedTest
    @CsvSource({"1, 0.1, 2", "3, 0.1, 6272", "97, 0.01, 5"})
    void batchNormRunningStatsMatchTheCpuInOneLaunch(int channels, double momentum, double count) {
        OpenClBackend device = OpenClTestSupport.backend();
        Random rnd = new Random(channels);
        Tensor rm = OpenClTestSupport.random(rnd, channels);
        Tensor rv = OpenClTestSupport.positive(rnd, channels);
        Tensor mean = OpenClTestSupport.random(rnd, channels);
        Tensor var = OpenClTestSupport.positive(rnd, channels);
        Tensor drm = dev(rm);
        Tensor drv = dev(rv);
        Backends.cpu().batchNormRunningStats(rm, rv, mean, var, momentum, count);
        OpenClBackend.Stats a = device.stats();
        device.batchNormRunningStats(drm, drv, dev(mean), dev(var), momentum, count);
        OpenClBackend.Stats b = device.stats();
        assertEquals(1, b.launches() - a.launches() - 2, "launches besides the two uploads");
        assertTrue(OpenClTestSupport.relError(drm.to(Backends.cpu()), rm) <= 1e-6, "running mean");
        assertTrue(OpenClTestSupport.relError(drv.to(Backends.cpu()), rv) <= 1e-6, "running variance");
    }

    @Test
    void backwardSeedsOnTheBackendOfTheValueWhateverTheDefault() {
        OpenClBackend device = OpenClTestSupport.backend();
        // the default backend stays the CPU: a model moved to the device must still backpropagate there
        io.github.cola4j.autograd.Variable p = io.github.cola4j.autograd.Variable.param(
                Tensor.of(new float[] {1, 2, 3}, 3).to(device));
        p.mul(2).slice(0, 1, 3).sum().backward();
        assertTrue(p.grad().backend() == device, "gradient left the device");
        assertArrayEquals(new float[] {0, 2, 2}, p.grad().toFloatArray());
    }
}

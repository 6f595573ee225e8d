package io.github.cola4j.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.AdamCoefficients;
import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The multi-tensor optimiser ops on the device against the CPU backend: Adam over many parameters of odd sizes
 * in one launch (each kind of weight decay, several steps, a strided gradient, a float64 parameter that takes
 * the host path), and the sum of squares across chunk boundaries in one launch and one download.
 */
class OptimizerOpsTest {
    /** Sizes around the work-group width and the sum-of-squares chunk, and a single element. */
    private static final int[][] SHAPES = {{1}, {3, 5}, {63}, {64}, {65}, {4095}, {64, 64}, {4097}, {7, 3, 3, 1},
        {3000, 4}};

    private static Tensor dev(Tensor cpu) {
        return cpu.to(OpenClTestSupport.backend());
    }

    @ParameterizedTest
    @CsvSource({"0, false", "0.01, false", "0.05, true"})
    void adamUpdateMatchesTheCpu(double decay, boolean decoupled) {
        OpenClBackend device = OpenClTestSupport.backend();
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
            Backends.cpu().adamUpdate(cp, cg, cm, cv, steps, c);
            OpenClBackend.Stats a = device.stats();
            device.adamUpdate(dp, dg, dm, dv, steps, c);
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
        double want = Backends.cpu().sumOfSquares(c);
        OpenClBackend.Stats a = device.stats();
        double got = device.sumOfSquares(d);
        OpenClBackend.Stats b = device.stats();
        assertEquals(want, got, 1e-5 * want, count + " tensors");
        assertEquals(1, b.downloads() - a.downloads(), "downloads: the partial sums once");
        assertTrue(b.launches() - a.launches() <= 3, "launches: " + (b.launches() - a.launches()));
    }
}

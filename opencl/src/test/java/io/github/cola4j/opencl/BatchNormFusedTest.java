package io.github.cola4j.opencl;

import static io.github.cola4j.opencl.OpenClTestSupport.assertClose;
import static io.github.cola4j.opencl.OpenClTestSupport.between;
import static io.github.cola4j.opencl.OpenClTestSupport.random;
import static io.github.cola4j.opencl.OpenClTestSupport.relError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.BatchNormGrads;
import io.github.cola4j.tensor.BatchNormResult;
import io.github.cola4j.tensor.Tensor;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Batch norm in training as one launch each way (a work group per channel computes the statistics and then
 * normalises the channel; the backward sums the gradients and then writes dx) gives what the two-launch kernels
 * and the CPU backend give, with and without SiLU, on odd shapes and batch 1.
 */
class BatchNormFusedTest {
    private final Backend cpu = Backends.cpu();

    /** {y, mean, invStd, variance, dx, dGamma, dBeta} of forward and backward on {@code b}. */
    private static Tensor[] step(Backend b, Tensor x, Tensor gamma, Tensor beta, Tensor g, boolean silu) {
        Tensor xd = x.to(b);
        Tensor gd = gamma.to(b);
        Tensor bd = beta.to(b);
        Tensor gg = g.to(b);
        BatchNormResult f = silu ? b.batchNormSiluTraining(xd, gd, bd, 1e-3) : b.batchNormTraining(xd, gd, bd, 1e-3);
        BatchNormGrads k = silu ? b.batchNormSiluBackward(gg, xd, f.mean(), f.invStd(), gd, bd)
                : b.batchNormBackward(gg, xd, f.mean(), f.invStd(), gd);
        return new Tensor[] {f.y(), f.mean(), f.invStd(), f.variance(), k.dx(), k.dGamma(), k.dBeta()};
    }

    @Test
    void oneLaunchEachWayMatchesTwoLaunchesAndTheCpu() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        String[] names = {"y", "mean", "invStd", "variance", "dx", "dGamma", "dBeta"};
        Random rnd = new Random(31);
        try {
            for (int trial = 0; trial < 8; trial++) {
                boolean silu = trial % 2 == 1;
                int n = trial < 2 ? 1 : between(rnd, 2, 5);
                int c = between(rnd, 1, 40);
                // planes from 1 element to more than a work group's 128 items per channel
                Tensor x = random(rnd, n, c, between(rnd, 1, 19), between(rnd, 1, 17)).mul(3).add(2);
                Tensor gamma = random(rnd, c).mul(2);
                Tensor beta = random(rnd, c);
                Tensor g = random(rnd, x.shape());
                Tensor[] want = step(cpu, x, gamma, beta, g, silu);

                // the one-launch kernels with a work group per channel sum in the order of the two-launch ones
                gpu.bnKernel = OpenClBackend.BN_GPU;
                gpu.bnTwoPass = true;
                OpenClBackend.Stats a = gpu.stats();
                Tensor[] two = step(gpu, x, gamma, beta, g, silu);
                OpenClBackend.Stats b = gpu.stats();
                gpu.bnTwoPass = false;
                Tensor[] one = step(gpu, x, gamma, beta, g, silu);
                OpenClBackend.Stats d = gpu.stats();
                // one work item per channel (CPU devices): one launch each way too, summing in its own order
                gpu.bnKernel = OpenClBackend.BN_CPU;
                Tensor[] rows = step(gpu, x, gamma, beta, g, silu);
                OpenClBackend.Stats f = gpu.stats();
                gpu.bnKernel = OpenClBackend.BN_AUTO;
                assertEquals(uploadsOf(d, f) + 2, f.launches() - d.launches(), "per-channel items: uploads + 1 + 1");
                assertEquals(2L, f.launchesByKernel().getOrDefault("bnForwardRows", 0L)
                        + f.launchesByKernel().getOrDefault("bnBackwardRows", 0L)
                        - d.launchesByKernel().getOrDefault("bnForwardRows", 0L)
                        - d.launchesByKernel().getOrDefault("bnBackwardRows", 0L), "per-channel kernels launched");
                // both runs upload the same four tensors
                long uploads = b.uploads() - a.uploads();
                assertEquals(uploads + 4, b.launches() - a.launches(), "two-launch kernels: uploads + 2 + 2");
                assertEquals(uploads + 2, d.launches() - b.launches(), "fused kernels: uploads + 1 + 1");
                assertEquals(a.totalRoundTrips(), d.totalRoundTrips(), "host round trips");
                String what = "trial " + trial + (silu ? " batch norm + SiLU " : " batch norm ")
                        + java.util.Arrays.toString(x.shape()) + " ";
                for (int i = 0; i < names.length; i++) {
                    assertClose(one[i], want[i], what + names[i] + " against the CPU");
                    double e = relError(one[i], two[i]);
                    assertTrue(e <= 1e-6, what + names[i] + " one launch against two: relative error " + e);
                    assertClose(rows[i], want[i], what + names[i] + " per-channel items against the CPU");
                }
            }
        } finally {
            gpu.bnTwoPass = false;
            gpu.bnKernel = OpenClBackend.BN_AUTO;
        }
    }

    private static long uploadsOf(OpenClBackend.Stats from, OpenClBackend.Stats to) {
        return to.uploads() - from.uploads();
    }
}

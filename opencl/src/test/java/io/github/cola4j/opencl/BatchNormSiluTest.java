package io.github.cola4j.opencl;

import static io.github.cola4j.opencl.OpenClTestSupport.assertClose;
import static io.github.cola4j.opencl.OpenClTestSupport.between;
import static io.github.cola4j.opencl.OpenClTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.Activation;
import io.github.cola4j.nn.BatchNorm2d;
import io.github.cola4j.nn.Sequential;
import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.BatchNormGrads;
import io.github.cola4j.tensor.BatchNormResult;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.UnaryOp;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Batch norm (training) fused with SiLU equals batch norm followed by SiLU, on the CPU and on OpenCL. */
class BatchNormSiluTest {
    private final Backend cpu = Backends.cpu();

    /** The unfused reference on the CPU: {y, mean, invStd, variance, dx, dGamma, dBeta}. */
    private Tensor[] unfused(Tensor x, Tensor gamma, Tensor beta, Tensor g) {
        BatchNormResult f = cpu.batchNormTraining(x, gamma, beta, 1e-3);
        Tensor pre = f.y();
        BatchNormGrads b = cpu.batchNormBackward(g.mul(pre.apply(UnaryOp.SILU_GRAD, 0, 0)), x, f.mean(),
                f.invStd(), gamma);
        return new Tensor[] {pre.silu(), f.mean(), f.invStd(), f.variance(), b.dx(), b.dGamma(), b.dBeta()};
    }

    private static void compare(BatchNormResult f, BatchNormGrads b, Tensor[] want, String where) {
        Tensor[] got = {f.y(), f.mean(), f.invStd(), f.variance(), b.dx(), b.dGamma(), b.dBeta()};
        String[] names = {"y", "mean", "invStd", "variance", "dx", "dGamma", "dBeta"};
        for (int i = 0; i < got.length; i++) {
            assertClose(got[i], want[i], where + " " + names[i]);
        }
    }

    @Test
    void fusedOpsMatchTheUnfusedPathOnBothBackends() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        // both backends fuse the pair; each fused kernel is compared with the unfused CPU ops
        assertTrue(gpu.fusesBatchNormSilu());
        assertTrue(cpu.fusesBatchNormSilu());
        Random rnd = new Random(21);
        for (int trial = 0; trial < 4; trial++) {
            int n = trial == 0 ? 1 : between(rnd, 2, 4);
            int c = between(rnd, 1, 70);
            Tensor x = random(rnd, n, c, between(rnd, 2, 15), between(rnd, 1, 15)).mul(3).add(2);
            Tensor gamma = random(rnd, c).mul(2);
            Tensor beta = random(rnd, c);
            Tensor g = random(rnd, x.shape());
            Tensor[] want = unfused(x, gamma, beta, g);

            BatchNormResult f = cpu.batchNormSiluTraining(x, gamma, beta, 1e-3);
            compare(f, cpu.batchNormSiluBackward(g, x, f.mean(), f.invStd(), gamma, beta), want, "cpu");

            Tensor xd = x.to(gpu);
            Tensor gd = gamma.to(gpu);
            Tensor bd = beta.to(gpu);
            Tensor gg = g.to(gpu);
            OpenClBackend.Stats before = gpu.stats();
            BatchNormResult fd = gpu.batchNormSiluTraining(xd, gd, bd, 1e-3);
            BatchNormGrads bk = gpu.batchNormSiluBackward(gg, xd, fd.mean(), fd.invStd(), gd, bd);
            OpenClBackend.Stats after = gpu.stats();
            assertEquals(2, after.launches() - before.launches(), "one launch forward, one backward");
            assertEquals(before.uploads(), after.uploads());
            assertEquals(before.totalRoundTrips(), after.totalRoundTrips());
            compare(fd, bk, want, "opencl");
        }
    }

    /** Sequential(BatchNorm2d, SiLU) in training takes the fused op on OpenCL and matches the CPU modules. */
    @Test
    void sequentialBatchNormSiluMatchesTheCpu() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        Random rnd = new Random(5);
        Tensor x = random(rnd, 3, 20, 7, 5).mul(2).add(1);
        Tensor w = random(rnd, 20);
        Tensor b = random(rnd, 20);
        Tensor g = random(rnd, 3, 20, 7, 5);
        Tensor[][] r = new Tensor[2][];
        Backend[] backends = {cpu, gpu};
        for (int k = 0; k < 2; k++) {
            Backend be = backends[k];
            BatchNorm2d bn = new BatchNorm2d(20);
            Sequential s = new Sequential(bn, Activation.silu());
            s.to(be);
            bn.weight().value().assign(w.to(be));
            bn.bias().value().assign(b.to(be));
            s.train(true);
            Variable xv = Variable.param(x.to(be));
            long launches = be == gpu ? gpu.stats().launches() : 0;
            Variable y = s.forward(xv);
            if (be == gpu) {
                // the fused forward: the statistics, then one pass for batch norm and SiLU (plus running stats)
                assertTrue(gpu.stats().launches() - launches < 10, "fused path not taken");
            }
            y.backward(g.to(be));
            r[k] = new Tensor[] {y.value(), xv.grad(), bn.weight().grad(), bn.bias().grad(), bn.runningMean(),
                    bn.runningVar()};
        }
        String[] names = {"y", "dx", "dWeight", "dBias", "running mean", "running var"};
        for (int i = 0; i < names.length; i++) {
            assertClose(r[1][i], r[0][i], "Sequential(BatchNorm2d, SiLU) " + names[i]);
        }
    }
}

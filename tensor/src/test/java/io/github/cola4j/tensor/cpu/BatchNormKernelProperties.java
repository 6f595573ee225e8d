package io.github.cola4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.BatchNormGrads;
import io.github.cola4j.tensor.BatchNormResult;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** The fused float32 batch-norm kernels against the same computation written out in float64 tensor ops. */
class BatchNormKernelProperties {

    /** A random batch-norm case: x ~ N(mean, 2) [n, c, h, w], gamma in [0.5, 1.5), beta in [-1, 1), g ~ N(0, 1). */
    private record Inputs(Tensor x, Tensor gamma, Tensor beta, Tensor g) {
        static Inputs draw(long seed, double mean, int n, int c, int h, int w) {
            Rng r = new Rng(seed);
            return new Inputs(r.normal(DType.FLOAT32, mean, 2, n, c, h, w), r.uniform(DType.FLOAT32, 0.5, 1.5, c),
                    r.uniform(DType.FLOAT32, -1, 1, c), r.normal(DType.FLOAT32, 0, 1, n, c, h, w));
        }
    }

    private static void close(Tensor want, Tensor got, String what) {
        close(want, got, 0, what);
    }

    /**
     * Norm-relative error; {@code scale} is the norm of the terms a result is computed from, for results that
     * cancel to almost nothing (dx of a two-element channel is exactly zero).
     */
    private static void close(Tensor want, Tensor got, double scale, String what) {
        double[] w = want.toDoubleArray();
        double[] g = got.toDoubleArray();
        double num = 0;
        double den = 0;
        for (int i = 0; i < w.length; i++) {
            num += (w[i] - g[i]) * (w[i] - g[i]);
            den += w[i] * w[i];
        }
        double rel = Math.sqrt(num / Math.max(Math.max(den, scale * scale), 1e-30));
        assertTrue(rel <= 1e-4, what + ": relative error " + rel);
    }

    @Property(tries = 30)
    void forwardAndBackwardMatchTheReference(@ForAll @IntRange(min = 1, max = 4) int n,
            @ForAll @IntRange(min = 1, max = 9) int c, @ForAll @IntRange(min = 1, max = 7) int h,
            @ForAll @IntRange(min = 2, max = 7) int w, @ForAll long seed) {
        Inputs in = Inputs.draw(seed, 3, n, c, h, w);
        Tensor x = in.x();
        Tensor gamma = in.gamma();
        Tensor beta = in.beta();
        Tensor g = in.g();
        double eps = 1e-5;
        BatchNormResult fast = x.backend().batchNormTraining(x, gamma, beta, eps);

        Tensor xd = x.to(DType.FLOAT64);
        int[] cs = {1, c, 1, 1};
        Tensor mean = xd.mean(true, 0, 2, 3);
        Tensor var = xd.sub(mean).pow(2).mean(true, 0, 2, 3);
        Tensor invStd = var.add(eps).sqrt().pow(-1);
        Tensor xhat = xd.sub(mean).mul(invStd);
        Tensor gd = gamma.to(DType.FLOAT64).reshape(cs);
        close(xhat.mul(gd).add(beta.to(DType.FLOAT64).reshape(cs)), fast.y(), "y");
        close(mean.reshape(c), fast.mean(), "mean");
        close(invStd.reshape(c), fast.invStd(), "invStd");
        close(var.reshape(c), fast.variance(), "variance");

        BatchNormGrads grads = x.backend().batchNormBackward(g, x, fast.mean(), fast.invStd(), gamma);
        Tensor g64 = g.to(DType.FLOAT64);
        double m = (double) n * h * w;
        Tensor dBeta = g64.sum(true, 0, 2, 3);
        Tensor dGamma = g64.mul(xhat).sum(true, 0, 2, 3);
        Tensor dx = g64.mul(m).sub(dBeta).sub(xhat.mul(dGamma)).mul(gd.mul(invStd).div(m));
        double termScale = Math.sqrt(g64.mul(gd.mul(invStd)).pow(2).sum().item());
        close(dx, grads.dx(), termScale, "dx");
        // dGamma and dBeta are sums that can cancel to almost nothing (seed -90884 on 1x1x5x5: terms of norm 5.2
        // summing to 0.0029), so their error is measured against the norm of the summed terms, as for dx.
        close(dGamma.reshape(c), grads.dGamma(), Math.sqrt(g64.mul(xhat).pow(2).sum().item()), "dGamma");
        close(dBeta.reshape(c), grads.dBeta(), Math.sqrt(g64.pow(2).sum().item()), "dBeta");
    }

    @Property(tries = 30)
    void fusedSiluMatchesTheComposedOpsInFloat64(@ForAll @IntRange(min = 1, max = 4) int n,
            @ForAll @IntRange(min = 1, max = 9) int c, @ForAll @IntRange(min = 1, max = 9) int h,
            @ForAll @IntRange(min = 2, max = 9) int w, @ForAll long seed) {
        // feature maps from 2 to 81 values: runs shorter than, equal to and longer than a vector, ragged ends
        Inputs in = Inputs.draw(seed, 1, n, c, h, w);
        Tensor x = in.x();
        Tensor gamma = in.gamma();
        Tensor beta = in.beta();
        Tensor g = in.g();
        double eps = 1e-5;
        CpuBackend cpu = (CpuBackend) x.backend();
        assertTrue(cpu.fusesBatchNormSilu());
        BatchNormResult fast = cpu.batchNormSiluTraining(x, gamma, beta, eps);
        BatchNormGrads fastGrads = cpu.batchNormSiluBackward(g, x, fast.mean(), fast.invStd(), gamma, beta);

        // float64 goes through the default composition: batch norm, then SiLU, and their separate backwards
        Tensor xd = x.to(DType.FLOAT64);
        Tensor gammaD = gamma.to(DType.FLOAT64);
        Tensor betaD = beta.to(DType.FLOAT64);
        BatchNormResult ref = cpu.batchNormSiluTraining(xd, gammaD, betaD, eps);
        BatchNormResult plain = xd.batchNormTraining(gammaD, betaD, eps);
        close(plain.y().silu(), ref.y(), "composition");
        close(ref.y(), fast.y(), "silu(y)");
        close(ref.mean(), fast.mean(), "mean");
        close(ref.invStd(), fast.invStd(), "invStd");
        close(ref.variance(), fast.variance(), "variance");
        BatchNormGrads refGrads = cpu.batchNormSiluBackward(g.to(DType.FLOAT64), xd, ref.mean(), ref.invStd(), gammaD,
                betaD);
        Tensor g64 = g.to(DType.FLOAT64);
        close(refGrads.dx(), fastGrads.dx(), Math.sqrt(g64.pow(2).sum().item()), "dx");
        close(refGrads.dGamma(), fastGrads.dGamma(), Math.sqrt(g64.pow(2).sum().item()) * 3, "dGamma");
        close(refGrads.dBeta(), fastGrads.dBeta(), Math.sqrt(g64.pow(2).sum().item()), "dBeta");
    }

    @Example
    void modulesFuseOnlyFeatureMapsWhereItPays() {
        CpuBackend cpu = CpuBackend.INSTANCE;
        assertTrue(cpu.fusesBatchNormSilu(new int[] {128, 96, 49, 32}));
        assertTrue(cpu.fusesBatchNormSilu(new int[] {2, 3, 8, 8}));
        assertFalse(cpu.fusesBatchNormSilu(new int[] {128, 672, 7, 4}));
        assertFalse(cpu.fusesBatchNormSilu(new int[] {128, 1280, 4, 2}));
    }
}

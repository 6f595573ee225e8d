package io.github.cola4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.FusedOps;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.SqueezeExcitationGrads;
import io.github.cola4j.tensor.SqueezeExcitationResult;
import io.github.cola4j.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The CPU backend's float32 squeeze-excitation, forward and backward (its passes over the activations fused),
 * against the composition of element-wise ops that {@link FusedOps} defines, on random shapes: against the
 * composition in float64, every output and gradient is as accurate as the float32 composition's (the per-plane
 * sums may cancel, so the float32 error is measured, not assumed).
 */
class SqueezeExcitationFusedProperties {

    /** The interface's defaults only: the composition, run by the CPU backend's primitive ops. */
    private static final FusedOps COMPOSED = new FusedOps() { };

    /** A random input [n, c, h, w] (mean {@code xMean}) and squeeze-excitation parameters, float32. */
    private record Case(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
        static Case random(Rng r, int n, int c, int h, int w, double xMean) {
            int squeeze = Math.max(1, c / 4);
            return new Case(r.normal(DType.FLOAT32, xMean, 1, n, c, h, w),
                    r.normal(DType.FLOAT32, 0, 0.5, squeeze, c, 1, 1), r.normal(DType.FLOAT32, 0, 0.5, squeeze),
                    r.normal(DType.FLOAT32, 0, 0.5, c, squeeze, 1, 1), r.normal(DType.FLOAT32, 0, 0.5, c));
        }

        SqueezeExcitationResult forward(FusedOps ops, DType dtype) {
            return ops.squeezeExcitation(x.to(dtype), w1.to(dtype), b1.to(dtype), w2.to(dtype), b2.to(dtype));
        }
    }

    @Property(tries = 25)
    void fusedForwardMatchesTheComposition(@ForAll @IntRange(min = 1, max = 5) int n,
            @ForAll @IntRange(min = 1, max = 40) int c, @ForAll @IntRange(min = 1, max = 9) int h,
            @ForAll @IntRange(min = 1, max = 41) int w, @ForAll long seed) {
        Case k = Case.random(new Rng(seed), n, c, h, w, 0.3);
        SqueezeExcitationResult fused = k.forward(CpuBackend.INSTANCE, DType.FLOAT32);
        SqueezeExcitationResult composed = k.forward(COMPOSED, DType.FLOAT32);
        SqueezeExcitationResult exact = k.forward(COMPOSED, DType.FLOAT64);
        close("y", fused.y(), composed.y(), exact.y());
        close("pooled", fused.pooled(), composed.pooled(), exact.pooled());
        close("z1", fused.z1(), composed.z1(), exact.z1());
        close("hidden", fused.hidden(), composed.hidden(), exact.hidden());
        close("gate", fused.gate(), composed.gate(), exact.gate());
    }

    @Property(tries = 25)
    void fusedBackwardMatchesTheComposition(@ForAll @IntRange(min = 1, max = 5) int n,
            @ForAll @IntRange(min = 1, max = 40) int c, @ForAll @IntRange(min = 1, max = 9) int h,
            @ForAll @IntRange(min = 1, max = 41) int w, @ForAll long seed) {
        Rng r = new Rng(seed);
        Case k = Case.random(r, n, c, h, w, 0);
        Tensor g = r.normal(DType.FLOAT32, 0, 1, n, c, h, w);
        SqueezeExcitationResult f = k.forward(CpuBackend.INSTANCE, DType.FLOAT32);
        SqueezeExcitationGrads fused = CpuBackend.INSTANCE.squeezeExcitationBackward(g, k.x(), f, k.w1(), k.w2());
        SqueezeExcitationGrads composed = COMPOSED.squeezeExcitationBackward(g, k.x(), f, k.w1(), k.w2());
        SqueezeExcitationGrads exact = COMPOSED.squeezeExcitationBackward(g.to(DType.FLOAT64),
                k.x().to(DType.FLOAT64), k.forward(COMPOSED, DType.FLOAT64), k.w1().to(DType.FLOAT64),
                k.w2().to(DType.FLOAT64));
        close("dx", fused.dx(), composed.dx(), exact.dx());
        close("dW1", fused.dW1(), composed.dW1(), exact.dW1());
        close("dB1", fused.dB1(), composed.dB1(), exact.dB1());
        close("dW2", fused.dW2(), composed.dW2(), exact.dW2());
        close("dB2", fused.dB2(), composed.dB2(), exact.dB2());
    }

    /**
     * The fused result's largest error against the float64 composition is at most twice the float32
     * composition's, or within 1e-5 of the largest magnitude (float32 rounding through the five ops between the
     * plane sums and the weight gradients), and never above 1e-4 of it.
     */
    private static void close(String what, Tensor fused, Tensor composed, Tensor exact) {
        double[] a = fused.toDoubleArray();
        double[] b = composed.toDoubleArray();
        double[] e = exact.toDoubleArray();
        assertTrue(a.length == e.length && b.length == e.length, what + " sizes");
        double fusedError = 0;
        double composedError = 0;
        double scale = 1e-30;
        for (int i = 0; i < e.length; i++) {
            fusedError = Math.max(fusedError, Math.abs(a[i] - e[i]));
            composedError = Math.max(composedError, Math.abs(b[i] - e[i]));
            scale = Math.max(scale, Math.abs(e[i]));
        }
        String detail = what + ": fused error " + fusedError + ", composed " + composedError + " (largest " + scale
                + ")";
        assertTrue(fusedError <= Math.max(2 * composedError, 1e-5 * scale), detail);
        assertTrue(fusedError <= 1e-4 * scale, detail);
    }
}

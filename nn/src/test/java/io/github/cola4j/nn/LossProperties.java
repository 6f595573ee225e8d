package io.github.cola4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.GradCheck;
import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.TensorException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

/** Losses: float64 gradient checks on random shapes, stability for huge logits, and error messages. */
class LossProperties {
    static final double TOL = 1e-6;

    private static int[] labels(long seed, int n, int c) {
        Rng r = new Rng(seed);
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(c);
        }
        return y;
    }

    @Provide
    Arbitrary<Double> smoothing() {
        return Arbitraries.oneOf(Arbitraries.just(0.0), Arbitraries.doubles().between(0, 1));
    }

    @Property(tries = 40)
    void crossEntropyGradient(@ForAll @IntRange(min = 1, max = 6) int n, @ForAll @IntRange(min = 1, max = 7) int c,
            @ForAll("smoothing") double eps, @ForAll long seed) {
        int[] y = labels(seed, n, c);
        Tensor logits = new Rng(seed + 1).uniform(DType.FLOAT64, -4, 4, n, c);
        GradCheck.assertGradients(v -> Losses.crossEntropy(v[0], y, eps), TOL, logits);
    }

    @Property(tries = 20)
    void crossEntropyGradientThroughATransposedView(@ForAll @IntRange(min = 1, max = 5) int n,
            @ForAll @IntRange(min = 2, max = 5) int c, @ForAll("smoothing") double eps, @ForAll long seed) {
        int[] y = labels(seed, n, c);
        Tensor logitsT = new Rng(seed + 1).uniform(DType.FLOAT64, -4, 4, c, n);
        GradCheck.assertGradients(v -> Losses.crossEntropy(v[0].t().mul(v[0].t()), y, eps), TOL, logitsT);
    }

    /** The loss is the same for logits shifted by 1e4 per row, and stays finite for logits of size 1e4. */
    @Property(tries = 20)
    void crossEntropyIsStableForHugeLogits(@ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll @IntRange(min = 2, max = 7) int c, @ForAll("smoothing") double eps, @ForAll long seed) {
        int[] y = labels(seed, n, c);
        Tensor logits = new Rng(seed + 1).uniform(DType.FLOAT64, -4, 4, n, c);
        Tensor shift = new Rng(seed + 2).uniform(DType.FLOAT64, -1e4, 1e4, n, 1);
        double base = Losses.crossEntropy(Variable.constant(logits), y, eps).value().item();
        Variable shifted = Variable.param(logits.add(shift));
        Variable loss = Losses.crossEntropy(shifted, y, eps);
        assertEquals(base, loss.value().item(), 1e-9 * Math.max(1, base));
        loss.backward();
        for (double g : shifted.grad().toDoubleArray()) {
            assertTrue(Double.isFinite(g));
        }
        Variable big = Variable.param(logits.mul(1e4));
        Variable bigLoss = Losses.crossEntropy(big, y, eps);
        bigLoss.backward();
        assertTrue(Double.isFinite(bigLoss.value().item()));
        double[] g = big.grad().toDoubleArray();
        for (int i = 0; i < n; i++) {
            double rowSum = 0;
            for (int j = 0; j < c; j++) {
                assertTrue(Double.isFinite(g[i * c + j]));
                rowSum += g[i * c + j];
            }
            assertEquals(0, rowSum, 1e-12);
        }
    }

    @Property(tries = 10)
    void crossEntropyInFloat32StaysFloat32AndFinite(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll long seed) {
        int[] y = labels(seed, n, 3);
        Variable logits = Variable.param(new Rng(seed).uniform(DType.FLOAT32, -300, 300, n, 3));
        Variable loss = Losses.crossEntropy(logits, y, 0.1);
        assertEquals(DType.FLOAT32, loss.dtype());
        loss.backward();
        assertTrue(Double.isFinite(loss.value().item()));
        assertEquals(DType.FLOAT32, logits.grad().dtype());
    }

    /**
     * The backend's fused op gives in float64 exactly (bit for bit) what the composition of tensor ops gives:
     * a smoothed one-hot target, log-softmax, a weighted sum scaled by -1/N, and (exp(logSoftmax) - target) / N.
     */
    @Property(tries = 20)
    void crossEntropyInFloat64IsTheComposition(@ForAll @IntRange(min = 1, max = 6) int n,
            @ForAll @IntRange(min = 1, max = 9) int c, @ForAll("smoothing") double eps, @ForAll long seed) {
        int[] y = labels(seed, n, c);
        Tensor x = new Rng(seed + 1).uniform(DType.FLOAT64, -20, 20, n, c);
        double[] t = new double[n * c];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < c; k++) {
                t[i * c + k] = eps / c;
            }
            t[i * c + y[i]] += 1 - eps;
        }
        Tensor target = Tensor.of(t, n, c);
        Tensor logProbs = x.logSoftmax(1);
        double wantLoss = logProbs.mul(target).sum().mul(-1.0 / n).item();
        double[] wantGrad = logProbs.exp().sub(target).mul(1.0 / n).toDoubleArray();

        Variable logits = Variable.param(x);
        Variable loss = Losses.crossEntropy(logits, y, eps);
        loss.backward();
        assertEquals(wantLoss, loss.value().item());
        assertArrayEquals(wantGrad, logits.grad().toDoubleArray());
    }

    @Property(tries = 25)
    void mseGradient(@ForAll @IntRange(min = 1, max = 4) int a, @ForAll @IntRange(min = 1, max = 5) int b,
            @ForAll long seed) {
        Tensor p = new Rng(seed).uniform(DType.FLOAT64, -3, 3, a, b);
        Tensor t = new Rng(seed + 1).uniform(DType.FLOAT64, -3, 3, a, b);
        GradCheck.assertGradients(v -> Losses.mse(v[0], v[1]), TOL, p, t);
    }

    @Property(tries = 10)
    void mseIsTheMeanSquaredDifference(@ForAll @IntRange(min = 1, max = 6) int n, @ForAll long seed,
            @ForAll @DoubleRange(min = -2, max = 2) double offset) {
        Tensor p = new Rng(seed).uniform(DType.FLOAT64, -3, 3, n);
        assertEquals(offset * offset, Losses.mse(Variable.constant(p), p.add(offset)).value().item(), 1e-12);
    }

    @Example
    void crossEntropyAgainstAHandComputedValue() {
        // logits [0, ln 3] for one example of class 1: p = [1/4, 3/4]; NLL = ln(4/3); smoothing 0.2 adds
        // 0.2 * mean(-log p) - 0.2 * NLL.
        Tensor x = Tensor.of(new double[] {0, Math.log(3)}, 1, 2);
        double nll = Math.log(4.0 / 3);
        double uniform = (Math.log(4) + Math.log(4.0 / 3)) / 2;
        assertEquals(nll, Losses.crossEntropy(Variable.constant(x), new int[] {1}).value().item(), 1e-15);
        assertEquals(0.8 * nll + 0.2 * uniform,
                Losses.crossEntropy(Variable.constant(x), new int[] {1}, 0.2).value().item(), 1e-15);
    }

    @Example
    void badLabelsAndShapesAreNamed() {
        Variable x = Variable.param(Tensor.zeros(DType.FLOAT64, 3, 4));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Losses.crossEntropy(x, new int[] {0, 3, 4}));
        assertEquals("crossEntropy: label 4 at batch index 2 is outside [0, 4)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(x, new int[] {-1, 0, 0}));
        assertTrue(e.getMessage().contains("label -1 at batch index 0"), e.getMessage());
        assertThrows(TensorException.class, () -> Losses.crossEntropy(x, new int[] {0, 1}));
        assertThrows(TensorException.class, () -> Losses.crossEntropy(x.reshape(12), new int[12]));
        assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(x, new int[3], 1.5));
        assertThrows(TensorException.class, () -> Losses.mse(x, Tensor.zeros(DType.FLOAT64, 4, 3)));
    }
}

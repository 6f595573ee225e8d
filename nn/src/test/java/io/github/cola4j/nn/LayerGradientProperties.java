package io.github.cola4j.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Every layer's backward (input and all parameters) against finite differences in float64. */
class LayerGradientProperties {
    static final double TOL = 1e-6;

    private static void check(Module m, Tensor x, long seed) {
        ModuleGradCheck.Result r = ModuleGradCheck.check(m, x, 24, seed);
        assertTrue(r.maxError() <= TOL, m + ": " + r);
    }

    private static Tensor input(long seed, int... shape) {
        return new Rng(seed).normal(DType.FLOAT64, 0, 1, shape);
    }

    @Property(tries = 15)
    void linear(@ForAll @IntRange(min = 1, max = 5) int in, @ForAll @IntRange(min = 1, max = 5) int out,
            @ForAll boolean bias, @ForAll long seed) {
        Randomness.seed(seed);
        check(new Linear(in, out, bias), input(seed, 3, in), seed);
    }

    @Property(tries = 15)
    void conv2d(@ForAll @IntRange(min = 1, max = 2) int groups, @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll boolean k3, @ForAll boolean bias, @ForAll long seed) {
        Randomness.seed(seed);
        int k = k3 ? 3 : 1;
        check(new Conv2d(2 * groups, 2 * groups, k, stride, k / 2, groups, bias), input(seed, 2, 2 * groups, 5, 4), seed);
    }

    @Property(tries = 15)
    void batchNormTrainingAndEval(@ForAll @IntRange(min = 1, max = 3) int c, @ForAll long seed) {
        Randomness.seed(seed);
        BatchNorm2d bn = new BatchNorm2d(c);
        // non-trivial affine parameters and running statistics
        bn.weight().setValue(new Rng(seed).uniform(DType.FLOAT32, 0.5, 1.5, c));
        bn.bias().setValue(new Rng(seed + 1).uniform(DType.FLOAT32, -1, 1, c));
        check(bn, input(seed, 3, c, 3, 2).mul(2).add(0.5), seed);
        bn.eval();
        check(bn, input(seed + 2, 2, c, 3, 2), seed);
    }

    @Property(tries = 10)
    void layerNormAndActivations(@ForAll @IntRange(min = 2, max = 6) int n, @ForAll long seed) {
        Randomness.seed(seed);
        LayerNorm ln = new LayerNorm(n);
        ln.namedParameters().get("weight").setValue(new Rng(seed).uniform(DType.FLOAT32, 0.5, 1.5, n));
        check(new Sequential(ln, Activation.tanh(), new Linear(n, 3, true), Activation.silu(), Activation.sigmoid()),
                input(seed, 4, n), seed);
    }

    @Property(tries = 10)
    void dropoutWithAFixedMask(@ForAll long seed) {
        Randomness.seed(seed);
        check(new Sequential(new Linear(4, 6, true), new Dropout(0.5), Activation.relu()), input(seed, 3, 4), seed);
    }

    @Property(tries = 8)
    void squeezeExcitation(@ForAll @IntRange(min = 2, max = 6) int c, @ForAll long seed) {
        Randomness.seed(seed);
        check(new SqueezeExcitation(c, Math.max(1, c / 2)), input(seed, 2, c, 3, 3), seed);
    }

    @Property(tries = 6)
    void mbConvWithResidualAndStochasticDepth(@ForAll boolean k5, @ForAll boolean stride2, @ForAll long seed) {
        Randomness.seed(seed);
        MBConv block = new MBConv(4, stride2 ? 8 : 4, 6, k5 ? 5 : 3, stride2 ? 2 : 1, 0.5);
        check(block, input(seed, 2, 4, 5, 5), seed);
        block.eval();
        check(block, input(seed + 1, 2, 4, 5, 5), seed);
    }

    @Property(tries = 3)
    void tinyEfficientNetInEvaluation(@ForAll long seed) {
        // Evaluation mode: at this input size the last stages see 1x1 maps, where batch statistics of two
        // values make training-mode batch norm too ill-conditioned for finite differences. Training-mode
        // batch norm is checked above and inside MBConv.
        Randomness.seed(seed);
        EfficientNet net = new EfficientNet(new EfficientNetConfig(0.1, 0.1, 1, 0.2,
                EfficientNetConfig.Pooling.MAX), 3, 0.2);
        net.eval();
        check(net, input(seed, 2, 1, 16, 16), seed);
    }
}

package io.github.cola4j.nn;

import java.util.List;

/**
 * The shape of an EfficientNet: the B0 stage table scaled by width and depth multipliers (B1..B7 follow from
 * theirs), the number of input channels, the stochastic-depth probability and the pooling of the features.
 *
 * @param widthMult channel multiplier (channels rounded to multiples of 8 as torchvision does)
 * @param depthMult layer-count multiplier (rounded up)
 * @param inChannels input channels of the stem (1 for spectrograms)
 * @param stochasticDepthProb drop probability of the last block; earlier blocks scale it down linearly
 * @param pooling how the final feature map becomes a vector
 */
public record EfficientNetConfig(double widthMult, double depthMult, int inChannels, double stochasticDepthProb,
        Pooling pooling) {

    /** Global pooling of the last feature map. */
    public enum Pooling {
        /** Maximum over height and width. */
        MAX,
        /** Mean over height and width. */
        AVG
    }

    /** One row of the stage table. */
    public record Stage(int expandRatio, int kernel, int stride, int in, int out, int layers) {
    }

    /** EfficientNet-B0's stages, as in the paper and torchvision. */
    public static final List<Stage> B0_STAGES = List.of(
            new Stage(1, 3, 1, 32, 16, 1),
            new Stage(6, 3, 2, 16, 24, 2),
            new Stage(6, 5, 2, 24, 40, 2),
            new Stage(6, 3, 2, 40, 80, 3),
            new Stage(6, 5, 1, 80, 112, 3),
            new Stage(6, 5, 2, 112, 192, 4),
            new Stage(6, 3, 1, 192, 320, 1));

    /**
     * Checks the configuration; throws IllegalArgumentException for non-positive multipliers, no input channels,
     * or a stochastic-depth probability outside [0, 1).
     */
    public EfficientNetConfig {
        if (widthMult <= 0 || depthMult <= 0 || inChannels < 1 || stochasticDepthProb < 0 || stochasticDepthProb >= 1) {
            throw new IllegalArgumentException("bad EfficientNet config: width " + widthMult + ", depth " + depthMult
                    + ", in " + inChannels + ", stochastic depth " + stochasticDepthProb);
        }
    }

    /** EfficientNet-B0 with a 1-channel stem, stochastic depth 0.2 and the given pooling. */
    public static EfficientNetConfig b0(Pooling pooling) {
        return new EfficientNetConfig(1.0, 1.0, 1, 0.2, pooling);
    }

    /** EfficientNet-B{@code n} (0..7) multipliers with the given input channels and pooling. */
    public static EfficientNetConfig b(int n, int inChannels, Pooling pooling) {
        double[][] m = {{1.0, 1.0}, {1.0, 1.1}, {1.1, 1.2}, {1.2, 1.4}, {1.4, 1.8}, {1.6, 2.2}, {1.8, 2.6}, {2.0, 3.1}};
        if (n < 0 || n >= m.length) {
            throw new IllegalArgumentException("EfficientNet-B" + n + " does not exist (B0..B7)");
        }
        return new EfficientNetConfig(m[n][0], m[n][1], inChannels, 0.2, pooling);
    }

    /** This configuration with another stochastic-depth probability for the last block. */
    public EfficientNetConfig withStochasticDepth(double p) {
        return new EfficientNetConfig(widthMult, depthMult, inChannels, p, pooling);
    }

    /** This configuration with another pooling. */
    public EfficientNetConfig withPooling(Pooling p) {
        return new EfficientNetConfig(widthMult, depthMult, inChannels, stochasticDepthProb, p);
    }

    /** {@code c} B0 channels scaled by the width multiplier and rounded to a multiple of 8. */
    public int channels(int c) {
        return makeDivisible(c * widthMult, 8);
    }

    /** {@code n} B0 layers scaled by the depth multiplier, rounded up. */
    public int layers(int n) {
        return (int) Math.ceil(n * depthMult);
    }

    /** Width of the pooled features: four times the last stage's output. */
    public int featureWidth() {
        return 4 * channels(B0_STAGES.get(B0_STAGES.size() - 1).out());
    }

    /** Rounds to the nearest multiple of {@code divisor}, never below it or more than 10% under v. */
    static int makeDivisible(double v, int divisor) {
        int r = Math.max(divisor, (int) (v + divisor / 2.0) / divisor * divisor);
        if (r < 0.9 * v) {
            r += divisor;
        }
        return r;
    }
}

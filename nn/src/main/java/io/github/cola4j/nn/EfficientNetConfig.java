package io.github.cola4j.nn;

import java.util.List;

/**
 * The shape of an EfficientNet: the B0 stage table scaled by width and depth multipliers (B1..B7 follow from
 * theirs), the number of input channels, the stochastic-depth probability and the pooling of the features.
 *
 * @param widthMult channel multiplier (channels rounded to multiples of 8 as torchvision does)
 * @param depthMult layer-count multiplier (rounded up)
 * @param inChannels input channels of the stem (1 for spectrograms)
 * @param stochasticDepthProb stochastic-depth probability, in [0, 1): block i of n (counted from 0) drops its
 *     residual branch with probability {@code stochasticDepthProb * i / n}, so the first block never does
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

    /**
     * One row of the stage table.
     *
     * @param expandRatio hidden width of the stage's MBConv blocks relative to their input (1 or 6 in B0)
     * @param kernel depthwise kernel size (3 or 5 in B0)
     * @param stride stride of the stage's first block; the others use 1
     * @param in input channels of the stage in B0, before width scaling
     * @param out output channels of every block of the stage in B0, before width scaling
     * @param layers number of blocks in B0, before depth scaling
     */
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
     * Checks the configuration.
     *
     * @param widthMult channel multiplier, above 0
     * @param depthMult layer-count multiplier, above 0
     * @param inChannels input channels of the stem, at least 1
     * @param stochasticDepthProb stochastic-depth probability, in [0, 1)
     * @param pooling how the final feature map becomes a vector
     * @throws IllegalArgumentException for non-positive or NaN multipliers, no input channels, or a stochastic-depth
     *     probability outside [0, 1) or NaN
     */
    public EfficientNetConfig {
        if (!(widthMult > 0) || !(depthMult > 0) || inChannels < 1
                || !(stochasticDepthProb >= 0 && stochasticDepthProb < 1)) {
            throw new IllegalArgumentException("bad EfficientNet config: width " + widthMult + ", depth " + depthMult
                    + ", in " + inChannels + ", stochastic depth " + stochasticDepthProb);
        }
    }

    /**
     * EfficientNet-B0 with a 1-channel stem, stochastic depth 0.2 and the given pooling.
     *
     * @param pooling how the final feature map becomes a vector
     * @return a configuration with width and depth multipliers 1.0, for spectrograms
     */
    public static EfficientNetConfig b0(Pooling pooling) {
        return new EfficientNetConfig(1.0, 1.0, 1, 0.2, pooling);
    }

    /**
     * EfficientNet-B{@code n} (0..7) multipliers with the given input channels and pooling.
     *
     * @param n the variant, 0 to 7
     * @param inChannels input channels of the stem (3 for RGB images, 1 for spectrograms)
     * @param pooling how the final feature map becomes a vector
     * @return a configuration with torchvision's width and depth multipliers for B{@code n} (from 1.0 and 1.0 for
     *     B0 to 2.0 and 3.1 for B7) and stochastic depth 0.2
     * @throws IllegalArgumentException when {@code n} is outside 0..7 or {@code inChannels} is below 1
     */
    public static EfficientNetConfig b(int n, int inChannels, Pooling pooling) {
        double[][] m = {{1.0, 1.0}, {1.0, 1.1}, {1.1, 1.2}, {1.2, 1.4}, {1.4, 1.8}, {1.6, 2.2}, {1.8, 2.6}, {2.0, 3.1}};
        if (n < 0 || n >= m.length) {
            throw new IllegalArgumentException("EfficientNet-B" + n + " does not exist (B0..B7)");
        }
        return new EfficientNetConfig(m[n][0], m[n][1], inChannels, 0.2, pooling);
    }

    /**
     * This configuration with another stochastic-depth probability for the last block.
     *
     * @param p the new stochastic-depth probability, in [0, 1)
     * @return a new configuration, the other components unchanged
     * @throws IllegalArgumentException when {@code p} lies outside [0, 1) or is NaN
     */
    public EfficientNetConfig withStochasticDepth(double p) {
        return new EfficientNetConfig(widthMult, depthMult, inChannels, p, pooling);
    }

    /**
     * This configuration with another pooling.
     *
     * @param p the new pooling
     * @return a new configuration, the other components unchanged
     */
    public EfficientNetConfig withPooling(Pooling p) {
        return new EfficientNetConfig(widthMult, depthMult, inChannels, stochasticDepthProb, p);
    }

    /**
     * {@code c} B0 channels scaled by the width multiplier and rounded to a multiple of 8.
     *
     * @param c a channel count of B0, such as a stage's {@code in} or {@code out}
     * @return {@code c * widthMult} rounded to the nearest multiple of 8, at least 8 and never more than 10% below
     *     {@code c * widthMult} (torchvision's {@code _make_divisible})
     */
    public int channels(int c) {
        return makeDivisible(c * widthMult, 8);
    }

    /**
     * {@code n} B0 layers scaled by the depth multiplier, rounded up.
     *
     * @param n a block count of B0, such as a stage's {@code layers}
     * @return {@code ceil(n * depthMult)}
     */
    public int layers(int n) {
        return (int) Math.ceil(n * depthMult);
    }

    /**
     * Width of the pooled features: four times the last stage's output.
     *
     * @return {@code 4 * channels(320)}: 1280 for B0, 2560 for B7
     */
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

package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;

/**
 * EfficientNet's inverted-residual block: 1x1 expansion to {@code in * expandRatio} channels rounded to a
 * multiple of 8 (skipped when that width equals the input's), depthwise k x k convolution with stride,
 * squeeze-excitation (squeeze width = input channels / 4), 1x1 projection without activation, and an identity
 * skip through stochastic depth when stride is 1 and channels are unchanged.
 * Children {@code block} and {@code stochastic_depth} as in torchvision.
 */
public final class MBConv extends Module {
    private final Sequential block;
    private final StochasticDepth stochasticDepth;
    private final boolean residual;

    /**
     * A block from {@code in} to {@code out} channels, expanding by {@code expandRatio}, with a depthwise {@code
     * kernel} x {@code kernel} convolution of {@code stride}, dropping the residual branch with {@code
     * stochasticDepthProb}.
     *
     * @param in input channels
     * @param out output channels
     * @param expandRatio hidden width factor: the block widens to {@code in * expandRatio} rounded to a multiple of
     *     8, with no expansion layer when that equals {@code in}
     * @param kernel height and width of the depthwise kernel (3 or 5 in EfficientNet)
     * @param stride depthwise stride, 1 or 2
     * @param stochasticDepthProb probability of dropping the residual branch of an example in training, in [0, 1);
     *     it matters only when the block has a residual
     * @throws IllegalArgumentException when {@code stride} is not 1 or 2, or {@code stochasticDepthProb} lies outside
     *     [0, 1) or is NaN
     */
    public MBConv(int in, int out, int expandRatio, int kernel, int stride, double stochasticDepthProb) {
        if (stride != 1 && stride != 2) {
            throw new IllegalArgumentException("MBConv: stride must be 1 or 2, got " + stride);
        }
        int expanded = EfficientNetConfig.makeDivisible(in * (double) expandRatio, 8);
        Sequential b = new Sequential();
        if (expanded != in) {
            b.add(ConvNormActivation.of(in, expanded, 1, 1, 1, true));
        }
        b.add(ConvNormActivation.of(expanded, expanded, kernel, stride, expanded, true));
        b.add(new SqueezeExcitation(expanded, Math.max(1, in / 4)));
        b.add(ConvNormActivation.of(expanded, out, 1, 1, 1, false));
        this.block = registerModule("block", b);
        this.stochasticDepth = registerModule("stochastic_depth", new StochasticDepth(stochasticDepthProb));
        this.residual = stride == 1 && in == out;
    }

    @Override
    public Variable forward(Variable x) {
        Variable y = block.call(x);
        return residual ? stochasticDepth.applyAndAdd(y, x) : y;
    }

    /**
     * True when the block adds its input back (stride 1 and {@code in == out}).
     *
     * @return true when the output is {@code stochasticDepth(block(x)) + x}, false when it is {@code block(x)}
     */
    public boolean hasResidual() {
        return residual;
    }
}

package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.Conv2dOptions;
import io.github.cola4j.tensor.Tensor;

/** 2-d convolution with a square kernel, as PyTorch's {@code nn.Conv2d}; depthwise when groups = channels. */
public final class Conv2d extends Module {
    private final int inChannels;
    private final int outChannels;
    private final int kernel;
    private final Conv2dOptions options;
    private final Variable weight;
    private final Variable bias;

    /**
     * Weights start as torchvision's EfficientNet does: Kaiming normal, fan-out; bias at zero.
     *
     * @param inChannels channels of the [N, inChannels, H, W] input; divisible by {@code groups}
     * @param outChannels channels of the output; divisible by {@code groups}
     * @param kernel height and width of the square kernel
     * @param stride step of the kernel along both spatial axes, at least 1
     * @param padding zeros added on every side of both spatial axes, at least 0
     * @param groups channel groups, at least 1: 1 for a full convolution, {@code inChannels} for depthwise
     * @param bias whether the layer adds a learned per-channel bias
     * @throws IllegalArgumentException when a channel count is not divisible by {@code groups}
     * @throws io.github.cola4j.tensor.TensorException when stride or groups is below 1 or padding is negative
     */
    public Conv2d(int inChannels, int outChannels, int kernel, int stride, int padding, int groups, boolean bias) {
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.kernel = kernel;
        this.options = Conv2dOptions.of(stride, padding, groups);
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("Conv2d: channels " + inChannels + " -> " + outChannels
                    + " are not divisible by groups " + groups);
        }
        this.weight = registerParameter("weight",
                Init.kaimingNormalFanOut(outChannels, inChannels / groups, kernel, kernel));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(outChannels)) : null;
    }

    @Override
    public Variable forward(Variable x) {
        return x.conv2d(weight, bias, options);
    }

    /** Output channels. */
    int outChannels() {
        return outChannels;
    }

    /**
     * This convolution followed by the per-channel map {@code y * scale + shift} (an evaluation-mode batch norm),
     * computed as one convolution with the map folded into the kernel and bias: one pass over the output instead of
     * two; with {@code silu}, followed by SiLU, which the backend may apply as the convolution writes its output
     * ({@link io.github.cola4j.tensor.FusedOps#conv2dSilu}). Records no graph: for inference only.
     */
    Variable forwardFolded(Variable x, Tensor scale, Tensor shift, boolean silu) {
        Tensor in = x.value();
        Tensor w = weight.value().to(in.dtype()).mul(scale.reshape(outChannels, 1, 1, 1));
        Tensor b = bias == null ? shift : bias.value().to(in.dtype()).mul(scale).add(shift);
        return Variable.constant(silu ? in.backend().conv2dSilu(in, w, b, options) : in.conv2d(w, b, options));
    }

    /**
     * The kernel, shape [outChannels, inChannels / groups, kernelH, kernelW].
     *
     * @return the parameter itself (state key {@code weight})
     */
    public Variable weight() {
        return weight;
    }

    /**
     * The bias, shape [outChannels], or null when the layer has none.
     *
     * @return the parameter itself (state key {@code bias}), or null when built with {@code bias} false
     */
    public Variable bias() {
        return bias;
    }

    /**
     * Stride, padding, dilation and groups.
     *
     * @return the options: the given stride and padding on both axes, dilation 1, the given groups
     */
    public Conv2dOptions options() {
        return options;
    }

    @Override
    public String toString() {
        return "Conv2d(" + inChannels + ", " + outChannels + ", k=" + kernel + ", s=" + options.strideH()
                + ", p=" + options.padH() + (options.groups() > 1 ? ", groups=" + options.groups() : "") + ")";
    }
}

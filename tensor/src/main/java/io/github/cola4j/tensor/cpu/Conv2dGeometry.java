package io.github.cola4j.tensor.cpu;

/**
 * Shape of a 2-d convolution over NCHW input with zero padding, as in PyTorch's {@code Conv2d}.
 *
 * <p>Input is [batch, inChannels, inH, inW], weight [outChannels, inChannels / groups, kernelH, kernelW],
 * output [batch, outChannels, outH, outW] with {@code out = (in + 2 pad - dilation (kernel - 1) - 1) / stride + 1}.
 *
 * <p>The constructor throws {@link IllegalArgumentException} when a size is not positive, padding is negative,
 * the channels are not divisible by the groups, or the output would be empty.
 */
public record Conv2dGeometry(int batch, int inChannels, int inH, int inW, int outChannels,
                             int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                             int dilationH, int dilationW, int groups) {

    /** Validates the sizes; see the class description. */
    public Conv2dGeometry {
        positive("batch", batch);
        positive("inChannels", inChannels);
        positive("inH", inH);
        positive("inW", inW);
        positive("outChannels", outChannels);
        positive("kernelH", kernelH);
        positive("kernelW", kernelW);
        positive("strideH", strideH);
        positive("strideW", strideW);
        positive("dilationH", dilationH);
        positive("dilationW", dilationW);
        positive("groups", groups);
        if (padH < 0 || padW < 0) {
            throw new IllegalArgumentException("padding must not be negative: padH=" + padH + ", padW=" + padW);
        }
        if (inChannels % groups != 0 || outChannels % groups != 0) {
            throw new IllegalArgumentException("inChannels=" + inChannels + " and outChannels=" + outChannels
                    + " must both be divisible by groups=" + groups);
        }
        long oh = outSize(inH, padH, dilationH, kernelH, strideH);
        long ow = outSize(inW, padW, dilationW, kernelW, strideW);
        if (oh <= 0 || ow <= 0) {
            throw new IllegalArgumentException("output size " + oh + " x " + ow + " is not positive for input "
                    + inH + " x " + inW + ", kernel " + kernelH + " x " + kernelW + ", padding " + padH + " x "
                    + padW + ", dilation " + dilationH + " x " + dilationW + ", stride " + strideH + " x " + strideW);
        }
        long elems = Math.max(Math.max((long) batch * inChannels * inH * inW, (long) batch * outChannels * oh * ow),
                (long) outChannels * (inChannels / groups) * kernelH * kernelW);
        if (elems > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("tensor of " + elems + " elements does not fit a Java array");
        }
    }

    /** Convenience for the common square case: stride, padding and dilation equal in both directions. */
    public static Conv2dGeometry of(int batch, int inChannels, int inH, int inW, int outChannels, int kernel,
                                    int stride, int pad, int groups) {
        return new Conv2dGeometry(batch, inChannels, inH, inW, outChannels, kernel, kernel, stride, stride,
                pad, pad, 1, 1, groups);
    }

    /** Output height. */
    public int outH() {
        return (int) outSize(inH, padH, dilationH, kernelH, strideH);
    }

    /** Output width. */
    public int outW() {
        return (int) outSize(inW, padW, dilationW, kernelW, strideW);
    }

    /** Input channels per group. */
    public int inChannelsPerGroup() {
        return inChannels / groups;
    }

    /** Output channels per group. */
    public int outChannelsPerGroup() {
        return outChannels / groups;
    }

    /** Elements of the input tensor. */
    public int inputSize() {
        return batch * inChannels * inH * inW;
    }

    /** Elements of the output tensor. */
    public int outputSize() {
        return batch * outChannels * outH() * outW();
    }

    /** Elements of the weight tensor. */
    public int weightSize() {
        return outChannels * inChannelsPerGroup() * kernelH * kernelW;
    }

    /** Multiply-adds of one forward pass (each is two floating-point operations). */
    public long multiplyAdds() {
        return (long) batch * outChannels * outH() * outW() * inChannelsPerGroup() * kernelH * kernelW;
    }

    /** True for a 1x1 convolution with stride 1, no padding and one group: a plain matrix product. */
    public boolean isPointwise() {
        return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && padH == 0 && padW == 0
                && groups == 1;
    }

    /** True when every channel is convolved on its own: {@code groups == inChannels == outChannels}. */
    public boolean isDepthwise() {
        return groups == inChannels && groups == outChannels;
    }

    private static long outSize(int in, int pad, int dilation, int kernel, int stride) {
        return Math.floorDiv((long) in + 2L * pad - (long) dilation * (kernel - 1) - 1, (long) stride) + 1;
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}

package io.github.cola4j.tensor.cpu;

/**
 * Shape of a 2-d convolution over NCHW input with zero padding, as in PyTorch's {@code Conv2d}.
 *
 * <p>Input is [batch, inChannels, inH, inW], weight [outChannels, inChannels / groups, kernelH, kernelW],
 * output [batch, outChannels, outH, outW] with {@code out = (in + 2 pad - dilation (kernel - 1) - 1) / stride + 1}.
 *
 * <p>The constructor throws {@link IllegalArgumentException} when a size is not positive, padding is negative,
 * the channels are not divisible by the groups, or the output would be empty.
 *
 * @param batch number of images N, at least 1
 * @param inChannels input channels, at least 1 and divisible by {@code groups}
 * @param inH input height in pixels, at least 1
 * @param inW input width in pixels, at least 1
 * @param outChannels output channels (filters), at least 1 and divisible by {@code groups}
 * @param kernelH kernel height in taps, at least 1
 * @param kernelW kernel width in taps, at least 1
 * @param strideH vertical step between output rows, at least 1
 * @param strideW horizontal step between output columns, at least 1
 * @param padH zero rows added above and below the input, at least 0
 * @param padW zero columns added left and right of the input, at least 0
 * @param dilationH vertical spacing between kernel taps, at least 1 (1 for a dense kernel)
 * @param dilationW horizontal spacing between kernel taps, at least 1 (1 for a dense kernel)
 * @param groups number of channel groups, at least 1; equal to both channel counts for depthwise
 */
public record Conv2dGeometry(int batch, int inChannels, int inH, int inW, int outChannels,
                             int kernelH, int kernelW, int strideH, int strideW, int padH, int padW,
                             int dilationH, int dilationW, int groups) {

    /**
     * Validates the sizes; see the class description.
     *
     * @param batch number of images, at least 1
     * @param inChannels input channels, at least 1
     * @param inH input height, at least 1
     * @param inW input width, at least 1
     * @param outChannels output channels, at least 1
     * @param kernelH kernel height, at least 1
     * @param kernelW kernel width, at least 1
     * @param strideH vertical stride, at least 1
     * @param strideW horizontal stride, at least 1
     * @param padH vertical zero padding, at least 0
     * @param padW horizontal zero padding, at least 0
     * @param dilationH vertical dilation, at least 1
     * @param dilationW horizontal dilation, at least 1
     * @param groups channel groups, dividing both channel counts
     * @throws IllegalArgumentException if a size is out of range, the groups do not divide the channels, the output
     *     would be empty, or a tensor would exceed 2^31-1 elements
     */
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

    /**
     * Convenience for the common square case: stride, padding and dilation equal in both directions.
     *
     * @param batch number of images N, at least 1
     * @param inChannels input channels, at least 1
     * @param inH input height in pixels, at least 1
     * @param inW input width in pixels, at least 1
     * @param outChannels output channels, at least 1
     * @param kernel kernel height and width, at least 1
     * @param stride step in both directions, at least 1
     * @param pad zero cells added on every side, at least 0
     * @param groups number of channel groups, dividing both channel counts
     * @return the geometry, with dilation 1
     * @throws IllegalArgumentException on the conditions listed in the class description
     */
    public static Conv2dGeometry of(int batch, int inChannels, int inH, int inW, int outChannels, int kernel,
                                    int stride, int pad, int groups) {
        return new Conv2dGeometry(batch, inChannels, inH, inW, outChannels, kernel, kernel, stride, stride,
                pad, pad, 1, 1, groups);
    }

    /**
     * Output height.
     *
     * @return rows of the output, at least 1
     */
    public int outH() {
        return (int) outSize(inH, padH, dilationH, kernelH, strideH);
    }

    /**
     * Output width.
     *
     * @return columns of the output, at least 1
     */
    public int outW() {
        return (int) outSize(inW, padW, dilationW, kernelW, strideW);
    }

    /**
     * Input channels per group.
     *
     * @return {@code inChannels / groups}: the second dimension of the weight
     */
    public int inChannelsPerGroup() {
        return inChannels / groups;
    }

    /**
     * Output channels per group.
     *
     * @return {@code outChannels / groups}
     */
    public int outChannelsPerGroup() {
        return outChannels / groups;
    }

    /**
     * Elements of the input tensor.
     *
     * @return {@code batch * inChannels * inH * inW}
     */
    public int inputSize() {
        return batch * inChannels * inH * inW;
    }

    /**
     * Elements of the output tensor.
     *
     * @return {@code batch * outChannels * outH * outW}
     */
    public int outputSize() {
        return batch * outChannels * outH() * outW();
    }

    /**
     * Elements of the weight tensor.
     *
     * @return {@code outChannels * inChannels / groups * kernelH * kernelW}
     */
    public int weightSize() {
        return outChannels * inChannelsPerGroup() * kernelH * kernelW;
    }

    /**
     * Multiply-adds of one forward pass (each is two floating-point operations).
     *
     * @return the count for the whole batch, taps on the zero padding included, the bias not counted
     */
    public long multiplyAdds() {
        return (long) batch * outChannels * outH() * outW() * inChannelsPerGroup() * kernelH * kernelW;
    }

    /**
     * True for a 1x1 convolution with stride 1, no padding and one group: a plain matrix product.
     *
     * @return whether the convolution is pointwise; dilation does not matter for a 1x1 kernel
     */
    public boolean isPointwise() {
        return kernelH == 1 && kernelW == 1 && strideH == 1 && strideW == 1 && padH == 0 && padW == 0
                && groups == 1;
    }

    /**
     * True when every channel is convolved on its own: {@code groups == inChannels == outChannels}.
     *
     * @return whether the convolution is depthwise with one filter per channel
     */
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

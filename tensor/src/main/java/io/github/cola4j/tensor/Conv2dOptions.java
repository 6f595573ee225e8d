package io.github.cola4j.tensor;

/**
 * Stride, zero padding, dilation and groups of a 2-D convolution, as in PyTorch's {@code conv2d}.
 * Depthwise convolution is {@code groups == channels}.
 */
public record Conv2dOptions(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {

    /**
     * Checks the options; throws TensorException when a stride, dilation or group count is below 1 or a padding is
     * negative.
     */
    public Conv2dOptions {
        if (strideH < 1 || strideW < 1 || padH < 0 || padW < 0 || dilationH < 1 || dilationW < 1 || groups < 1) {
            throw new TensorException("conv2d: bad options " + this);
        }
    }

    /** Stride 1, no padding, dilation 1, one group. */
    public static Conv2dOptions defaults() {
        return new Conv2dOptions(1, 1, 0, 0, 1, 1, 1);
    }

    /** Square stride and padding, dilation 1. */
    public static Conv2dOptions of(int stride, int padding, int groups) {
        return new Conv2dOptions(stride, stride, padding, padding, 1, 1, groups);
    }

    /** These options with another dilation (vertical, horizontal). */
    public Conv2dOptions withDilation(int dh, int dw) {
        return new Conv2dOptions(strideH, strideW, padH, padW, dh, dw, groups);
    }
}

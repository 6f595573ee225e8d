package io.github.cola4j.tensor;

/**
 * Stride, zero padding, dilation and groups of a 2-D convolution, as in PyTorch's {@code conv2d}.
 * Depthwise convolution is {@code groups == channels}.
 *
 * @param strideH vertical step of the kernel between output rows, at least 1
 * @param strideW horizontal step of the kernel between output columns, at least 1
 * @param padH zero rows added above and below the input, at least 0
 * @param padW zero columns added left and right of the input, at least 0
 * @param dilationH vertical spacing between kernel taps, 1 for a dense kernel
 * @param dilationW horizontal spacing between kernel taps, 1 for a dense kernel
 * @param groups number of channel groups, at least 1; input and output channels must both divide by it
 */
public record Conv2dOptions(int strideH, int strideW, int padH, int padW, int dilationH, int dilationW, int groups) {

    /**
     * Checks the options; throws TensorException when a stride, dilation or group count is below 1 or a padding is
     * negative.
     *
     * @param strideH vertical stride, at least 1
     * @param strideW horizontal stride, at least 1
     * @param padH zero rows above and below, at least 0
     * @param padW zero columns left and right, at least 0
     * @param dilationH vertical tap spacing, at least 1
     * @param dilationW horizontal tap spacing, at least 1
     * @param groups channel groups, at least 1 (divisibility of the channels is checked by the op)
     * @throws TensorException if a value is out of range
     */
    public Conv2dOptions {
        if (strideH < 1 || strideW < 1 || padH < 0 || padW < 0 || dilationH < 1 || dilationW < 1 || groups < 1) {
            // the fields are not set yet inside the compact constructor: name the parameters themselves
            throw new TensorException("conv2d: bad options stride " + strideH + "x" + strideW + ", padding " + padH
                    + "x" + padW + ", dilation " + dilationH + "x" + dilationW + ", groups " + groups
                    + " (stride, dilation and groups at least 1, padding at least 0)");
        }
    }

    /**
     * Stride 1, no padding, dilation 1, one group.
     *
     * @return the options of a plain dense convolution
     */
    public static Conv2dOptions defaults() {
        return new Conv2dOptions(1, 1, 0, 0, 1, 1, 1);
    }

    /**
     * Square stride and padding, dilation 1.
     *
     * @param stride step in both directions, at least 1
     * @param padding zero cells added on every side, at least 0
     * @param groups number of channel groups, at least 1 (the channel count for depthwise)
     * @return the options
     * @throws TensorException if a value is out of range
     */
    public static Conv2dOptions of(int stride, int padding, int groups) {
        return new Conv2dOptions(stride, stride, padding, padding, 1, 1, groups);
    }

    /**
     * These options with another dilation (vertical, horizontal).
     *
     * @param dh vertical dilation, at least 1
     * @param dw horizontal dilation, at least 1
     * @return a new options record; this one is unchanged
     * @throws TensorException if a dilation is below 1
     */
    public Conv2dOptions withDilation(int dh, int dw) {
        return new Conv2dOptions(strideH, strideW, padH, padW, dh, dw, groups);
    }
}

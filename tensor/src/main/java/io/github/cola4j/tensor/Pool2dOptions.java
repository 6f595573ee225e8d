package io.github.cola4j.tensor;

/**
 * Window, stride and zero padding of 2-D max or average pooling. Average pooling counts padded cells, as
 * PyTorch's {@code avg_pool2d} does by default; max pooling ignores them.
 *
 * @param kernelH window height, at least 1
 * @param kernelW window width, at least 1
 * @param strideH vertical step of the window between output rows, at least 1
 * @param strideW horizontal step of the window between output columns, at least 1
 * @param padH rows of padding above and below the input, from 0 to {@code kernelH / 2}
 * @param padW columns of padding left and right of the input, from 0 to {@code kernelW / 2}
 */
public record Pool2dOptions(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {

    /**
     * Checks the options; throws TensorException when a window or stride is below 1, or a padding is negative or
     * more than half the window.
     *
     * @param kernelH window height, at least 1
     * @param kernelW window width, at least 1
     * @param strideH vertical stride, at least 1
     * @param strideW horizontal stride, at least 1
     * @param padH vertical padding, from 0 to {@code kernelH / 2}
     * @param padW horizontal padding, from 0 to {@code kernelW / 2}
     * @throws TensorException if a value is out of range
     */
    public Pool2dOptions {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0
                || padH > kernelH / 2 || padW > kernelW / 2) {
            // the fields are not set yet inside the compact constructor: name the parameters themselves
            throw new TensorException("pool2d: bad options kernel " + kernelH + "x" + kernelW + ", stride " + strideH
                    + "x" + strideW + ", padding " + padH + "x" + padW + " (window and stride at least 1, padding at"
                    + " most half the window)");
        }
    }

    /**
     * Square window, stride and padding.
     *
     * @param kernel window height and width, at least 1
     * @param stride step in both directions, at least 1
     * @param padding padding on every side, from 0 to {@code kernel / 2}
     * @return the options
     * @throws TensorException if a value is out of range
     */
    public static Pool2dOptions of(int kernel, int stride, int padding) {
        return new Pool2dOptions(kernel, kernel, stride, stride, padding, padding);
    }

    /**
     * Output height for an input of height {@code inH}: floor((inH + 2 padH - kernelH) / strideH) + 1.
     *
     * @param inH input height in pixels
     * @return output height in pixels; 0 or less when the window is taller than the padded input
     */
    public int outH(int inH) {
        return Math.floorDiv(inH + 2 * padH - kernelH, strideH) + 1;
    }

    /**
     * Output width for an input of width {@code inW}: floor((inW + 2 padW - kernelW) / strideW) + 1.
     *
     * @param inW input width in pixels
     * @return output width in pixels; 0 or less when the window is wider than the padded input
     */
    public int outW(int inW) {
        return Math.floorDiv(inW + 2 * padW - kernelW, strideW) + 1;
    }
}

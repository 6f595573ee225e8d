package io.github.cola4j.tensor;

/**
 * Window, stride and zero padding of 2-D max or average pooling. Average pooling counts padded cells, as
 * PyTorch's {@code avg_pool2d} does by default; max pooling ignores them.
 */
public record Pool2dOptions(int kernelH, int kernelW, int strideH, int strideW, int padH, int padW) {

    /**
     * Checks the options; throws TensorException when a window or stride is below 1, or a padding is negative or
     * more than half the window.
     */
    public Pool2dOptions {
        if (kernelH < 1 || kernelW < 1 || strideH < 1 || strideW < 1 || padH < 0 || padW < 0
                || padH > kernelH / 2 || padW > kernelW / 2) {
            throw new TensorException("pool2d: bad options " + this
                    + " (padding may be at most half the window)");
        }
    }

    /** Square window, stride and padding. */
    public static Pool2dOptions of(int kernel, int stride, int padding) {
        return new Pool2dOptions(kernel, kernel, stride, stride, padding, padding);
    }

    /** Output height for an input of height {@code inH}: (inH + 2 padH - kernelH) / strideH + 1. */
    public int outH(int inH) {
        return (inH + 2 * padH - kernelH) / strideH + 1;
    }

    /** Output width for an input of width {@code inW}: (inW + 2 padW - kernelW) / strideW + 1. */
    public int outW(int inW) {
        return (inW + 2 * padW - kernelW) / strideW + 1;
    }
}

package io.github.cola4j.opencl;

/**
 * Direct convolution kernels for CPU devices (PoCL), for convolutions with one input channel per group (depthwise
 * convolutions, and stems over a single input channel): the same results as {@link WindowKernels}' {@code conv},
 * {@code convBackInput} and {@code convBackWeight}, with the same arguments. A CPU OpenCL runtime runs a work
 * group's items one after the other, so these kernels give each item a whole row or a whole weight, divide only
 * once per row or per element (never per tap), need no local memory or barriers, and bound their loops by values
 * that depend on the item, which keeps PoCL from splitting them into per-iteration regions:
 *
 * <ul>
 * <li>{@link #convRows}: one item per output row (sample, output channel, output row), looping over its columns;</li>
 * <li>{@link #convBackInputRows}: one item per input row (sample, channel, input row), visiting for each element
 * only the taps whose output position is whole (dilation 1);</li>
 * <li>{@link #convBackWeightRows}: one item per weight, summing over the samples and the output rows and columns
 * whose input position lies inside the image (no bounds check in the inner loop), in 4 partial sums added at the
 * end.</li>
 * </ul>
 */
abstract class WindowCpuKernels extends WindowKernels {

    WindowCpuKernels(int capacity) {
        super(capacity);
    }

    /** Forward, one item per output row: x at windowX, w at windowW, the bias when hasBias, y at windowOut. */
    final void convRows() {
        int row = getGlobalId();
        if (row < items) {
            int oh = row % outH();
            int t = row / outH();
            int o = t % outChannels();
            int nb = t / outChannels();
            int opg = outChannels() / groups();
            int c = o / opg;
            int xPlane = windowX() + (nb * inChannels() + c) * inH() * inW();
            int wBase = windowW() + o * kernelH() * kernelW();
            int yRow = windowOut() + row * outW();
            float bias = hasBias() == 1 ? mem[windowBias() + o] : 0f;
            int width = outW();
            for (int ow = 0; ow < width; ow++) {
                float acc = 0f;
                int ix0 = ow * strideW() - padW();
                for (int ky = 0; ky < kernelH(); ky++) {
                    int iy = oh * strideH() - padH() + ky * dilationH();
                    if (iy >= 0 && iy < inH()) {
                        int xRow = xPlane + iy * inW();
                        int wRow = wBase + ky * kernelW();
                        for (int kx = 0; kx < kernelW(); kx++) {
                            int ix = ix0 + kx * dilationW();
                            if (ix >= 0 && ix < inW()) {
                                acc += mem[xRow + ix] * mem[wRow + kx];
                            }
                        }
                    }
                }
                mem[yRow + ow] = acc + bias;
            }
        }
    }

    /**
     * Input gradient (dilation 1), one item per input row: gradOut at windowGrad, w at windowW, dx at windowOut.
     * Input row iy receives from window row ky = ry + j * strideH (ry = (iy + padH) mod strideH) the output row
     * oh0 - j, and element ix from ky's column kx = rx + i * strideW the output column ow0 - i.
     */
    final void convBackInputRows() {
        int row = getGlobalId();
        if (row < items) {
            int iy = row % inH();
            int t = row / inH();
            int c = t % inChannels();
            int nb = t / inChannels();
            int opg = outChannels() / groups();
            int ry = (iy + padH()) % strideH();
            int oh0 = (iy + padH() - ry) / strideH();
            int dxRow = windowOut() + row * inW();
            int width = inW();
            for (int ix = 0; ix < width; ix++) {
                int rx = (ix + padW()) % strideW();
                int ow0 = (ix + padW() - rx) / strideW();
                float acc = 0f;
                for (int oo = 0; oo < opg; oo++) {
                    int o = c * opg + oo;
                    int gPlane = windowGrad() + (nb * outChannels() + o) * outH() * outW();
                    int wBase = windowW() + o * kernelH() * kernelW();
                    int oh = oh0;
                    for (int ky = ry; ky < kernelH(); ky += strideH()) {
                        if (oh >= 0 && oh < outH()) {
                            int gRow = gPlane + oh * outW();
                            int wRow = wBase + ky * kernelW();
                            int ow = ow0;
                            for (int kx = rx; kx < kernelW(); kx += strideW()) {
                                if (ow >= 0 && ow < outW()) {
                                    acc += mem[gRow + ow] * mem[wRow + kx];
                                }
                                ow--;
                            }
                        }
                        oh--;
                    }
                }
                mem[dxRow + ix] = acc;
            }
        }
    }

    /**
     * Weight gradient, one item per weight (o, ky, kx): gradOut at windowGrad, x at windowX, dw at windowOut. The
     * output rows oh in [ohLo, ohHi) and columns ow in [owLo, owHi) are those whose input position
     * {@code oh * strideH - padH + ky * dilationH} (and the same for columns) lies inside the image.
     */
    final void convBackWeightRows() {
        int wi = getGlobalId();
        if (wi < items) {
            int kx = wi % kernelW();
            int t = wi / kernelW();
            int ky = t % kernelH();
            int o = t / kernelH();
            int c = o / (outChannels() / groups());
            int top = padH() - ky * dilationH();
            int ohLo = top > 0 ? (top + strideH() - 1) / strideH() : 0;
            int bottom = inH() - 1 + top;
            int ohHi = bottom < 0 ? 0 : bottom / strideH() + 1;
            ohHi = ohHi < outH() ? ohHi : outH();
            int left = padW() - kx * dilationW();
            int owLo = left > 0 ? (left + strideW() - 1) / strideW() : 0;
            int right = inW() - 1 + left;
            int owHi = right < 0 ? 0 : right / strideW() + 1;
            owHi = owHi < outW() ? owHi : outW();
            int sw = strideW();
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int nb = 0; nb < batch(); nb++) {
                int gPlane = windowGrad() + (nb * outChannels() + o) * outH() * outW();
                int xPlane = windowX() + (nb * inChannels() + c) * inH() * inW();
                for (int oh = ohLo; oh < ohHi; oh++) {
                    int gRow = gPlane + oh * outW();
                    // x(iy, ow * sw - left) for this output row
                    int xRow = xPlane + (oh * strideH() - top) * inW() - left;
                    int ow = owLo;
                    for (; ow + 3 < owHi; ow += 4) {
                        s0 += mem[gRow + ow] * mem[xRow + ow * sw];
                        s1 += mem[gRow + ow + 1] * mem[xRow + (ow + 1) * sw];
                        s2 += mem[gRow + ow + 2] * mem[xRow + (ow + 2) * sw];
                        s3 += mem[gRow + ow + 3] * mem[xRow + (ow + 3) * sw];
                    }
                    for (; ow < owHi; ow++) {
                        s0 += mem[gRow + ow] * mem[xRow + ow * sw];
                    }
                }
            }
            mem[windowOut() + wi] = (s0 + s1) + (s2 + s3);
        }
    }
}

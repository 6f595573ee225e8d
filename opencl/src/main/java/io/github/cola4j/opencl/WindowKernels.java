package io.github.cola4j.opencl;

/**
 * Sliding-window kernels: 2-D convolution (forward, input gradient, weight gradient; any kernel size, stride,
 * padding, dilation and groups) and windowed max / average pooling with its backward. Tensors are dense NCHW
 * (weights OIHW); pooling sees the input as [planes, inH, inW] and the output as [planes, outH, outW], with
 * padding at most half the window so that every window holds an element, and average pooling dividing by the
 * whole window (padding counted).
 */
abstract class WindowKernels extends GemmCpuKernels {
    /** Arena offset of the input x (convolution forward and weight gradient, pooling). */
    final int windowX() {
        return arg0;
    }

    /** Sets {@link #windowX()}. */
    final void setWindowX(int v) {
        arg0 = v;
    }

    /** Arena offset of the convolution weight. */
    final int windowW() {
        return arg1;
    }

    /** Sets {@link #windowW()}. */
    final void setWindowW(int v) {
        arg1 = v;
    }

    /** Arena offset of the output gradient (backward kernels). */
    final int windowGrad() {
        return arg2;
    }

    /** Sets {@link #windowGrad()}. */
    final void setWindowGrad(int v) {
        arg2 = v;
    }

    /** Arena offset of the result: y, dx or dw. */
    final int windowOut() {
        return arg3;
    }

    /** Sets {@link #windowOut()}. */
    final void setWindowOut(int v) {
        arg3 = v;
    }

    /** Arena offset of the convolution bias, read when {@link #hasBias()} is 1. */
    final int windowBias() {
        return arg4;
    }

    /** Sets {@link #windowBias()}. */
    final void setWindowBias(int v) {
        arg4 = v;
    }

    /** 1 when the convolution adds a bias. */
    final int hasBias() {
        return arg5;
    }

    /** Sets {@link #hasBias()}. */
    final void setHasBias(int v) {
        arg5 = v;
    }

    /** Samples N (convolution). */
    final int batch() {
        return arg6;
    }

    /** Sets {@link #batch()}. */
    final void setBatch(int v) {
        arg6 = v;
    }

    /** Input channels C (convolution). */
    final int inChannels() {
        return arg7;
    }

    /** Sets {@link #inChannels()}. */
    final void setInChannels(int v) {
        arg7 = v;
    }

    /** Input height. */
    final int inH() {
        return arg8;
    }

    /** Input width. */
    final int inW() {
        return arg9;
    }

    /** Output channels O (convolution). */
    final int outChannels() {
        return arg10;
    }

    /** Sets {@link #outChannels()}. */
    final void setOutChannels(int v) {
        arg10 = v;
    }

    /** Window height. */
    final int kernelH() {
        return arg11;
    }

    /** Window width. */
    final int kernelW() {
        return arg12;
    }

    /** Vertical stride. */
    final int strideH() {
        return arg13;
    }

    /** Horizontal stride. */
    final int strideW() {
        return arg14;
    }

    /** Padding above and below. */
    final int padH() {
        return arg15;
    }

    /** Padding left and right. */
    final int padW() {
        return arg16;
    }

    /** Vertical dilation (convolution). */
    final int dilationH() {
        return arg17;
    }

    /** Sets {@link #dilationH()}. */
    final void setDilationH(int v) {
        arg17 = v;
    }

    /** Horizontal dilation (convolution). */
    final int dilationW() {
        return arg18;
    }

    /** Sets {@link #dilationW()}. */
    final void setDilationW(int v) {
        arg18 = v;
    }

    /** Convolution groups. */
    final int groups() {
        return arg19;
    }

    /** Sets {@link #groups()}. */
    final void setGroups(int v) {
        arg19 = v;
    }

    /** Output height. */
    final int outH() {
        return arg20;
    }

    /** Output width. */
    final int outW() {
        return arg21;
    }

    /** Pooling: 1 for max, 0 for average. */
    final int maxPool() {
        return arg22;
    }

    /** Sets {@link #maxPool()}. */
    final void setMaxPool(int v) {
        arg22 = v;
    }

    WindowKernels(int capacity) {
        super(capacity);
    }

    /**
     * The window of the next launch.
     *
     * @param h input height
     * @param w input width
     * @param oh output height
     * @param ow output width
     * @param kh window height
     * @param kw window width
     * @param sh vertical stride
     * @param sw horizontal stride
     * @param ph vertical padding
     * @param pw horizontal padding
     */
    final void window(int h, int w, int oh, int ow, int kh, int kw, int sh, int sw, int ph, int pw) {
        arg8 = h;
        arg9 = w;
        arg20 = oh;
        arg21 = ow;
        arg11 = kh;
        arg12 = kw;
        arg13 = sh;
        arg14 = sw;
        arg15 = ph;
        arg16 = pw;
    }

    // ---------------------------------------------------------------- convolution

    /** Convolution, one work item per output element: x at windowX, w at windowW, y at windowOut. */
    final void conv() {
        int i = getGlobalId();
        if (i < items) {
            int ow = i % outW();
            int t = i / outW();
            int oh = t % outH();
            t = t / outH();
            int o = t % outChannels();
            int nb = t / outChannels();
            int cpg = inChannels() / groups();
            int g = o / (outChannels() / groups());
            float acc = 0f;
            for (int ci = 0; ci < cpg; ci++) {
                int xBase = windowX() + (nb * inChannels() + g * cpg + ci) * inH() * inW();
                int wBase = windowW() + (o * cpg + ci) * kernelH() * kernelW();
                for (int ky = 0; ky < kernelH(); ky++) {
                    int iy = oh * strideH() - padH() + ky * dilationH();
                    if (iy >= 0 && iy < inH()) {
                        for (int kx = 0; kx < kernelW(); kx++) {
                            int ix = ow * strideW() - padW() + kx * dilationW();
                            if (ix >= 0 && ix < inW()) {
                                acc += mem[xBase + iy * inW() + ix] * mem[wBase + ky * kernelW() + kx];
                            }
                        }
                    }
                }
            }
            if (hasBias() == 1) {
                acc += mem[windowBias() + o];
            }
            mem[windowOut() + i] = acc;
        }
    }

    /** Input gradient, one work item per input element: gradOut at windowGrad, w at windowW, dx at windowOut. */
    final void convBackInput() {
        int i = getGlobalId();
        if (i < items) {
            int ix = i % inW();
            int t = i / inW();
            int iy = t % inH();
            t = t / inH();
            int c = t % inChannels();
            int nb = t / inChannels();
            int cpg = inChannels() / groups();
            int opg = outChannels() / groups();
            int g = c / cpg;
            int ci = c % cpg;
            float acc = 0f;
            for (int oo = 0; oo < opg; oo++) {
                int o = g * opg + oo;
                int gBase = windowGrad() + (nb * outChannels() + o) * outH() * outW();
                int wBase = windowW() + (o * cpg + ci) * kernelH() * kernelW();
                for (int ky = 0; ky < kernelH(); ky++) {
                    int ty = iy + padH() - ky * dilationH();
                    if (ty >= 0 && ty % strideH() == 0 && ty / strideH() < outH()) {
                        int oh = ty / strideH();
                        for (int kx = 0; kx < kernelW(); kx++) {
                            int tx = ix + padW() - kx * dilationW();
                            if (tx >= 0 && tx % strideW() == 0 && tx / strideW() < outW()) {
                                acc += mem[gBase + oh * outW() + tx / strideW()] * mem[wBase + ky * kernelW() + kx];
                            }
                        }
                    }
                }
            }
            mem[windowOut() + i] = acc;
        }
    }

    /**
     * Weight gradient, one work group per weight element, its items sharing the (n, oh, ow) sum: gradOut at
     * windowGrad, x at windowX, dw at windowOut.
     */
    final void convBackWeight() {
        int wi = getGroupId();
        int l = getLocalId();
        int kx = wi % kernelW();
        int t = wi / kernelW();
        int ky = t % kernelH();
        t = t / kernelH();
        int cpg = inChannels() / groups();
        int ci = t % cpg;
        int o = t / cpg;
        int g = o / (outChannels() / groups());
        int c = g * cpg + ci;
        int per = outH() * outW();
        int count = batch() * per;
        float acc = 0f;
        for (int j = l; j < count; j += GROUP) {
            int nb = j / per;
            int r = j % per;
            int oh = r / outW();
            int ow = r % outW();
            int iy = oh * strideH() - padH() + ky * dilationH();
            int ix = ow * strideW() - padW() + kx * dilationW();
            if (iy >= 0 && iy < inH() && ix >= 0 && ix < inW()) {
                acc += mem[windowGrad() + (nb * outChannels() + o) * per + r]
                        * mem[windowX() + ((nb * inChannels() + c) * inH() + iy) * inW() + ix];
            }
        }
        red[l] = acc;
        localBarrier();
        reduceLocal(l, REDUCE_SUM, 0);
        if (l == 0) {
            mem[windowOut() + wi] = red[0];
        }
    }

    // ---------------------------------------------------------------- windowed pooling

    /** One work item per output element: the window's maximum (NaN when it holds one) or mean, to windowOut. */
    final void pool() {
        int i = getGlobalId();
        if (i < items) {
            int ow = i % outW();
            int t = i / outW();
            int oh = t % outH();
            int plane = t / outH();
            int xBase = windowX() + plane * inH() * inW();
            float acc = maxPool() == 1 ? -3.4028235e38f : 0f;
            int nan = 0;
            float nanValue = 0f;
            for (int ky = 0; ky < kernelH(); ky++) {
                int r = oh * strideH() - padH() + ky;
                if (r >= 0 && r < inH()) {
                    for (int kx = 0; kx < kernelW(); kx++) {
                        int c = ow * strideW() - padW() + kx;
                        if (c >= 0 && c < inW()) {
                            float v = mem[xBase + r * inW() + c];
                            if (v != v) {
                                nan = 1;
                                nanValue = v;
                            }
                            if (maxPool() == 1) {
                                acc = v > acc ? v : acc;
                            } else {
                                acc += v;
                            }
                        }
                    }
                }
            }
            if (maxPool() == 1 && nan == 1) {
                acc = nanValue;
            }
            mem[windowOut() + i] = maxPool() == 1 ? acc : acc / (float) (kernelH() * kernelW());
        }
    }

    /**
     * One work item per input element: the sum over the windows holding it of their output gradient (windowGrad)
     * divided by the window's size (mean) or, for max, of those whose first largest element it is. dx to
     * windowOut; x at windowX.
     */
    final void poolBackward() {
        int i = getGlobalId();
        if (i < items) {
            int col = i % inW();
            int t = i / inW();
            int row = t % inH();
            int plane = t / inH();
            int xBase = windowX() + plane * inH() * inW();
            int gBase = windowGrad() + plane * outH() * outW();
            float acc = 0f;
            for (int ky = 0; ky < kernelH(); ky++) {
                int ty = row + padH() - ky;
                if (ty >= 0 && ty % strideH() == 0 && ty / strideH() < outH()) {
                    int oh = ty / strideH();
                    for (int kx = 0; kx < kernelW(); kx++) {
                        int tx = col + padW() - kx;
                        if (tx >= 0 && tx % strideW() == 0 && tx / strideW() < outW()) {
                            int ow = tx / strideW();
                            float g = mem[gBase + oh * outW() + ow];
                            if (maxPool() == 1) {
                                if (firstMaxOfWindow(xBase, oh, ow) == row * inW() + col) {
                                    acc += g;
                                }
                            } else {
                                acc += g / (float) (kernelH() * kernelW());
                            }
                        }
                    }
                }
            }
            mem[windowOut() + i] = acc;
        }
    }

    /** Position (row * W + col) in its plane of the first largest element of window (oh, ow). */
    final int firstMaxOfWindow(int xBase, int oh, int ow) {
        int best = -1;
        float bestV = 0f;
        for (int ky = 0; ky < kernelH(); ky++) {
            int r = oh * strideH() - padH() + ky;
            if (r >= 0 && r < inH()) {
                for (int kx = 0; kx < kernelW(); kx++) {
                    int c = ow * strideW() - padW() + kx;
                    if (c >= 0 && c < inW()) {
                        float v = mem[xBase + r * inW() + c];
                        if (best < 0 || v > bestV) {
                            best = r * inW() + c;
                            bestV = v;
                        }
                    }
                }
            }
        }
        return best;
    }
}

package io.github.cola4j.opencl;

import static io.github.cola4j.opencl.OpenClBackend.CPU;
import static io.github.cola4j.opencl.OpenClBackend.onDevice;

import io.github.cola4j.tensor.Conv2dOptions;
import io.github.cola4j.tensor.Pool2dOptions;
import io.github.cola4j.tensor.ReduceOp;
import io.github.cola4j.tensor.Tensor;
import java.lang.ref.Reference;

/**
 * Host code of {@link WindowKernels}: convolution forward and gradients (1x1 convolutions through
 * {@link GemmOps}, others through the direct kernels) and windowed max / average pooling.
 */
final class WindowOps {
    private final OpenClBackend backend;
    private final Launcher l;
    private final DeviceKernel k;

    WindowOps(OpenClBackend backend, Launcher l) {
        this.backend = backend;
        this.l = l;
        this.k = l.k;
    }

    private static boolean pointwise(int[] w, Conv2dOptions o) {
        return w[2] == 1 && w[3] == 1 && o.groups() == 1 && o.strideH() == 1 && o.strideW() == 1
                && o.padH() == 0 && o.padW() == 0;
    }

    private void convGeometry(int[] x, int[] w, Conv2dOptions o, int outH, int outW) {
        k.window(x[2], x[3], outH, outW, w[2], w[3], o.strideH(), o.strideW(), o.padH(), o.padW());
        k.setBatch(x[0]);
        k.setInChannels(x[1]);
        k.setOutChannels(w[0]);
        k.setDilationH(o.dilationH());
        k.setDilationW(o.dilationW());
        k.setGroups(o.groups());
    }

    /**
     * FLOPs of a direct convolution and of each of its gradients: a multiply-add for every output element and every
     * weight of its group's window.
     */
    private static long convFlops(long outputs, int inChannels, int[] w, Conv2dOptions o) {
        return 2 * outputs * (inChannels / o.groups()) * w[2] * w[3];
    }

    /**
     * Whether a direct convolution over {@code inChannels} runs the CPU-device kernels of {@link WindowCpuKernels}:
     * when chosen ({@link OpenClBackend#windowRows}) and each group has one input channel; the input gradient's
     * also needs dilation 1.
     */
    private boolean rows(int inChannels, Conv2dOptions o, boolean inputGradient) {
        return backend.windowRows() && inChannels == o.groups()
                && (!inputGradient || o.dilationH() == 1 && o.dilationW() == 1);
    }

    private static int outSize(int in, int kernel, int stride, int pad, int dil) {
        return (in + 2 * pad - dil * (kernel - 1) - 1) / stride + 1;
    }

    Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dOptions o) {
        if (!onDevice(x, w, bias)) {
            return backend.onCpu("conv2d", c -> new Tensor[] {CPU.conv2d(c[0], c[1], c[2], o)}, x, w, bias)[0];
        }
        int[] xs = x.shape();
        int[] ws = w.shape();
        int oh = outSize(xs[2], ws[2], o.strideH(), o.padH(), o.dilationH());
        int ow = outSize(xs[3], ws[3], o.strideW(), o.padW(), o.dilationW());
        Tensor xd = backend.dense(x);
        Tensor wd = backend.dense(w);
        Tensor bd = bias == null ? null : backend.dense(bias);
        Tensor out = backend.output(xs[0], ws[0], oh, ow);
        if (pointwise(ws, o)) {
            int c = xs[1];
            int hw = xs[2] * xs[3];
            // out[n] (O x HW) = W (O x C) @ x[n] (C x HW) + bias, the bias added as the product is stored
            pointwiseProduct(xs[0], ws[0], c, hw, backend.off(wd), c, 1, backend.off(xd), backend.off(out),
                    bd == null ? -1 : backend.off(bd));
            Reference.reachabilityFence(bd);
            return out;
        }
        int n = out.size();
        if (n > 0) {
            convGeometry(xs, ws, o, oh, ow);
            k.setWindowX(backend.off(xd));
            k.setWindowW(backend.off(wd));
            k.setWindowOut(backend.off(out));
            k.setHasBias(bd == null ? 0 : 1);
            k.setWindowBias(bd == null ? 0 : backend.off(bd));
            long flops = convFlops(n, xs[1], ws, o) + (bd == null ? 0 : n);
            long bytes = Launcher.bytes((long) x.size() + w.size() + n + (bd == null ? 0 : ws[0]));
            if (rows(xs[1], o, false)) {
                k.items = xs[0] * ws[0] * oh;
                l.launch(DeviceKernel.OP_CONV_ROWS, l.range1(k.items), flops, bytes);
            } else {
                k.items = n;
                l.launch(DeviceKernel.OP_CONV, l.range1(n), flops, bytes);
            }
        }
        return out;
    }

    /**
     * out[n] (rows x HW) = A (rows x k) @ b[n] (k x HW) for n in [0, samples), with A the 1x1 weight (or its
     * transpose) at aOff with row stride {@code sar} and k stride {@code sak}, and b and out dense. The shape of the
     * product follows the images: on 1x1 images (squeeze-excite) it is one product with the samples as rows; on
     * images under 64 pixels one product whose columns are (sample, pixel), so that the blocked kernel gets full
     * blocks; otherwise one product per sample in a batched launch. With {@code biasOff} at least 0, the
     * product's store adds the per-row bias (one per output channel) at that arena offset.
     */
    private void pointwiseProduct(int samples, int rows, int kk, int hw, int aOff, int sar, int sak, int bOff,
            int outOff, int biasOff) {
        GemmOps gemms = backend.gemms;
        if (hw == 1) {
            // out (N x rows) = b (N x k) @ A^T (k x rows): the output channels are the product's columns
            gemms.bias(biasOff, 0, 1);
            gemms.gemm(1, samples, kk, rows, bOff, 0, kk, 1, aOff, 0, sak, sar, outOff, false);
        } else if (hw < DeviceKernel.BLOCK && samples > 1) {
            gemms.bias(biasOff, 1, 0);
            gemms.gemm(1, rows, kk, samples * hw, aOff, 0, sar, sak, bOff, 0, hw, 1, outOff, false, Math.max(kk, 1),
                    0, 0, hw, kk * hw, hw, rows * hw);
        } else {
            gemms.bias(biasOff, 1, 0);
            gemms.gemm(samples, rows, kk, hw, aOff, 0, sar, sak, bOff, kk * hw, hw, 1, outOff, false);
        }
    }

    Tensor conv2dBackwardInput(Tensor gradOut, Tensor w, int[] inputShape, Conv2dOptions o) {
        if (!onDevice(gradOut, w)) {
            return backend.onCpu("conv2dBackwardInput",
                    c -> new Tensor[] {CPU.conv2dBackwardInput(c[0], c[1], inputShape, o)}, gradOut, w)[0];
        }
        int[] ws = w.shape();
        int[] gs = gradOut.shape();
        Tensor gd = backend.dense(gradOut);
        Tensor wd = backend.dense(w);
        Tensor dx = backend.output(inputShape);
        if (pointwise(ws, o)) {
            int c = inputShape[1];
            int hw = inputShape[2] * inputShape[3];
            int oc = ws[0];
            // dx[n] (C x HW) = W^T (C x O) @ g[n] (O x HW)
            pointwiseProduct(inputShape[0], c, oc, hw, backend.off(wd), 1, c, backend.off(gd), backend.off(dx), -1);
            return dx;
        }
        int n = dx.size();
        if (n > 0) {
            convGeometry(inputShape, ws, o, gs[2], gs[3]);
            k.setWindowGrad(backend.off(gd));
            k.setWindowW(backend.off(wd));
            k.setWindowOut(backend.off(dx));
            long flops = convFlops(gradOut.size(), inputShape[1], ws, o);
            long bytes = Launcher.bytes((long) gradOut.size() + w.size() + n);
            if (rows(inputShape[1], o, true)) {
                k.items = inputShape[0] * inputShape[1] * inputShape[2];
                l.launch(DeviceKernel.OP_CONV_BACK_INPUT_ROWS, l.range1(k.items), flops, bytes);
            } else {
                k.items = n;
                l.launch(DeviceKernel.OP_CONV_BACK_INPUT, l.range1(n), flops, bytes);
            }
        }
        return dx;
    }

    Tensor conv2dBackwardWeight(Tensor gradOut, Tensor x, int[] weightShape, Conv2dOptions o) {
        if (!onDevice(gradOut, x)) {
            return backend.onCpu("conv2dBackwardWeight",
                    c -> new Tensor[] {CPU.conv2dBackwardWeight(c[0], c[1], weightShape, o)}, gradOut, x)[0];
        }
        int[] xs = x.shape();
        int[] gs = gradOut.shape();
        Tensor gd = backend.dense(gradOut);
        Tensor xd = backend.dense(x);
        Tensor dw = backend.output(weightShape);
        if (pointwise(weightShape, o)) {
            int c = xs[1];
            int hw = xs[2] * xs[3];
            int oc = weightShape[0];
            // dW (O x C) = sum over samples n and pixels p of g[n, o, p] x[n, c, p]: one product whose k = (n, p)
            // runs over both. A GPU needs more work groups than a small O x C gives, so the samples split into
            // `parts` groups, each its own product into a partial [parts, O, C], summed by one reduction.
            int nb = xs[0];
            // four work groups per compute unit: 528 on a 132-unit GPU, 8 on a 2-core CPU device
            int parts = GemmOps.weightGradParts(nb, oc, c, 4 * Math.max(1, l.device.getMaxComputeUnits()));
            int per = nb / parts;
            if (parts == 1) {
                backend.gemms.gemm(1, oc, nb * hw, c, backend.off(gd), 0, hw, 1, backend.off(xd), 0, 1, hw,
                        backend.off(dw), false, hw, oc * hw, c * hw);
                return dw;
            }
            Tensor partial = backend.output(parts, oc, c);
            backend.gemms.gemm(parts, oc, per * hw, c, backend.off(gd), per * oc * hw, hw, 1, backend.off(xd),
                    per * c * hw, 1, hw, backend.off(partial), false, hw, oc * hw, c * hw);
            return backend.reduce(ReduceOp.SUM, partial, new int[] {0}).reshape(weightShape);
        }
        int weights = dw.size();
        if (weights > 0) {
            if ((long) weights * DeviceKernel.GROUP > Integer.MAX_VALUE / 2) {
                return backend.onCpu("conv2dBackwardWeight",
                        c -> new Tensor[] {CPU.conv2dBackwardWeight(c[0], c[1], weightShape, o)}, gradOut, x)[0];
            }
            convGeometry(xs, weightShape, o, gs[2], gs[3]);
            k.setWindowGrad(backend.off(gd));
            k.setWindowX(backend.off(xd));
            k.setWindowOut(backend.off(dw));
            long flops = convFlops(gradOut.size(), xs[1], weightShape, o);
            long bytes = Launcher.bytes((long) gradOut.size() + x.size() + weights);
            if (rows(xs[1], o, false)) {
                k.items = weights;
                l.launch(DeviceKernel.OP_CONV_BACK_WEIGHT_ROWS, l.range1(weights), flops, bytes);
            } else {
                l.launch(DeviceKernel.OP_CONV_BACK_WEIGHT, l.groups(weights), flops, bytes);
            }
        }
        return dw;
    }

    // ---------------------------------------------------------------- windowed pooling

    private void poolGeometry(int[] xs, Pool2dOptions o, boolean max) {
        k.window(xs[2], xs[3], o.outH(xs[2]), o.outW(xs[3]), o.kernelH(), o.kernelW(), o.strideH(), o.strideW(),
                o.padH(), o.padW());
        k.setMaxPool(max ? 1 : 0);
    }

    /** One work item per output element. */
    Tensor pool2d(Tensor x, Pool2dOptions o, boolean max) {
        if (!onDevice(x)) {
            return backend.onCpu("pool2d", c -> new Tensor[] {CPU.pool2d(c[0], o, max)}, x)[0];
        }
        int[] xs = x.shape();
        Tensor in = backend.dense(x);
        Tensor out = backend.output(xs[0], xs[1], o.outH(xs[2]), o.outW(xs[3]));
        if (out.size() > 0) {
            poolGeometry(xs, o, max);
            k.setWindowX(backend.off(in));
            k.setWindowOut(backend.off(out));
            k.items = out.size();
            l.launch(DeviceKernel.OP_POOL, l.range1(k.items), (long) k.items * o.kernelH() * o.kernelW(),
                    Launcher.bytes((long) x.size() + k.items));
        }
        Reference.reachabilityFence(in);
        return out;
    }

    /** One work item per input element, visiting the windows that hold it (max recomputes each one's argmax). */
    Tensor pool2dBackward(Tensor gradOut, Tensor x, Pool2dOptions o, boolean max) {
        if (!onDevice(gradOut, x)) {
            return backend.onCpu("pool2dBackward", c -> new Tensor[] {CPU.pool2dBackward(c[0], c[1], o, max)}, gradOut,
                    x)[0];
        }
        Tensor xd = backend.dense(x);
        Tensor gd = backend.dense(gradOut);
        Tensor dx = backend.output(x.shape());
        if (dx.size() > 0) {
            poolGeometry(x.shape(), o, max);
            k.setWindowX(backend.off(xd));
            k.setWindowGrad(backend.off(gd));
            k.setWindowOut(backend.off(dx));
            k.items = dx.size();
            l.launch(DeviceKernel.OP_POOL_BACK, l.range1(k.items), (long) gradOut.size() * o.kernelH() * o.kernelW(),
                    Launcher.bytes((max ? 2L : 1L) * k.items + gradOut.size()));
        }
        Reference.reachabilityFence(new Tensor[] {xd, gd});
        return dx;
    }
}

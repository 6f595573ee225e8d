package io.github.cola4j.opencl;

import static io.github.cola4j.opencl.CopyOps.fits;
import static io.github.cola4j.opencl.OpenClBackend.CPU;
import static io.github.cola4j.opencl.OpenClBackend.onDevice;

import io.github.cola4j.tensor.ReduceOp;
import io.github.cola4j.tensor.Shape;
import io.github.cola4j.tensor.Tensor;
import java.lang.ref.Reference;

/** Host code of {@link ReductionKernels}: reductions over any axes, argmax, softmax and log-softmax. */
final class ReductionOps {
    private final OpenClBackend backend;
    private final Launcher l;
    private final DeviceKernel k;

    ReductionOps(OpenClBackend backend, Launcher l) {
        this.backend = backend;
        this.l = l;
        this.k = l.k;
    }

    Tensor reduce(ReduceOp op, Tensor x, int[] axes) {
        if (!onDevice(x) || !fits(x)) {
            return backend.onCpu("reduce", c -> new Tensor[] {CPU.reduce(op, c[0], axes)}, x)[0];
        }
        int[] shape = x.shape();
        int[] strides = x.strides();
        boolean[] reduced = new boolean[shape.length];
        for (int a : axes) {
            reduced[a] = true;
        }
        int[] outShape = shape.clone();
        int nk = shape.length - axes.length;
        int[] keptDims = new int[nk];
        int[] keptStrides = new int[nk];
        int[] redDims = new int[axes.length];
        int[] redStrides = new int[axes.length];
        for (int i = 0, kk = 0, r = 0; i < shape.length; i++) {
            if (reduced[i]) {
                outShape[i] = 1;
                redDims[r] = shape[i];
                redStrides[r++] = strides[i];
            } else {
                keptDims[kk] = shape[i];
                keptStrides[kk++] = strides[i];
            }
        }
        int outputs = Shape.size(keptDims);
        int count = Shape.size(redDims);
        boolean small = count <= DeviceKernel.SMALL_REDUCTION;
        if (!small && (long) outputs * DeviceKernel.GROUP > Integer.MAX_VALUE / 2) {
            return backend.onCpu("reduce", c -> new Tensor[] {CPU.reduce(op, c[0], axes)}, x)[0];
        }
        Tensor out = backend.output(outShape);
        if (outputs == 0) {
            return out;
        }
        l.metaShape(keptDims);
        l.metaStrides(DeviceKernel.META_A, keptStrides);
        k.meta[DeviceKernel.META_RED_RANK] = redDims.length;
        System.arraycopy(redDims, 0, k.meta, DeviceKernel.META_RED_SHAPE, redDims.length);
        System.arraycopy(redStrides, 0, k.meta, DeviceKernel.META_RED_A, redStrides.length);
        l.putMeta();
        k.setReduceOp(DeviceKernel.reduceCode(op));
        k.setPerOutput(count);
        k.setReduceIn(backend.off(x));
        k.setReduceOut(backend.off(out));
        if (small) {
            k.items = outputs;
            l.launch(DeviceKernel.OP_REDUCE_SMALL, l.range1(outputs), (long) outputs * count,
                    Launcher.bytes((long) outputs * count + outputs));
        } else {
            l.launch(DeviceKernel.OP_REDUCE, l.groups(outputs), (long) outputs * count,
                    Launcher.bytes((long) outputs * count + outputs));
        }
        return out;
    }

    Tensor argmax(Tensor x, int axis) {
        int len = x.dim(axis);
        if (!onDevice(x) || !fits(x) || len == 0 || len > (1 << 24)) {
            return backend.onCpu("argmax", c -> new Tensor[] {CPU.argmax(c[0], axis)}, x)[0];
        }
        int[] outShape = x.shape();
        outShape[axis] = 1;
        Tensor in = backend.dense(x);
        Tensor out = backend.output(outShape);
        launchRows(DeviceKernel.OP_ARGMAX, in, out, len, innerSize(x.shape(), axis), out.size(), 1);
        Reference.reachabilityFence(in);
        return out;
    }

    /** Elements after {@code axis} in a row-major tensor of {@code shape}: the step between neighbours on it. */
    private static int innerSize(int[] shape, int axis) {
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        return inner;
    }

    /**
     * A row kernel over dense {@code in} viewed as [rows / inner, len, inner], one work item per row, doing
     * {@code flopsPerElement} operations on each input element.
     */
    private void launchRows(int op, Tensor in, Tensor out, int len, int inner, int rows, int flopsPerElement) {
        if (rows > 0) {
            k.setRowLength(len);
            k.setRowInner(inner);
            k.items = rows;
            k.setReduceIn(backend.off(in));
            k.setReduceOut(backend.off(out));
            l.launch(op, l.range1(rows), (long) flopsPerElement * in.size(), Launcher.bytes((long) in.size()
                    + out.size()));
        }
    }

    Tensor softmax(Tensor x, int axis, boolean log) {
        if (!onDevice(x) || !fits(x)) {
            return backend.onCpu("softmax", c -> new Tensor[] {CPU.softmax(c[0], axis, log)}, x)[0];
        }
        int[] s = x.shape();
        Tensor in = backend.dense(x);
        Tensor out = backend.output(s);
        int len = s[axis];
        k.setLogSoftmax(log ? 1 : 0);
        // per element: the row maximum, exp of the difference, the sum, and the division (log-softmax: log once)
        launchRows(DeviceKernel.OP_SOFTMAX, in, out, len, innerSize(s, axis), len == 0 ? 0 : x.size() / len, 5);
        Reference.reachabilityFence(in);
        return out;
    }
}

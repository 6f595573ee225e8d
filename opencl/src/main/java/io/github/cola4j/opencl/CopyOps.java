package io.github.cola4j.opencl;

import static io.github.cola4j.opencl.OpenClBackend.CPU;
import static io.github.cola4j.opencl.OpenClBackend.onDevice;

import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.TensorException;
import java.util.Arrays;
import java.util.List;

/**
 * Host code of the copies ({@link ArenaKernel}'s fill, upload, download and strided copy): copies and dtype
 * conversions, assignment into views and concatenation. A strided view is first collapsed to the fewest axes
 * (at most {@link DeviceKernel#MAX_RANK}) that describe it.
 */
final class CopyOps {
    private final OpenClBackend backend;
    private final Launcher l;
    private final DeviceKernel k;

    CopyOps(OpenClBackend backend, Launcher l) {
        this.backend = backend;
        this.l = l;
        this.k = l.k;
    }

    /**
     * The same elements in the same order described with fewer axes: axes of size 1 dropped and neighbours merged
     * where every operand steps over them as over one axis. Returns {shape, strides of each operand}; a tensor of
     * one element gives shape [1].
     *
     * @throws TensorException when more than {@link DeviceKernel#MAX_RANK} axes remain, naming the shape
     */
    static int[][] collapse(int[] shape, int[]... strides) {
        int r = shape.length;
        int[] cs = new int[r];
        int[][] cst = new int[strides.length][r];
        int k = 0;
        for (int d = r - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                continue;
            }
            boolean merge = k > 0;
            for (int o = 0; o < strides.length && merge; o++) {
                merge = strides[o][d] == (long) cst[o][k - 1] * cs[k - 1];
            }
            if (merge) {
                cs[k - 1] *= shape[d];
            } else {
                cs[k] = shape[d];
                for (int o = 0; o < strides.length; o++) {
                    cst[o][k] = strides[o][d];
                }
                k++;
            }
        }
        if (k == 0) {
            int[][] one = new int[strides.length + 1][];
            one[0] = new int[] {1};
            for (int o = 0; o < strides.length; o++) {
                one[o + 1] = new int[] {1};
            }
            return one;
        }
        if (k > DeviceKernel.MAX_RANK) {
            throw TensorException.shapes("opencl", "a view that needs more than " + DeviceKernel.MAX_RANK
                    + " axes of strides cannot be copied on the device; make it contiguous on fewer axes", shape);
        }
        int[][] out = new int[strides.length + 1][k];
        for (int i = 0; i < k; i++) {
            out[0][i] = cs[k - 1 - i];
            for (int o = 0; o < strides.length; o++) {
                out[o + 1][i] = cst[o][k - 1 - i];
            }
        }
        return out;
    }

    /** Strided copy between two device views of one shape (any rank whose collapsed form has at most 8 axes). */
    private void copyInto(Tensor src, Tensor dst) {
        int n = src.size();
        if (n == 0) {
            return;
        }
        int[][] c = collapse(src.shape(), src.strides(), dst.strides());
        l.metaShape(c[0]);
        l.metaStrides(DeviceKernel.META_A, c[1]);
        l.metaStrides(DeviceKernel.META_C, c[2]);
        l.putMeta();
        k.copyArgs(n, backend.off(src), backend.off(dst));
        l.launch(DeviceKernel.OP_COPY, l.range1(n), 0, Launcher.bytes(2L * n));
    }

    static boolean fits(Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null && t.rank() > DeviceKernel.MAX_RANK) {
                return false;
            }
        }
        return true;
    }

    Tensor copy(Tensor x, DType dtype) {
        if (onDevice(x) && dtype == DType.FLOAT32) {
            Tensor out = backend.output(x.shape());
            copyInto(x, out);
            return out;
        }
        if (onDevice(x) && dtype == DType.FLOAT64) {
            // float64 lives on the host: this is a download, not a round trip
            return backend.fromCpu(CPU.copy(backend.toCpu(x), DType.FLOAT64));
        }
        return backend.onCpu("copy", c -> new Tensor[] {CPU.copy(c[0], dtype)}, x)[0];
    }

    void assign(Tensor target, Tensor source) {
        if (!Arrays.equals(target.shape(), source.shape())) {
            throw TensorException.shapes("assign", "shapes differ", target.shape(), source.shape());
        }
        if (!onDevice(target)) {
            CPU.assign(backend.toCpu(target), backend.toCpu(source));
            return;
        }
        Tensor src = source;
        if (!onDevice(src)) {
            src = Tensor.wrap(backend.fromHost(DType.FLOAT32, CPU.toFloatArray(backend.toCpu(src))), src.shape());
        } else if (src.storage() == target.storage()) {
            src = copy(src, DType.FLOAT32);
        }
        if (!fits(target)) {
            float[] v = backend.transfers.download(src);
            Tensor c = Tensor.wrap(CPU.fromHost(DType.FLOAT32, v), src.shape());
            Tensor t = backend.toCpu(target);
            CPU.assign(t, c);
            backend.stats.roundTrip("assign");
            copyInto(backend.fromCpu(t), target);
            return;
        }
        copyInto(src, target);
    }

    Tensor concat(List<Tensor> parts, int axis, int[] outShape) {
        Tensor[] ps = parts.toArray(new Tensor[0]);
        if (!onDevice(ps) || !fits(ps)) {
            return backend.onCpu("concat", c -> new Tensor[] {CPU.concat(List.of(c), axis, outShape)}, ps)[0];
        }
        Tensor out = backend.output(outShape);
        int at = 0;
        for (Tensor p : parts) {
            int len = p.dim(axis);
            copyInto(p, out.slice(axis, at, at + len));
            at += len;
        }
        return out;
    }
}

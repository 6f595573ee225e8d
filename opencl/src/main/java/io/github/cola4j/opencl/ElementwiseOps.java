package io.github.cola4j.opencl;

import static io.github.cola4j.opencl.CopyOps.fits;
import static io.github.cola4j.opencl.OpenClBackend.CPU;
import static io.github.cola4j.opencl.OpenClBackend.onDevice;

import io.github.cola4j.tensor.BinaryOp;
import io.github.cola4j.tensor.Shape;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.UnaryOp;
import java.lang.ref.Reference;
import java.util.Arrays;

/** Host code of {@link ElementwiseKernels}: unary ops and broadcasting binary ops. */
final class ElementwiseOps {
    private final OpenClBackend backend;
    private final Launcher l;
    private final DeviceKernel k;

    ElementwiseOps(OpenClBackend backend, Launcher l) {
        this.backend = backend;
        this.l = l;
        this.k = l.k;
    }

    Tensor unary(UnaryOp op, Tensor x, double p, double q) {
        if (!onDevice(x) || !fits(x)) {
            return backend.onCpu("unary", c -> new Tensor[] {CPU.unary(op, c[0], p, q)}, x)[0];
        }
        int n = x.size();
        // a broadcast view whose elements sit at (i / div) % mod (a gradient expanded over pooled axes) is read
        // in place instead of being copied dense first
        int[] simple = n > 0 && !x.isContiguous() ? simpleIndexing(x, x.shape()) : null;
        Tensor in = simple != null ? x : backend.dense(x);
        Tensor out = backend.output(x.shape());
        if (n > 0) {
            k.setUnaryOp(DeviceKernel.unaryCode(op));
            k.setScalar1((float) p);
            k.setScalar2((float) q);
            k.items = n;
            k.setOperandA(backend.off(in));
            k.setResult(backend.off(out));
            if (simple != null) {
                k.setADiv(simple[0]);
                k.setAMod(simple[1]);
                l.launch(DeviceKernel.OP_UNARY_SIMPLE, l.range1(n), n, Launcher.bytes(n + Launcher.distinct(x.shape(),
                        x.strides())));
            } else {
                l.launch(DeviceKernel.OP_UNARY, l.range1(n), n, Launcher.bytes(2L * n));
            }
        }
        return out;
    }

    /**
     * {div, mod} when operand {@code t}, broadcast to {@code outShape}, has its element for output i at
     * {@code backend.off(t) + (i / div) % mod}: its non-broadcast axes are one run of axes, laid out row-major with no
     * gaps, and every other axis has stride 0 or size 1. Null otherwise (the general strided kernel then runs).
     */
    static int[] simpleIndexing(Tensor t, int[] outShape) {
        int[] st = t.strides();
        int r = outShape.length;
        if (st.length != r) {
            return null;
        }
        int lo = -1;
        int hi = -1;
        for (int d = 0; d < r; d++) {
            if (outShape[d] != 1 && st[d] != 0) {
                if (lo < 0) {
                    lo = d;
                }
                hi = d + 1;
            }
        }
        if (lo < 0) {
            return new int[] {1, 1};
        }
        long expected = 1;
        for (int d = hi - 1; d >= lo; d--) {
            if (outShape[d] != 1 && (st[d] == 0 || st[d] != expected)) {
                return null;
            }
            expected *= outShape[d];
        }
        long div = 1;
        for (int d = hi; d < r; d++) {
            div *= outShape[d];
        }
        return expected > Integer.MAX_VALUE || div > Integer.MAX_VALUE ? null : new int[] {(int) div, (int) expected};
    }

    Tensor binary(BinaryOp op, Tensor a, Tensor b, int[] outShape) {
        if (!onDevice(a, b) || !fits(a, b)) {
            return backend.onCpu("binary", c -> new Tensor[] {CPU.binary(op, c[0], c[1], outShape)}, a, b)[0];
        }
        Tensor out = backend.output(outShape);
        int n = Shape.size(outShape);
        int[] sa = n > 0 ? simpleIndexing(a, outShape) : null;
        int[] sb = n > 0 ? simpleIndexing(b, outShape) : null;
        if (sa != null && sb != null) {
            k.setBinaryOp(DeviceKernel.binaryCode(op));
            k.items = n;
            k.setOperandA(backend.off(a));
            k.setADiv(sa[0]);
            k.setAMod(sa[1]);
            k.setOperandB(backend.off(b));
            k.setBDiv(sb[0]);
            k.setBMod(sb[1]);
            k.setResult(backend.off(out));
            l.launch(DeviceKernel.OP_BINARY_SIMPLE, l.range1(n), n, binaryBytes(a, b, outShape, n));
        } else if (n > 0) {
            l.metaShape(outShape);
            l.metaStrides(DeviceKernel.META_A, a.strides());
            l.metaStrides(DeviceKernel.META_B, b.strides());
            l.putMeta();
            k.setBinaryOp(DeviceKernel.binaryCode(op));
            k.items = n;
            k.setOperandA(backend.off(a));
            k.setOperandB(backend.off(b));
            k.setResult(backend.off(out));
            l.launch(DeviceKernel.OP_BINARY, l.range1(n), n, binaryBytes(a, b, outShape, n));
        }
        return out;
    }

    /**
     * a * b + c in one launch ({@link ElementwiseKernels#mulAdd}) when all are float32 device tensors, a and c of
     * one shape and b broadcast to it as one run of axes; null otherwise (the caller composes it).
     */
    Tensor multiplyAdd(Tensor a, Tensor b, Tensor c) {
        int[] s = a.shape();
        if (!onDevice(a, b, c) || !TrainingOps.float32(a, b, c) || !fits(a, b, c) || !Arrays.equals(s, c.shape())
                || b.rank() > s.length) {
            return null;
        }
        int n = a.size();
        int[] sb;
        try {
            sb = simpleIndexing(b.expand(s), s);
        } catch (RuntimeException notBroadcastable) {
            return null;
        }
        if (sb == null) {
            return null;
        }
        Tensor ad = backend.dense(a);
        Tensor cd = backend.dense(c);
        Tensor out = backend.output(s);
        if (n > 0) {
            k.items = n;
            k.setOperandA(backend.off(ad));
            k.setOperandB(backend.off(b));
            k.setBDiv(sb[0]);
            k.setBMod(sb[1]);
            k.setOperandC(backend.off(cd));
            k.setResult(backend.off(out));
            l.launch(DeviceKernel.OP_MUL_ADD, l.range1(n), 2L * n,
                    Launcher.bytes(3L * n + Launcher.distinct(s, b.expand(s).strides())));
        }
        Reference.reachabilityFence(new Tensor[] {ad, cd});
        return out;
    }

    /** Bytes a binary op moves: the distinct elements of each operand read once, the n outputs written. */
    private static long binaryBytes(Tensor a, Tensor b, int[] outShape, long n) {
        long da = a.rank() == outShape.length ? Launcher.distinct(outShape, a.strides()) : a.size();
        long db = b.rank() == outShape.length ? Launcher.distinct(outShape, b.strides()) : b.size();
        return Launcher.bytes(n + da + db);
    }
}

package io.github.cola4j.opencl;

import static io.github.cola4j.opencl.OpenClBackend.onDevice;
import static io.github.cola4j.opencl.TrainingOps.float32;

import io.github.cola4j.tensor.SqueezeExcitationGrads;
import io.github.cola4j.tensor.SqueezeExcitationResult;
import io.github.cola4j.tensor.Tensor;
import java.lang.ref.Reference;
import java.util.Arrays;

/**
 * Host code of squeeze-excitation's kernels (in {@link ElementwiseKernels}). On planes of at most
 * {@link #SMALL_PLANE} values the forward is one launch (a work group per sample pools x, runs both 1x1
 * convolutions with SiLU and sigmoid, and scales x) and the backward two (a work group per sample from the output's
 * gradient to dz1 and dx, then a work item per weight and bias value). Larger planes spread the passes over the
 * planes' elements instead of one work group per sample: forward a pooling reduction, the gate's launch and the
 * scaling; backward the gate's gradient, the small products back to the pooled input, the weight and bias
 * gradients and the input's gradient. Each returns null when its inputs are not float32 device tensors of the
 * expected shapes, and the backend then composes the op.
 */
final class SqueezeExcitationOps {
    /** Planes (H * W) up to which one work group per sample does the per-element passes as well. */
    static final int SMALL_PLANE = 64;

    private final OpenClBackend backend;
    private final Launcher l;
    private final DeviceKernel k;

    SqueezeExcitationOps(OpenClBackend backend, Launcher l) {
        this.backend = backend;
        this.l = l;
        this.k = l.k;
    }

    /** Whether x [N, C, H, W] and the weights [S, C, 1, 1], [C, S, 1, 1] fit the kernels. */
    private boolean fits(Tensor x, Tensor w1, Tensor w2, Tensor... others) {
        if (!onDevice(x, w1, w2) || !onDevice(others) || !float32(x, w1, w2) || !float32(others) || x.rank() != 4
                || w1.rank() != 4) {
            return false;
        }
        int[] xs = x.shape();
        int c = xs[1];
        int s = w1.dim(0);
        return Arrays.equals(w1.shape(), new int[] {s, c, 1, 1}) && Arrays.equals(w2.shape(), new int[] {c, s, 1, 1})
                && s <= k.tileA.length && x.size() > 0 && s > 0 && (long) x.size() < Integer.MAX_VALUE;
    }

    SqueezeExcitationResult forward(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
        if (!fits(x, w1, w2, b1, b2) || b1.size() != w1.dim(0) || b2.size() != x.dim(1)) {
            return null;
        }
        int[] xs = x.shape();
        int n = xs[0];
        int c = xs[1];
        int hw = xs[2] * xs[3];
        int s = w1.dim(0);
        boolean small = hw <= SMALL_PLANE;
        Tensor xd = backend.dense(x);
        Tensor pooled = small ? backend.output(n, c, 1, 1) : xd.mean(true, 2, 3);
        Tensor w1d = backend.dense(w1);
        Tensor b1d = backend.dense(b1);
        Tensor w2d = backend.dense(w2);
        Tensor b2d = backend.dense(b2);
        Tensor z1 = backend.output(n, s, 1, 1);
        Tensor hidden = backend.output(n, s, 1, 1);
        Tensor gate = backend.output(n, c, 1, 1);
        Tensor y = small ? backend.output(xs) : null;
        k.setSeChannels(c);
        k.setSeSqueeze(s);
        k.setSePlane(small ? hw : 0);
        k.setOperandA(backend.off(xd));
        k.setResult(small ? backend.off(y) : 0);
        k.setSePooled(backend.off(pooled));
        k.setSeW1(backend.off(w1d));
        k.setSeB1(backend.off(b1d));
        k.setSeW2(backend.off(w2d));
        k.setSeB2(backend.off(b2d));
        k.setSeZ1(backend.off(z1));
        k.setSeHidden(backend.off(hidden));
        k.setSeGateAt(backend.off(gate));
        long macs = 2L * n * c * s;
        long elements = small ? x.size() : 0;
        l.launch(DeviceKernel.OP_SE_MLP, l.groups(n), 2 * macs + 5L * n * (s + c) + 2 * elements,
                Launcher.bytes(2 * elements + 2L * c * s + s + c + 2L * n * c + 2L * n * s));
        if (!small) {
            y = xd.mul(gate);
        }
        Reference.reachabilityFence(new Tensor[] {xd, w1d, b1d, w2d, b2d});
        return new SqueezeExcitationResult(y, pooled, z1, hidden, gate);
    }

    SqueezeExcitationGrads backward(Tensor gradOut, Tensor x, SqueezeExcitationResult f, Tensor w1, Tensor w2) {
        if (!fits(x, w1, w2, gradOut, f.pooled(), f.z1(), f.hidden(), f.gate())
                || !Arrays.equals(gradOut.shape(), x.shape())) {
            return null;
        }
        int[] xs = x.shape();
        int n = xs[0];
        int c = xs[1];
        int hw = xs[2] * xs[3];
        int s = w1.dim(0);
        int[] nc = {n, c, 1, 1};
        int[] ns = {n, s, 1, 1};
        if (!Arrays.equals(f.pooled().shape(), nc) || !Arrays.equals(f.gate().shape(), nc)
                || !Arrays.equals(f.z1().shape(), ns) || !Arrays.equals(f.hidden().shape(), ns)) {
            return null;
        }
        boolean small = hw <= SMALL_PLANE;
        long elements = x.size();
        Tensor gd = backend.dense(gradOut);
        Tensor xd = backend.dense(x);
        Tensor gate = backend.dense(f.gate());
        Tensor pd = backend.dense(f.pooled());
        Tensor z1d = backend.dense(f.z1());
        Tensor hd = backend.dense(f.hidden());
        Tensor w1d = backend.dense(w1);
        Tensor w2d = backend.dense(w2);
        Tensor dz2 = backend.output(nc);
        Tensor dz1 = backend.output(ns);
        Tensor dPooled = backend.output(nc);
        Tensor dx = backend.output(xs);
        long macs = 2L * n * c * s;
        if (!small) {
            k.items = n * c;
            k.setSePlane(hw);
            k.setOperandA(backend.off(gd));
            k.setOperandB(backend.off(xd));
            k.setOperandC(backend.off(gate));
            k.setResult(backend.off(dz2));
            l.launch(DeviceKernel.OP_SE_GATE_GRAD, l.range1(n * c), 2 * elements + 3L * n * c,
                    Launcher.bytes(2 * elements + 2L * n * c));
        }
        k.setSeChannels(c);
        k.setSeSqueeze(s);
        k.setSeBatch(n);
        k.setSeDz2(backend.off(dz2));
        k.setSePooled(backend.off(pd));
        k.setSeZ1(backend.off(z1d));
        k.setSeHidden(backend.off(hd));
        k.setSeW1(backend.off(w1d));
        k.setSeW2(backend.off(w2d));
        k.setSeDz1(backend.off(dz1));
        if (small) {
            k.setSePlane(hw);
            k.setSeGateAt(backend.off(gate));
            k.setOperandA(backend.off(gd));
            k.setOperandB(backend.off(xd));
            k.setOperandC(backend.off(dPooled));
            k.setResult(backend.off(dx));
            l.launch(DeviceKernel.OP_SE_BACKWARD_SMALL, l.groups(n), 2 * macs + 10L * n * s + 5 * elements,
                    Launcher.bytes(3 * elements + 2L * c * s + 3L * n * c + 2L * n * s));
        } else {
            k.setResult(backend.off(dPooled));
            l.launch(DeviceKernel.OP_SE_MLP_BACKWARD, l.groups(n), 2 * macs + 10L * n * s,
                    Launcher.bytes(2L * n * c + 2L * c * s + 2L * n * s));
        }
        Tensor dW1 = backend.output(s, c, 1, 1);
        Tensor dB1 = backend.output(s);
        Tensor dW2 = backend.output(c, s, 1, 1);
        Tensor dB2 = backend.output(c);
        k.setSeDW1(backend.off(dW1));
        k.setSeDB1(backend.off(dB1));
        k.setSeDW2(backend.off(dW2));
        k.setSeDB2(backend.off(dB2));
        int weights = 2 * s * c + s + c;
        k.items = weights;
        l.launch(DeviceKernel.OP_SE_MLP_WEIGHT_GRADS, l.range1(weights), 2 * macs + (long) n * (s + c),
                Launcher.bytes(2L * n * (s + c) + weights));
        if (!small) {
            k.items = (int) elements;
            k.setSePlane(hw);
            k.setOperandA(backend.off(gd));
            k.setOperandB(backend.off(gate));
            k.setOperandC(backend.off(dPooled));
            k.setResult(backend.off(dx));
            l.launch(DeviceKernel.OP_SE_INPUT_GRAD, l.range1((int) elements), 3 * elements,
                    Launcher.bytes(2 * elements + 2L * n * c));
        }
        Reference.reachabilityFence(new Tensor[] {gd, xd, gate, pd, z1d, hd, w1d, w2d, dz2, dz1, dPooled});
        return new SqueezeExcitationGrads(dx, dW1, dB1, dW2, dB2);
    }
}

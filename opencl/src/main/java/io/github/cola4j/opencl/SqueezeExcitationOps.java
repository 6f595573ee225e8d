package io.github.cola4j.opencl;

import static io.github.cola4j.opencl.OpenClBackend.onDevice;
import static io.github.cola4j.opencl.TrainingOps.float32;

import io.github.cola4j.tensor.SqueezeExcitationGate;
import io.github.cola4j.tensor.SqueezeExcitationGrads;
import io.github.cola4j.tensor.Tensor;
import java.lang.ref.Reference;
import java.util.Arrays;

/**
 * Host code of squeeze-excitation's kernels (in {@link ElementwiseKernels}): the gate from the pooled input in one
 * launch, and the backward in four (the gate's gradient, the small products back to the pooled input, the weight
 * and bias gradients, the input's gradient). Each returns null when its inputs are not float32 device tensors of
 * the expected shapes, and the backend then composes the op.
 */
final class SqueezeExcitationOps {
    private final OpenClBackend backend;
    private final Launcher l;
    private final DeviceKernel k;

    SqueezeExcitationOps(OpenClBackend backend, Launcher l) {
        this.backend = backend;
        this.l = l;
        this.k = l.k;
    }

    /**
     * The gate in one launch ({@link ElementwiseKernels#seMlp}), a work group per sample; null when the squeezed
     * width exceeds the kernel's local buffer or an input does not fit.
     */
    SqueezeExcitationGate gate(Tensor pooled, Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
        int[] ps = pooled.shape();
        Tensor[] ts = {pooled, w1, b1, w2, b2};
        if (!onDevice(ts) || !float32(ts) || ps.length != 4 || ps[2] != 1 || ps[3] != 1 || w1.rank() != 4
                || w2.rank() != 4) {
            return null;
        }
        int n = ps[0];
        int c = ps[1];
        int s = w1.dim(0);
        if (!Arrays.equals(w1.shape(), new int[] {s, c, 1, 1}) || !Arrays.equals(w2.shape(), new int[] {c, s, 1, 1})
                || b1.size() != s || b2.size() != c || s > k.tileA.length || n == 0 || c == 0 || s == 0) {
            return null;
        }
        Tensor pd = backend.dense(pooled);
        Tensor w1d = backend.dense(w1);
        Tensor b1d = backend.dense(b1);
        Tensor w2d = backend.dense(w2);
        Tensor b2d = backend.dense(b2);
        Tensor z1 = backend.output(n, s, 1, 1);
        Tensor hidden = backend.output(n, s, 1, 1);
        Tensor gate = backend.output(n, c, 1, 1);
        k.setSeChannels(c);
        k.setSeSqueeze(s);
        k.setSePooled(backend.off(pd));
        k.setSeW1(backend.off(w1d));
        k.setSeB1(backend.off(b1d));
        k.setSeW2(backend.off(w2d));
        k.setSeB2(backend.off(b2d));
        k.setSeZ1(backend.off(z1));
        k.setSeHidden(backend.off(hidden));
        k.setSeGateAt(backend.off(gate));
        long macs = 2L * n * c * s;
        l.launch(DeviceKernel.OP_SE_MLP, l.groups(n), 2 * macs + 5L * n * (s + c),
                Launcher.bytes(2L * c * s + s + c + (long) n * c * 2 + 2L * n * s));
        Reference.reachabilityFence(new Tensor[] {pd, w1d, b1d, w2d, b2d});
        return new SqueezeExcitationGate(z1, hidden, gate);
    }

    /**
     * The gate's backward in two launches: {@link ElementwiseKernels#seMlpBackward} (a work group per sample: the
     * gradient of z1 and of the pooled input) and {@link ElementwiseKernels#seMlpWeightGrads} (a work item per
     * weight and bias value). Null when an input does not fit.
     */
    SqueezeExcitationGrads gateBackward(Tensor dz2, Tensor pooled, Tensor z1, Tensor hidden, Tensor w1, Tensor w2) {
        Tensor[] ts = {dz2, pooled, z1, hidden, w1, w2};
        if (!onDevice(ts) || !float32(ts) || pooled.rank() != 4 || w1.rank() != 4) {
            return null;
        }
        int n = pooled.dim(0);
        int c = pooled.dim(1);
        int s = w1.dim(0);
        int[] nc = {n, c, 1, 1};
        int[] ns = {n, s, 1, 1};
        if (!Arrays.equals(pooled.shape(), nc) || !Arrays.equals(dz2.shape(), nc) || !Arrays.equals(z1.shape(), ns)
                || !Arrays.equals(hidden.shape(), ns) || !Arrays.equals(w1.shape(), new int[] {s, c, 1, 1})
                || !Arrays.equals(w2.shape(), new int[] {c, s, 1, 1}) || s > k.tileA.length || n == 0 || c == 0
                || s == 0) {
            return null;
        }
        Tensor dz2d = backend.dense(dz2);
        Tensor pd = backend.dense(pooled);
        Tensor z1d = backend.dense(z1);
        Tensor hd = backend.dense(hidden);
        Tensor w1d = backend.dense(w1);
        Tensor w2d = backend.dense(w2);
        Tensor dz1 = backend.output(n, s);
        Tensor dPooled = backend.output(nc);
        Tensor dW1 = backend.output(s, c, 1, 1);
        Tensor dB1 = backend.output(s);
        Tensor dW2 = backend.output(c, s, 1, 1);
        Tensor dB2 = backend.output(c);
        k.setSeChannels(c);
        k.setSeSqueeze(s);
        k.setSeBatch(n);
        k.setSeDz2(backend.off(dz2d));
        k.setSePooled(backend.off(pd));
        k.setSeZ1(backend.off(z1d));
        k.setSeHidden(backend.off(hd));
        k.setSeW1(backend.off(w1d));
        k.setSeW2(backend.off(w2d));
        k.setSeDz1(backend.off(dz1));
        k.setResult(backend.off(dPooled));
        k.setSeDW1(backend.off(dW1));
        k.setSeDB1(backend.off(dB1));
        k.setSeDW2(backend.off(dW2));
        k.setSeDB2(backend.off(dB2));
        long macs = 2L * n * c * s;
        l.launch(DeviceKernel.OP_SE_MLP_BACKWARD, l.groups(n), 2 * macs + 10L * n * s,
                Launcher.bytes(2L * n * c + 2L * c * s + 2L * n * s + (long) n * c));
        int weights = 2 * s * c + s + c;
        k.items = weights;
        l.launch(DeviceKernel.OP_SE_MLP_WEIGHT_GRADS, l.range1(weights), 2 * macs + (long) n * (s + c),
                Launcher.bytes(2L * n * (s + c) + weights));
        Reference.reachabilityFence(new Tensor[] {dz2d, pd, z1d, hd, w1d, w2d, dz1});
        return new SqueezeExcitationGrads(dPooled, dW1, dB1, dW2, dB2);
    }

    /**
     * Squeeze-excitation's gate gradient in one launch ({@link ElementwiseKernels#seGateGrad}); null when an input
     * is not a float32 device tensor of rank 4 (the caller then composes it).
     */
    Tensor squeezeExcitationGateGrad(Tensor gradOut, Tensor x, Tensor gate) {
        if (!seFits(gradOut, x, gate) || !Arrays.equals(x.shape(), gradOut.shape())
                || gate.size() != x.dim(0) * x.dim(1)) {
            return null;
        }
        int[] s = x.shape();
        int planes = s[0] * s[1];
        int hw = s[2] * s[3];
        Tensor gd = backend.dense(gradOut);
        Tensor xd = backend.dense(x);
        Tensor gt = backend.dense(gate);
        Tensor out = backend.output(s[0], s[1], 1, 1);
        if (planes > 0) {
            k.items = planes;
            k.setSePlane(Math.max(hw, 1));
            k.setOperandA(backend.off(gd));
            k.setOperandB(backend.off(xd));
            k.setOperandC(backend.off(gt));
            k.setResult(backend.off(out));
            long n = (long) planes * hw;
            l.launch(DeviceKernel.OP_SE_GATE_GRAD, l.range1(planes), 2 * n + 3L * planes,
                    Launcher.bytes(2 * n + 2L * planes));
        }
        Reference.reachabilityFence(new Tensor[] {gd, xd, gt});
        return out;
    }

    /**
     * Squeeze-excitation's input gradient in one launch ({@link ElementwiseKernels#seInputGrad}); null when an input
     * is not a float32 device tensor of rank 4 (the caller then composes it).
     */
    Tensor squeezeExcitationInputGrad(Tensor gradOut, Tensor gate, Tensor dPooled) {
        int planes = gradOut.rank() == 4 ? gradOut.dim(0) * gradOut.dim(1) : -1;
        if (!seFits(gradOut, gate, dPooled) || gate.size() != planes || dPooled.size() != planes) {
            return null;
        }
        int[] s = gradOut.shape();
        int n = gradOut.size();
        Tensor gd = backend.dense(gradOut);
        Tensor gt = backend.dense(gate);
        Tensor dp = backend.dense(dPooled);
        Tensor out = backend.output(s);
        if (n > 0) {
            k.items = n;
            k.setSePlane(s[2] * s[3]);
            k.setOperandA(backend.off(gd));
            k.setOperandB(backend.off(gt));
            k.setOperandC(backend.off(dp));
            k.setResult(backend.off(out));
            l.launch(DeviceKernel.OP_SE_INPUT_GRAD, l.range1(n), 3L * n, Launcher.bytes(2L * n + 2L * planes));
        }
        Reference.reachabilityFence(new Tensor[] {gd, gt, dp});
        return out;
    }

    /**
     * All float32 device tensors of rank 4, each of {@code big}'s shape or one value per (sample, channel) plane of
     * it ([N, C, 1, 1]), and {@code big} within int indexing.
     */
    private static boolean seFits(Tensor big, Tensor... others) {
        if (!onDevice(big) || !float32(big) || big.rank() != 4
                || (long) big.size() >= Integer.MAX_VALUE - DeviceKernel.WIDTH) {
            return false;
        }
        int[] s = big.shape();
        for (Tensor t : others) {
            if (!onDevice(t) || !float32(t) || t.rank() != 4) {
                return false;
            }
            int[] p = t.shape();
            boolean plane = p[0] == s[0] && p[1] == s[1] && p[2] == 1 && p[3] == 1;
            if (!plane && !Arrays.equals(p, s)) {
                return false;
            }
        }
        return true;
    }

}

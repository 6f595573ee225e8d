package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.BinaryOp;
import io.github.cola4j.tensor.Conv2dOptions;
import io.github.cola4j.tensor.Tensor;

/**
 * Channel attention: global average pool, 1x1 conv + SiLU, 1x1 conv + sigmoid, then each channel of the input
 * scaled by its gate. Children {@code fc1} and {@code fc2} as in torchvision.
 */
public final class SqueezeExcitation extends Module {
    private final Conv2d fc1;
    private final Conv2d fc2;

    /**
     * Squeeze-excitation over {@code channels} channels through a bottleneck of {@code squeezeChannels}.
     *
     * @param channels C, the channel count of the [N, C, H, W] input and of the gate
     * @param squeezeChannels width of the bottleneck between {@code fc1} and {@code fc2} (MBConv uses a quarter of
     *     the block's input channels)
     */
    public SqueezeExcitation(int channels, int squeezeChannels) {
        this.fc1 = registerModule("fc1", new Conv2d(channels, squeezeChannels, 1, 1, 0, 1, true));
        this.fc2 = registerModule("fc2", new Conv2d(squeezeChannels, channels, 1, 1, 0, 1, true));
    }

    /**
     * {@code x * sigmoid(fc2(silu(fc1(mean over H, W of x))))} as one autograd op whose backward takes the fused
     * {@link io.github.cola4j.tensor.FusedOps#squeezeExcitationGateGrad} and
     * {@link io.github.cola4j.tensor.FusedOps#squeezeExcitationInputGrad} (the composition of {@code Variable} ops
     * takes a product, a sum, the sigmoid's gradient, a division and an add more). When a forward hook is registered
     * on {@code fc1} or {@code fc2} the layers run as separate modules, so the hooks see them.
     */
    @Override
    public Variable forward(Variable x) {
        if (fc1.hasForwardHooks() || fc2.hasForwardHooks() || x.shape().length != 4) {
            Variable pooled = x.mean(true, 2, 3);
            Variable gate = fc2.call(fc1.call(pooled).silu()).sigmoid();
            return x.mul(gate);
        }
        return fused(x);
    }

    private Variable fused(Variable xv) {
        Tensor x = xv.value();
        Variable w1v = fc1.weight();
        Variable b1v = fc1.bias();
        Variable w2v = fc2.weight();
        Variable b2v = fc2.bias();
        Tensor w1 = w1v.value();
        Tensor b1 = b1v == null ? null : b1v.value();
        Tensor w2 = w2v.value();
        Tensor b2 = b2v == null ? null : b2v.value();
        Conv2dOptions o1 = fc1.options();
        Conv2dOptions o2 = fc2.options();
        Tensor pooled = x.mean(true, 2, 3);
        Tensor z1 = pooled.conv2d(w1, b1, o1);
        Tensor h = z1.silu();
        Tensor gate = h.conv2d(w2, b2, o2).sigmoid();
        Tensor y = x.mul(gate);
        return Variable.fromOp("squeezeExcitation", y, g -> {
            Tensor dz2 = g.backend().squeezeExcitationGateGrad(g, x, gate);
            Tensor dz1 = dz2.conv2dBackwardInput(w2, h.shape(), o2).apply(BinaryOp.SILU_BACKWARD, z1);
            Tensor dPooled = xv.requiresGrad() ? dz1.conv2dBackwardInput(w1, pooled.shape(), o1) : null;
            return new Tensor[] {
                dPooled == null ? null : g.backend().squeezeExcitationInputGrad(g, gate, dPooled),
                w1v.requiresGrad() ? dz1.conv2dBackwardWeight(pooled, w1.shape(), o1) : null,
                b1v != null && b1v.requiresGrad() ? dz1.sum(false, 0, 2, 3) : null,
                w2v.requiresGrad() ? dz2.conv2dBackwardWeight(h, w2.shape(), o2) : null,
                b2v != null && b2v.requiresGrad() ? dz2.sum(false, 0, 2, 3) : null};
        }, xv, w1v, b1v, w2v, b2v);
    }
}

package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.SqueezeExcitationGate;
import io.github.cola4j.tensor.SqueezeExcitationGrads;
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
     * {@code x * sigmoid(fc2(silu(fc1(mean over H, W of x))))} as one autograd op: the gate from the pooled input in
     * {@link io.github.cola4j.tensor.FusedOps#squeezeExcitationGate}, and a backward of the fused
     * {@link io.github.cola4j.tensor.FusedOps#squeezeExcitationGateGrad},
     * {@link io.github.cola4j.tensor.FusedOps#squeezeExcitationGateBackward} and
     * {@link io.github.cola4j.tensor.FusedOps#squeezeExcitationInputGrad}. When a forward hook is registered on
     * {@code fc1} or {@code fc2} the layers run as separate modules, so the hooks see them.
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
        Tensor w2 = w2v.value();
        Tensor pooled = x.mean(true, 2, 3);
        SqueezeExcitationGate f = x.backend().squeezeExcitationGate(pooled, w1, b1v.value(), w2, b2v.value());
        Tensor gate = f.gate();
        Tensor y = x.mul(gate);
        return Variable.fromOp("squeezeExcitation", y, g -> {
            Backend b = g.backend();
            Tensor dz2 = b.squeezeExcitationGateGrad(g, x, gate);
            SqueezeExcitationGrads d = b.squeezeExcitationGateBackward(dz2, pooled, f.z1(), f.hidden(), w1, w2);
            Tensor dx = xv.requiresGrad() ? b.squeezeExcitationInputGrad(g, gate, d.dPooled()) : null;
            return new Tensor[] {dx, d.dW1(), d.dB1(), d.dW2(), d.dB2()};
        }, xv, w1v, b1v, w2v, b2v);
    }
}

package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.SqueezeExcitationGrads;
import io.github.cola4j.tensor.SqueezeExcitationResult;
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
     * {@code x * sigmoid(fc2(silu(fc1(mean over H, W of x))))} as one autograd op, forward and backward each one
     * fused backend op ({@link io.github.cola4j.tensor.FusedOps#squeezeExcitation},
     * {@link io.github.cola4j.tensor.FusedOps#squeezeExcitationBackward}). When a forward hook is registered on
     * {@code fc1} or {@code fc2} the layers run as separate modules, so the hooks see them.
     */
    @Override
    public Variable forward(Variable x) {
        if (fc1.hasForwardHooks() || fc2.hasForwardHooks() || x.shape().length != 4) {
            Variable pooled = x.mean(true, 2, 3);
            Variable gate = fc2.call(fc1.call(pooled).silu()).sigmoid();
            return x.mul(gate);
        }
        Tensor xt = x.value();
        Variable w1 = fc1.weight();
        Variable b1 = fc1.bias();
        Variable w2 = fc2.weight();
        Variable b2 = fc2.bias();
        SqueezeExcitationResult f = xt.backend().squeezeExcitation(xt, w1.value(), b1.value(), w2.value(),
                b2.value());
        return Variable.fromOp("squeezeExcitation", f.y(), g -> {
            SqueezeExcitationGrads d = g.backend().squeezeExcitationBackward(g, xt, f, w1.value(), w2.value());
            return new Tensor[] {d.dx(), d.dW1(), d.dB1(), d.dW2(), d.dB2()};
        }, x, w1, b1, w2, b2);
    }
}

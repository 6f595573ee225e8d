package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;

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

    @Override
    public Variable forward(Variable x) {
        Variable pooled = x.mean(true, 2, 3);
        Variable gate = fc2.call(fc1.call(pooled).silu()).sigmoid();
        return x.mul(gate);
    }
}

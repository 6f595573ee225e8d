package io.github.cola4j.nn;

/**
 * Convolution (no bias), batch norm, then an optional SiLU: torchvision's {@code Conv2dNormActivation},
 * with children "0", "1", "2" so its state keys match.
 */
public final class ConvNormActivation {
    private ConvNormActivation() {
    }

    /**
     * Conv2d from {@code in} to {@code out} channels with a square {@code kernel}, {@code stride}, "same" padding
     * (kernel - 1) / 2 and {@code groups}, without bias, then BatchNorm2d, then SiLU when {@code activation}.
     *
     * @param in input channels
     * @param out output channels, also the batch norm's channel count
     * @param kernel height and width of the square kernel; an odd size keeps H and W at stride 1
     * @param stride convolution stride, at least 1
     * @param groups convolution groups: 1 for a full convolution, {@code in} (= {@code out}) for depthwise
     * @param activation whether a SiLU follows the batch norm as child "2"
     * @return a new Sequential of two children, or three with the activation
     * @throws IllegalArgumentException when {@code in} or {@code out} is not divisible by {@code groups}
     */
    public static Sequential of(int in, int out, int kernel, int stride, int groups, boolean activation) {
        Sequential s = new Sequential(new Conv2d(in, out, kernel, stride, (kernel - 1) / 2, groups, false),
                new BatchNorm2d(out));
        if (activation) {
            s.add(Activation.silu());
        }
        return s;
    }
}

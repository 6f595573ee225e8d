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

package io.github.cola4j.tensor;

/**
 * What {@link FusedOps#squeezeExcitationGate} returns: squeeze-excitation's gate and the intermediate values its
 * backward needs, all of the pooled input's type.
 *
 * @param z1 the first 1x1 convolution's output [N, S, 1, 1], before SiLU
 * @param hidden SiLU of {@code z1} [N, S, 1, 1], the second convolution's input
 * @param gate sigmoid of the second convolution's output [N, C, 1, 1]
 */
public record SqueezeExcitationGate(Tensor z1, Tensor hidden, Tensor gate) {
}

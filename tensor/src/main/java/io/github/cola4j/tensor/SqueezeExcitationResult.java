package io.github.cola4j.tensor;

/**
 * What {@link FusedOps#squeezeExcitation} returns: squeeze-excitation's output and the intermediate values its
 * backward needs, all of the input's type.
 *
 * @param y the output {@code x * gate} [N, C, H, W]
 * @param pooled the input averaged over H and W [N, C, 1, 1]
 * @param z1 the first 1x1 convolution's output [N, S, 1, 1], before SiLU
 * @param hidden SiLU of {@code z1} [N, S, 1, 1], the second convolution's input
 * @param gate sigmoid of the second convolution's output [N, C, 1, 1]
 */
public record SqueezeExcitationResult(Tensor y, Tensor pooled, Tensor z1, Tensor hidden, Tensor gate) {
}

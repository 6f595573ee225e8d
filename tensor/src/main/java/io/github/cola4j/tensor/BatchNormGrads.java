package io.github.cola4j.tensor;

/**
 * The gradients of batch normalisation with batch statistics.
 *
 * @param dx the gradient of the input [N, C, H, W]
 * @param dGamma the gradient of the per-channel scale [C]
 * @param dBeta the gradient of the per-channel shift [C]
 */
public record BatchNormGrads(Tensor dx, Tensor dGamma, Tensor dBeta) {
}

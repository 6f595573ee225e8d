package io.github.cola4j.tensor;

/**
 * What {@link FusedOps#squeezeExcitationGateBackward} returns: the gradients of the pooled input and of both 1x1
 * convolutions' weights and biases, each of its tensor's shape.
 *
 * @param dPooled the gradient of the pooled input [N, C, 1, 1]
 * @param dW1 the gradient of the first convolution's weight [S, C, 1, 1]
 * @param dB1 the gradient of the first convolution's bias [S]
 * @param dW2 the gradient of the second convolution's weight [C, S, 1, 1]
 * @param dB2 the gradient of the second convolution's bias [C]
 */
public record SqueezeExcitationGrads(Tensor dPooled, Tensor dW1, Tensor dB1, Tensor dW2, Tensor dB2) {
}

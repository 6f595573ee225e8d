package io.github.cola4j.tensor;

/**
 * What {@link FusedOps#squeezeExcitationBackward} returns: the gradients of the input and of both 1x1
 * convolutions' weights and biases, each of its tensor's shape.
 *
 * @param dx the gradient of the input [N, C, H, W]
 * @param dW1 the gradient of the first convolution's weight [S, C, 1, 1]
 * @param dB1 the gradient of the first convolution's bias [S]
 * @param dW2 the gradient of the second convolution's weight [C, S, 1, 1]
 * @param dB2 the gradient of the second convolution's bias [C]
 */
public record SqueezeExcitationGrads(Tensor dx, Tensor dW1, Tensor dB1, Tensor dW2, Tensor dB2) {
}

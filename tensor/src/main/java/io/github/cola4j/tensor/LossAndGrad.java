package io.github.cola4j.tensor;

/**
 * A scalar loss and the gradient of the loss with respect to the input that produced it, computed together.
 *
 * @param loss the 0-d loss
 * @param grad the gradient of {@code loss} for an upstream gradient of 1, of the input's shape
 */
public record LossAndGrad(Tensor loss, Tensor grad) {
}

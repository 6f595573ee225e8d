package io.github.cola4j.tensor;

/**
 * The hyper-parameters of one Adam update, PyTorch's rule ({@code torch.optim.Adam} / {@code AdamW}, without
 * amsgrad), for {@link Backend#adamUpdate}. With t the parameter's own update count (starting at 1):
 * <pre>
 *   g = g + weightDecay * p                       (L2 decay, when not decoupled)
 *   p = p * (1 - lr * weightDecay)                (decoupled decay, AdamW)
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g * g
 *   p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 *
 * @param lr learning rate
 * @param beta1 decay rate of the first moment, in [0, 1)
 * @param beta2 decay rate of the second moment, in [0, 1)
 * @param eps added to the denominator
 * @param weightDecay decay factor, 0 for none
 * @param decoupled true for AdamW's decoupled decay, false for L2 decay added to the gradient
 */
public record AdamCoefficients(double lr, double beta1, double beta2, double eps, double weightDecay,
        boolean decoupled) {

    /**
     * {@code lr / (1 - beta1^t)}: the step size after bias correction of the first moment.
     *
     * @param t the parameter's own update count, 1 for its first update
     * @return the bias-corrected learning rate for update {@code t}
     */
    public double stepSize(long t) {
        return lr / (1 - Math.pow(beta1, t));
    }

    /**
     * {@code 1 / sqrt(1 - beta2^t)}: the bias correction of the second moment's root.
     *
     * @param t the parameter's own update count, 1 for its first update
     * @return the factor {@code sqrt(v)} is multiplied by, at least 1 (infinite for t = 0)
     */
    public double inverseBias2Root(long t) {
        return 1 / Math.sqrt(1 - Math.pow(beta2, t));
    }

    /**
     * Whether the gradient gets {@code weightDecay * p} added (L2 decay).
     *
     * @return true when the decay is not decoupled and {@code weightDecay} is not 0
     */
    public boolean l2Decay() {
        return !decoupled && weightDecay != 0;
    }

    /**
     * Whether the parameter is shrunk by {@code 1 - lr * weightDecay} first (decoupled decay).
     *
     * @return true when the decay is decoupled and {@code weightDecay} is not 0
     */
    public boolean shrinks() {
        return decoupled && weightDecay != 0;
    }
}

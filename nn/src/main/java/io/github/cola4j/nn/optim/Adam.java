package io.github.cola4j.nn.optim;

import io.github.cola4j.autograd.Variable;
import java.util.List;

/**
 * Adam by PyTorch's rule ({@code torch.optim.Adam}, without amsgrad), weight decay added to the gradient. Each
 * parameter counts its own updates t:
 * <pre>
 *   g = g + weightDecay * p
 *   m = beta1 * m + (1 - beta1) * g
 *   v = beta2 * v + (1 - beta2) * g * g
 *   p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * Buffers are saved as {@code "<index>.exp_avg"}, {@code "<index>.exp_avg_sq"} and {@code "<index>.step"}.
 */
public final class Adam extends AdamFamily {

    /**
     * PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, no weight decay.
     *
     * @param params the parameters to update, in a fixed order; not empty, each a leaf variable
     * @param lr the learning rate, finite and at least 0 (PyTorch's default is 1e-3)
     * @throws IllegalArgumentException when {@code params} is empty or holds null or a non-leaf, {@code lr} is
     *     negative or not finite, a beta lies outside [0, 1), or {@code eps} or {@code weightDecay} is negative
     */
    public Adam(List<Variable> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0);
    }

    /**
     * Adam with learning rate {@code lr}, moment decay rates {@code beta1} and {@code beta2}, {@code eps} added to
     * the denominator, and L2 {@code weightDecay} added to the gradient.
     *
     * @param params the parameters to update, in a fixed order; not empty, each a leaf variable
     * @param lr the learning rate, finite and at least 0 (PyTorch's default is 1e-3)
     * @param beta1 decay rate of the first-moment estimate, in [0, 1) (PyTorch's default 0.9)
     * @param beta2 decay rate of the second-moment estimate, in [0, 1) (PyTorch's default 0.999)
     * @param eps added to the denominator for stability, at least 0 (PyTorch's default 1e-8)
     * @param weightDecay L2 factor: {@code weightDecay * p} is added to the gradient; at least 0, 0 for none
     * @throws IllegalArgumentException when {@code params} is empty or holds null or a non-leaf, {@code lr} is
     *     negative or not finite, a beta lies outside [0, 1), or {@code eps} or {@code weightDecay} is negative
     */
    public Adam(List<Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, lr, beta1, beta2, eps, weightDecay, false);
    }
}

package io.github.cola4j.nn.optim;

import io.github.cola4j.autograd.Variable;
import java.util.List;

/**
 * AdamW by PyTorch's rule ({@code torch.optim.AdamW}): Adam with decoupled weight decay, the parameter shrunk by
 * {@code p = p * (1 - lr * weightDecay)} before the Adam step (which then sees the raw gradient). Buffers are
 * saved as {@link Adam}'s.
 */
public final class AdamW extends AdamFamily {

    /**
     * PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01.
     *
     * @param params the parameters to update, in a fixed order; not empty, each a leaf variable
     * @param lr the learning rate, finite and at least 0 (PyTorch's default is 1e-3)
     * @throws IllegalArgumentException when {@code params} is empty or holds null or a non-leaf, {@code lr} is
     *     negative or not finite, a beta lies outside [0, 1), or {@code eps} or {@code weightDecay} is negative
     */
    public AdamW(List<Variable> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0.01);
    }

    /**
     * AdamW with learning rate {@code lr}, moment decay rates {@code beta1} and {@code beta2}, {@code eps} added
     * to the denominator, and decoupled {@code weightDecay}.
     *
     * @param params the parameters to update, in a fixed order; not empty, each a leaf variable
     * @param lr the learning rate, finite and at least 0 (PyTorch's default is 1e-3)
     * @param beta1 decay rate of the first-moment estimate, in [0, 1) (PyTorch's default 0.9)
     * @param beta2 decay rate of the second-moment estimate, in [0, 1) (PyTorch's default 0.999)
     * @param eps added to the denominator for stability, at least 0 (PyTorch's default 1e-8)
     * @param weightDecay decoupled decay: each step first multiplies {@code p} by {@code 1 - lr * weightDecay};
     *     at least 0 (PyTorch's default 0.01), 0 for none
     * @throws IllegalArgumentException when {@code params} is empty or holds null or a non-leaf, {@code lr} is
     *     negative or not finite, a beta lies outside [0, 1), or {@code eps} or {@code weightDecay} is negative
     */
    public AdamW(List<Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, lr, beta1, beta2, eps, weightDecay, true);
    }
}

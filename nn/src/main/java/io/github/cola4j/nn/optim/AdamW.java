package io.github.cola4j.nn.optim;

import io.github.cola4j.autograd.Variable;
import java.util.List;

/**
 * AdamW by PyTorch's rule ({@code torch.optim.AdamW}): Adam with decoupled weight decay, the parameter shrunk by
 * {@code p = p * (1 - lr * weightDecay)} before the Adam step (which then sees the raw gradient). Buffers are
 * saved as {@link Adam}'s.
 */
public final class AdamW extends AdamFamily {

    /** PyTorch's defaults: betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public AdamW(List<Variable> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0.01);
    }

    /**
     * AdamW with learning rate {@code lr}, moment decay rates {@code beta1} and {@code beta2}, {@code eps} added
     * to the denominator, and decoupled {@code weightDecay}.
     */
    public AdamW(List<Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay) {
        super(params, lr, beta1, beta2, eps, weightDecay, true);
    }
}

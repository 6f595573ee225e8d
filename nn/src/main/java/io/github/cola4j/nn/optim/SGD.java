package io.github.cola4j.nn.optim;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.MemoryScope;
import io.github.cola4j.tensor.Tensor;
import java.util.List;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and L2 weight decay, by
 * PyTorch's rule ({@code torch.optim.SGD}). With gradient g and parameter p:
 * <pre>
 *   d = g + weightDecay * p
 *   b = d                                   on a parameter's first update with momentum
 *   b = momentum * b + (1 - dampening) * d  afterwards
 *   d = nesterov ? d + momentum * b : b     (with momentum)
 *   p = p - lr * d
 * </pre>
 * Momentum buffers are saved under {@code "<index>.momentum_buffer"}.
 */
public final class SGD extends Optimizer {
    private final double momentum;
    private final double dampening;
    private final boolean nesterov;
    private final double weightDecay;
    private final Tensor[] momentumBuffer;

    /**
     * Plain SGD: no momentum, no weight decay.
     *
     * @param params the parameters to update, in a fixed order; not empty, each a leaf variable
     * @param lr the learning rate, finite and at least 0
     * @throws IllegalArgumentException when {@code params} is empty or holds null or a non-leaf, or {@code lr} is
     *     negative or not finite
     */
    public SGD(List<Variable> params, double lr) {
        this(params, lr, 0, 0, false, 0);
    }

    /**
     * SGD with the given momentum, dampening, Nesterov flag and weight decay.
     *
     * @param params the parameters to update, in a fixed order; not empty, each a leaf variable
     * @param lr the learning rate, finite and at least 0
     * @param momentum momentum factor (0 for none)
     * @param dampening dampening of the momentum (PyTorch's default 0)
     * @param nesterov Nesterov momentum; needs momentum &gt; 0 and dampening 0
     * @param weightDecay L2 penalty added to the gradient
     * @throws IllegalArgumentException when {@code params} is empty or holds null or a non-leaf, {@code lr} is
     *     negative or not finite, {@code momentum} or {@code weightDecay} is negative, {@code dampening} lies
     *     outside [0, 1], or {@code nesterov} is asked for without momentum or with dampening
     */
    public SGD(List<Variable> params, double lr, double momentum, double dampening, boolean nesterov,
            double weightDecay) {
        super(params, lr);
        if (!(momentum >= 0) || !(weightDecay >= 0) || !(dampening >= 0 && dampening <= 1)) {
            throw new IllegalArgumentException("SGD: needs momentum >= 0, 0 <= dampening <= 1 and weight decay >= 0, got "
                    + momentum + ", " + dampening + ", " + weightDecay);
        }
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum needs momentum > 0 and zero dampening");
        }
        this.momentum = momentum;
        this.dampening = dampening;
        this.nesterov = nesterov;
        this.weightDecay = weightDecay;
        this.momentumBuffer = registerBuffer("momentum_buffer");
    }

    @Override
    protected void update(int i, Tensor p, Tensor g) {
        Tensor d = weightDecay != 0 ? g.add(p.mul(weightDecay)) : g;
        if (momentum != 0) {
            Tensor b = momentumBuffer[i];
            b = b == null ? (d == g ? d.copy() : d) : b.mul(momentum).add(dampening == 0 ? d : d.mul(1 - dampening));
            momentumBuffer[i] = MemoryScope.retain(b); // state outlives the step's memory scope
            d = nesterov ? d.add(b.mul(momentum)) : b;
        }
        p.assign(p.sub(d.mul(lr())));
    }

    /**
     * The momentum factor (0 for none).
     *
     * @return the factor as given to the constructor, at least 0
     */
    public double momentum() {
        return momentum;
    }

    /**
     * The dampening of the momentum.
     *
     * @return the dampening as given to the constructor, in [0, 1]
     */
    public double dampening() {
        return dampening;
    }

    /**
     * True for Nesterov momentum.
     *
     * @return whether the step uses {@code d + momentum * b} rather than the momentum buffer {@code b} itself
     */
    public boolean nesterov() {
        return nesterov;
    }

    /**
     * The L2 weight-decay factor.
     *
     * @return the factor as given to the constructor, at least 0; 0 for none
     */
    public double weightDecay() {
        return weightDecay;
    }
}

package io.github.cola4j.nn.optim;

import io.github.cola4j.autograd.Variable;
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

    /** Plain SGD: no momentum, no weight decay. */
    public SGD(List<Variable> params, double lr) {
        this(params, lr, 0, 0, false, 0);
    }

    /**
     * @param momentum momentum factor (0 for none)
     * @param dampening dampening of the momentum (PyTorch's default 0)
     * @param nesterov Nesterov momentum; needs momentum &gt; 0 and dampening 0
     * @param weightDecay L2 penalty added to the gradient
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
            momentumBuffer[i] = b;
            d = nesterov ? d.add(b.mul(momentum)) : b;
        }
        p.assign(p.sub(d.mul(lr())));
    }

    /** The momentum factor (0 for none). */
    public double momentum() {
        return momentum;
    }

    /** The dampening of the momentum. */
    public double dampening() {
        return dampening;
    }

    /** True for Nesterov momentum. */
    public boolean nesterov() {
        return nesterov;
    }

    /** The L2 weight-decay factor. */
    public double weightDecay() {
        return weightDecay;
    }
}

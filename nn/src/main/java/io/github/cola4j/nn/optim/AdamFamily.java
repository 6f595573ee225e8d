package io.github.cola4j.nn.optim;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import java.util.List;
import java.util.Map;

/** Adam's moment estimates and bias correction, shared by {@link Adam} (L2 decay) and {@link AdamW} (decoupled). */
abstract class AdamFamily extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final boolean decoupled;
    private final Tensor[] expAvg;
    private final Tensor[] expAvgSq;
    /** Updates each parameter has had: PyTorch counts per parameter, which differs when some miss gradients. */
    private final long[] paramSteps;

    AdamFamily(List<Variable> params, double lr, double beta1, double beta2, double eps, double weightDecay,
            boolean decoupled) {
        super(params, lr);
        String name = getClass().getSimpleName();
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException(name + ": betas must lie in [0, 1), got " + beta1 + ", " + beta2);
        }
        if (!(eps >= 0) || !(weightDecay >= 0)) {
            throw new IllegalArgumentException(name + ": eps and weight decay must be >= 0, got " + eps + ", "
                    + weightDecay);
        }
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.decoupled = decoupled;
        this.expAvg = registerBuffer("exp_avg");
        this.expAvgSq = registerBuffer("exp_avg_sq");
        this.paramSteps = new long[params.size()];
    }

    @Override
    protected void update(int i, Tensor p, Tensor g) {
        long t = ++paramSteps[i];
        double lr = lr();
        Tensor grad = !decoupled && weightDecay != 0 ? g.add(p.mul(weightDecay)) : g;
        Tensor m = expAvg[i] == null ? grad.mul(1 - beta1) : expAvg[i].mul(beta1).add(grad.mul(1 - beta1));
        Tensor gg = grad.mul(grad).mul(1 - beta2);
        Tensor v = expAvgSq[i] == null ? gg : expAvgSq[i].mul(beta2).add(gg);
        expAvg[i] = m;
        expAvgSq[i] = v;
        double stepSize = lr / (1 - Math.pow(beta1, t));
        double bc2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        Tensor denom = v.sqrt().mul(1 / bc2Sqrt).add(eps);
        Tensor base = decoupled && weightDecay != 0 ? p.mul(1 - lr * weightDecay) : p;
        p.assign(base.sub(m.div(denom).mul(stepSize)));
    }

    @Override
    protected List<String> extraKeys() {
        return List.of("step");
    }

    @Override
    protected void saveExtra(int index, Map<String, Tensor> out) {
        if (paramSteps[index] > 0) {
            out.put(index + ".step", Tensor.scalar(DType.FLOAT64, paramSteps[index]));
        }
    }

    @Override
    protected void loadExtra(int index, Map<String, Tensor> state) {
        Tensor t = state.get(index + ".step");
        paramSteps[index] = t == null ? 0 : (long) t.item();
    }

    /** Decay rate of the first-moment estimate. */
    public double beta1() {
        return beta1;
    }

    /** Decay rate of the second-moment estimate. */
    public double beta2() {
        return beta2;
    }

    /** The constant added to the denominator. */
    public double eps() {
        return eps;
    }

    /** The weight-decay factor. */
    public double weightDecay() {
        return weightDecay;
    }
}

package io.github.cola4j.nn.optim;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.AdamCoefficients;
import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.MemoryScope;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
        updateAll(new int[] {i}, new Tensor[] {p}, new Tensor[] {g});
    }

    /** One fused backend call per backend holding parameters (normally one); the moments are updated in place. */
    @Override
    protected void updateAll(int[] indices, Tensor[] values, Tensor[] grads) {
        AdamCoefficients c = new AdamCoefficients(lr(), beta1, beta2, eps, weightDecay, decoupled);
        Map<Backend, List<Integer>> byBackend = new LinkedHashMap<>();
        for (int j = 0; j < indices.length; j++) {
            byBackend.computeIfAbsent(values[j].backend(), b -> new ArrayList<>()).add(j);
        }
        for (Map.Entry<Backend, List<Integer>> e : byBackend.entrySet()) {
            List<Integer> js = e.getValue();
            int n = js.size();
            List<Tensor> p = new ArrayList<>(n);
            List<Tensor> g = new ArrayList<>(n);
            List<Tensor> m = new ArrayList<>(n);
            List<Tensor> v = new ArrayList<>(n);
            long[] t = new long[n];
            for (int k = 0; k < n; k++) {
                int j = js.get(k);
                int i = indices[j];
                p.add(values[j]);
                g.add(grads[j]);
                m.add(expAvg[i] == null ? (expAvg[i] = zerosLike(values[j])) : expAvg[i]);
                v.add(expAvgSq[i] == null ? (expAvgSq[i] = zerosLike(values[j])) : expAvgSq[i]);
                t[k] = ++paramSteps[i];
            }
            e.getKey().adamUpdate(p, g, m, v, t, c);
        }
    }

    private static Tensor zerosLike(Tensor x) {
        // moments are state: they outlive the step's memory scope
        return MemoryScope.retain(Tensor.wrap(x.backend().allocate(x.dtype(), x.size()), x.shape()));
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
    protected String checkExtra(String name, double value) {
        return isCount(value) ? null : "must be a whole number >= 0, got " + value;
    }

    @Override
    protected void loadExtra(int index, Map<String, Tensor> state) {
        Tensor t = state.get(index + ".step");
        paramSteps[index] = t == null ? 0 : (long) t.item();
    }

    /**
     * Decay rate of the first-moment estimate.
     *
     * @return beta1 as given to the constructor, in [0, 1) (0.9 by default)
     */
    public double beta1() {
        return beta1;
    }

    /**
     * Decay rate of the second-moment estimate.
     *
     * @return beta2 as given to the constructor, in [0, 1) (0.999 by default)
     */
    public double beta2() {
        return beta2;
    }

    /**
     * The constant added to the denominator.
     *
     * @return eps as given to the constructor, at least 0 (1e-8 by default)
     */
    public double eps() {
        return eps;
    }

    /**
     * The weight-decay factor.
     *
     * @return the factor, at least 0: added to the gradient by {@link Adam} (0 by default), decoupled in
     *     {@link AdamW} (0.01 by default)
     */
    public double weightDecay() {
        return weightDecay;
    }
}

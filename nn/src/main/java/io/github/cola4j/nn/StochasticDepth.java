package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.TensorException;

/**
 * Drops a residual branch for whole examples ("row" mode) with probability p in training, scaling kept rows by
 * 1/(1-p): torchvision's {@code StochasticDepth}, called drop-connect in EfficientNet.
 */
public final class StochasticDepth extends Module {
    private final double p;

    /**
     * Stochastic depth dropping each example's branch with probability {@code p}.
     *
     * @param p the probability of zeroing an example's whole branch in training, in [0, 1); 0 makes the layer an
     *     identity
     * @throws IllegalArgumentException when {@code p} lies outside [0, 1) or is NaN
     */
    public StochasticDepth(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("StochasticDepth: p must be in [0, 1), got " + p);
        }
        this.p = p;
    }

    @Override
    public Variable forward(Variable x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        int[] s = x.shape();
        if (s.length == 0) {
            throw TensorException.shapes(toString(), "needs a batch axis in training", s);
        }
        int[] rowShape = new int[s.length];
        java.util.Arrays.fill(rowShape, 1);
        rowShape[0] = s[0];
        Tensor u;
        synchronized (Randomness.global()) {
            u = Randomness.global().uniform(DType.FLOAT64, 0, 1, rowShape);
        }
        Tensor mask = u.ge(Tensor.scalar(DType.FLOAT64, p)).mul(1.0 / (1 - p)).to(x.dtype());
        return x.mul(Variable.constant(mask));
    }

    /**
     * The drop probability.
     *
     * @return {@code p} as given to the constructor, in [0, 1)
     */
    public double probability() {
        return p;
    }

    @Override
    public String toString() {
        return "StochasticDepth(" + p + ")";
    }
}

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
        return x.mul(Variable.constant(mask(rowShape, x.value())));
    }

    /** A fresh mask of {@code rowShape}: 0 for dropped rows, 1 / (1 - p) for kept ones, of x's type and backend. */
    private Tensor mask(int[] rowShape, Tensor x) {
        Tensor u;
        synchronized (Randomness.global()) {
            u = Randomness.global().uniform(DType.FLOAT64, 0, 1, rowShape);
        }
        return u.ge(Tensor.scalar(DType.FLOAT64, p)).mul(1.0 / (1 - p)).to(x.dtype());
    }

    /**
     * {@code call(branch).add(skip)} as one op (a residual block's end): in training the branch times the mask plus
     * the skip in {@link io.github.cola4j.tensor.FusedOps#multiplyAdd} (one device launch where the composition
     * takes two), drawing the same mask. Out of training, with p = 0, with a forward hook on this module (so that
     * it sees its output) or with shapes that differ, the composition.
     */
    Variable applyAndAdd(Variable branch, Variable skip) {
        int[] s = branch.shape();
        if (!isTraining() || p == 0 || hasForwardHooks() || s.length == 0
                || !java.util.Arrays.equals(s, skip.shape())) {
            return call(branch).add(skip);
        }
        int[] rowShape = new int[s.length];
        java.util.Arrays.fill(rowShape, 1);
        rowShape[0] = s[0];
        Tensor y = branch.value();
        Tensor mask = mask(rowShape, y);
        Tensor out = y.backend().multiplyAdd(y, mask, skip.value());
        return Variable.fromOp("stochasticDepthAdd", out, g -> new Tensor[] {g.mul(mask), g}, branch, skip);
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

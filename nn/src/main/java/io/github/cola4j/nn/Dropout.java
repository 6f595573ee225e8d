package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;

/** Zeroes each element with probability p in training and scales the rest by 1/(1-p); identity in evaluation. */
public final class Dropout extends Module {
    private final double p;

    /**
     * Dropout with drop probability {@code p}.
     *
     * @param p the probability of zeroing each element in training, in [0, 1); 0 makes the layer an identity
     * @throws IllegalArgumentException when {@code p} lies outside [0, 1) or is NaN
     */
    public Dropout(double p) {
        if (!(p >= 0 && p < 1)) {
            throw new IllegalArgumentException("Dropout: p must be in [0, 1), got " + p);
        }
        this.p = p;
    }

    @Override
    public Variable forward(Variable x) {
        if (!isTraining() || p == 0) {
            return x;
        }
        Tensor keep;
        synchronized (Randomness.global()) {
            keep = Randomness.global().uniform(x.dtype() == DType.FLOAT64 ? DType.FLOAT64 : DType.FLOAT32, 0, 1,
                    x.shape());
        }
        Tensor mask = keep.gt(Tensor.scalar(keep.dtype(), p)).mul(1.0 / (1 - p));
        return x.mul(Variable.constant(mask));
    }

    @Override
    public String toString() {
        return "Dropout(" + p + ")";
    }
}

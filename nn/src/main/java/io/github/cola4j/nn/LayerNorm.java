package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.TensorException;

/** Normalisation over the last axis with a learned scale and shift, as PyTorch's {@code nn.LayerNorm(n)}. */
public final class LayerNorm extends Module {
    private final int size;
    private final double eps;
    private final Variable weight;
    private final Variable bias;

    /**
     * Layer norm over a last axis of {@code size} elements, eps 1e-5.
     *
     * @param size the length of the input's last axis, also the shape [size] of the scale and the shift
     */
    public LayerNorm(int size) {
        this(size, 1e-5);
    }

    /**
     * Layer norm over a last axis of {@code size} elements; {@code eps} is added to the variance.
     *
     * @param size the length of the input's last axis, also the shape [size] of the scale and the shift
     * @param eps added to the (biased) variance before the square root, for stability (PyTorch's default 1e-5)
     */
    public LayerNorm(int size, double eps) {
        this.size = size;
        this.eps = eps;
        this.weight = registerParameter("weight", Tensor.ones(size));
        this.bias = registerParameter("bias", Tensor.zeros(size));
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length == 0 || s[s.length - 1] != size) {
            throw TensorException.shapes("LayerNorm(" + size + ")", "last axis must be " + size, s);
        }
        Variable centred = x.sub(x.mean(true, -1));
        Variable var = centred.mul(centred).mean(true, -1);
        return centred.div(var.add(eps).sqrt()).mul(weight).add(bias);
    }

    @Override
    public String toString() {
        return "LayerNorm(" + size + ")";
    }
}

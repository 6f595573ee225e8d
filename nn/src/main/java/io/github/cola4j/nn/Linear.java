package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.TensorException;
import java.util.Arrays;

/** y = x W^T + b with W of shape [out, in], as PyTorch's {@code nn.Linear}. */
public final class Linear extends Module {
    private final int in;
    private final int out;
    private final Variable weight;
    private final Variable bias;

    /**
     * PyTorch's default initialisation: uniform with bound 1 / sqrt(in) for weight and bias.
     *
     * @param in input features: the size of the input's last axis
     * @param out output features: the size of the output's last axis
     * @param bias whether the layer adds a learned bias of shape [out]
     */
    public Linear(int in, int out, boolean bias) {
        this(in, out, bias, Init.fanInUniform(in, out, in));
    }

    /**
     * With a given initial weight [out, in]; the bias (if any) starts at PyTorch's default.
     *
     * @param in input features: the size of the input's last axis
     * @param out output features: the size of the output's last axis
     * @param bias whether the layer adds a learned bias of shape [out]
     * @param initialWeight the starting weight, shape [out, in], used as it is (not copied)
     * @throws TensorException when {@code initialWeight} is not of shape [out, in]
     */
    public Linear(int in, int out, boolean bias, Tensor initialWeight) {
        int[] want = {out, in};
        if (!Arrays.equals(initialWeight.shape(), want)) {
            throw TensorException.shapes("Linear(" + in + ", " + out + ")",
                    "initial weight must be [out, in] = " + Arrays.toString(want), initialWeight.shape());
        }
        this.in = in;
        this.out = out;
        this.weight = registerParameter("weight", initialWeight);
        this.bias = bias ? registerParameter("bias", Init.fanInUniform(in, out)) : null;
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length == 0 || s[s.length - 1] != in) {
            throw TensorException.shapes("Linear(" + in + ", " + out + ")", "last axis must be " + in, s);
        }
        Variable y = x.matmul(weight.t());
        return bias == null ? y : y.add(bias);
    }

    /**
     * The weight, shape [out, in].
     *
     * @return the parameter itself (state key {@code weight})
     */
    public Variable weight() {
        return weight;
    }

    /**
     * The bias, shape [out], or null when the layer has none.
     *
     * @return the parameter itself (state key {@code bias}), or null when built with {@code bias} false
     */
    public Variable bias() {
        return bias;
    }

    @Override
    public String toString() {
        return "Linear(" + in + ", " + out + (bias == null ? ", bias=false" : "") + ")";
    }
}

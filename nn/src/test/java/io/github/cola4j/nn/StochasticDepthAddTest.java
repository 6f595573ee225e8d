package io.github.cola4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/**
 * A residual block's end as one op ({@code StochasticDepth.applyAndAdd}) draws the same mask and gives the same
 * output and gradients as the module followed by an add.
 */
class StochasticDepthAddTest {

    private static double[][] run(boolean fused, Tensor branch, Tensor skip, Tensor upstream) {
        Randomness.seed(21);
        StochasticDepth sd = new StochasticDepth(0.4);
        sd.train(true);
        Variable b = Variable.param(branch);
        Variable s = Variable.param(skip);
        Variable y = fused ? sd.applyAndAdd(b, s) : sd.call(b).add(s);
        y.backward(upstream);
        return new double[][] {y.value().toDoubleArray(), b.grad().toDoubleArray(), s.grad().toDoubleArray()};
    }

    @Test
    void fusedEndOfABlockMatchesTheModuleAndAnAdd() {
        for (DType t : DType.values()) {
            Rng rng = new Rng(4);
            Tensor branch = rng.normal(t, 0, 1, 8, 3, 4, 5);
            Tensor skip = rng.normal(t, 0, 1, 8, 3, 4, 5);
            Tensor upstream = rng.normal(t, 0, 1, 8, 3, 4, 5);
            double[][] fused = run(true, branch, skip, upstream);
            double[][] composed = run(false, branch, skip, upstream);
            String[] names = {"output", "branch gradient", "skip gradient"};
            for (int i = 0; i < names.length; i++) {
                assertArrayEquals(composed[i], fused[i], 0, t + " " + names[i]);
            }
        }
    }
}

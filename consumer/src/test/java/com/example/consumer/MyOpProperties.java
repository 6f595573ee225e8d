package com.example.consumer;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.testing.GradientAssertions;
import io.github.cola4j.testing.TensorArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A user's own op, checked against finite differences with the testing kit (the README's example). */
class MyOpProperties {

    /** softplus(x) * y, built from library ops. */
    static Variable softplusTimes(Variable x, Variable y) {
        return x.exp().add(1).log().mul(y);
    }

    @Provide
    Arbitrary<int[][]> shapes() {
        return TensorArbitraries.broadcastablePairs(3, 4);
    }

    @Property(tries = 30)
    void gradientsMatchFiniteDifferences(@ForAll("shapes") int[][] s, @ForAll long seed) {
        Tensor x = TensorArbitraries.nonContiguous(seed, -2, 2, s[0]);
        Tensor y = TensorArbitraries.uniform(seed + 1, -2, 2, s[1]);
        GradientAssertions.assertGradients(v -> softplusTimes(v[0], v[1]), x, y);
    }
}

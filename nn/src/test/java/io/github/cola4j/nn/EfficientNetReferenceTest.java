package io.github.cola4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Autograd;
import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.io.ModelFiles;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.io.Npy;
import io.github.cola4j.tensor.io.NpyArray;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * EfficientNet-B0 (1-channel stem) against PyTorch/torchvision: the fixtures come from
 * {@code nn/src/test/python/make_fixtures.py} (weights with randomised batch-norm statistics and affine parameters,
 * a random input, and torchvision's outputs and gradients). Errors are norm-relative: ||java - torch|| / ||torch||.
 */
class EfficientNetReferenceTest {
    static final double OUTPUT_TOL = 1e-4;
    static final double GRAD_TOL = 1e-3;

    static Path fixtures;
    static Tensor input;

    @BeforeAll
    static void locate() throws URISyntaxException, IOException {
        fixtures = Path.of(EfficientNetReferenceTest.class.getResource("/fixtures/efficientnet_b0.safetensors").toURI())
                .getParent();
        input = npy("input");
        assertArrayEquals(new int[] {2, 1, 98, 64}, input.shape());
    }

    static Tensor npy(String name) throws IOException {
        NpyArray a = Npy.read(fixtures.resolve(name + ".npy"));
        return Tensor.of(a.toFloats(), a.intShape());
    }

    static EfficientNet load(EfficientNetConfig.Pooling pooling) throws IOException {
        EfficientNet net = new EfficientNet(EfficientNetConfig.b0(pooling).withStochasticDepth(0));
        ModelFiles.load(net, fixtures.resolve("efficientnet_b0.safetensors"));
        return net;
    }

    /** ||a - b|| / ||b||, in double. */
    static double relError(Tensor actual, Tensor expected) {
        assertArrayEquals(expected.shape(), actual.shape());
        double[] a = actual.toDoubleArray();
        double[] b = expected.toDoubleArray();
        double num = 0;
        double den = 0;
        for (int i = 0; i < a.length; i++) {
            num += (a[i] - b[i]) * (a[i] - b[i]);
            den += b[i] * b[i];
        }
        return Math.sqrt(num / den);
    }

    static void check(String what, Tensor actual, Tensor expected, double tol) {
        double e = relError(actual, expected);
        System.out.printf("%-40s relative error %.3e%n", what, e);
        assertTrue(e <= tol, what + ": relative error " + e + " > " + tol);
    }

    @Test
    void evalAveragePooledFeaturesAndGradientsMatchPyTorch() throws IOException {
        EfficientNet net = load(EfficientNetConfig.Pooling.AVG);
        net.eval();
        Variable x = Variable.param(input);
        Variable f = net.forward(x);
        check("eval avg features", f.value(), npy("eval_avg"), OUTPUT_TOL);

        f.mul(Variable.constant(npy("r"))).sum().backward();
        check("grad input", x.grad(), npy("grad_input"), GRAD_TOL);
        Map<String, Variable> params = net.namedParameters();
        for (String name : new String[] {"features.0.0.weight", "features.1.0.block.1.fc1.weight", "features.8.1.weight"}) {
            String file = "grad_" + name.replace("features.", "").replace('.', '_');
            check("grad " + name, params.get(name).grad(), npy(file), GRAD_TOL);
        }
    }

    @Test
    void evalMaxPooledFeaturesMatchPyTorch() throws IOException {
        EfficientNet net = load(EfficientNetConfig.Pooling.MAX);
        net.eval();
        try (Autograd.NoGradScope s = Autograd.noGrad()) {
            check("eval max features", net.forward(Variable.constant(input)).value(), npy("eval_max"), OUTPUT_TOL);
        }
    }

    @Test
    void trainModeFeaturesAndRunningStatisticsMatchPyTorch() throws IOException {
        EfficientNet net = load(EfficientNetConfig.Pooling.AVG);
        net.train(true);
        Map<String, Module.StateEntry> before = net.stateDict();
        double tracked = before.get("features.8.1.num_batches_tracked").tensor().item();
        try (Autograd.NoGradScope s = Autograd.noGrad()) {
            check("train avg features", net.forward(Variable.constant(input)).value(), npy("train_avg"), OUTPUT_TOL);
        }
        Map<String, Module.StateEntry> after = net.stateDict();
        for (String bn : new String[] {"features.0.1", "features.8.1"}) {
            String tag = "bn_" + bn.replace("features.", "").replace('.', '_');
            check(bn + ".running_mean", after.get(bn + ".running_mean").tensor(), npy(tag + "_running_mean"), OUTPUT_TOL);
            check(bn + ".running_var", after.get(bn + ".running_var").tensor(), npy(tag + "_running_var"), OUTPUT_TOL);
        }
        assertEquals(tracked + 1, after.get("features.8.1.num_batches_tracked").tensor().item());
    }
}

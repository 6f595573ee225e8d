package io.github.cola4j.cola;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.io.Npy;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** COLA's bilinear loss and gradients against PyTorch (cola/src/test/python/make_loss_fixture.py). */
class ColaLossFixtureTest {
    private static final Path DIR = Path.of("src/test/resources/fixtures");

    private static Tensor load(String name) throws IOException {
        return Npy.read(DIR.resolve(name + ".npy")).toTensor();
    }

    private static void close(Tensor want, Tensor got, String what) {
        double[] w = want.toDoubleArray();
        double[] g = got.toDoubleArray();
        double worst = 0;
        for (int i = 0; i < w.length; i++) {
            worst = Math.max(worst, Math.abs(w[i] - g[i]) / Math.max(1, Math.abs(w[i])));
        }
        assertTrue(worst <= 1e-12, what + ": worst error " + worst);
    }

    @Test
    void lossAccuracyAndGradientsMatchPyTorch() throws IOException {
        Variable a = Variable.param(load("cola_anchors"));
        Variable p = Variable.param(load("cola_positives"));
        Variable w = Variable.param(load("cola_w"));
        Variable s = a.matmul(w).matmul(p.t());
        close(load("cola_similarities"), s.value(), "similarities");
        ColaLoss.Result r = ColaLoss.of(s);
        double[] want = load("cola_loss").toDoubleArray();
        assertEquals(want[0], r.loss().value().item(), 1e-12);
        assertEquals(want[1], r.accuracy(), 0);
        r.loss().backward();
        close(load("cola_grad_anchors"), a.grad(), "dL/da");
        close(load("cola_grad_positives"), p.grad(), "dL/dp");
        close(load("cola_grad_w"), w.grad(), "dL/dW");
    }
}

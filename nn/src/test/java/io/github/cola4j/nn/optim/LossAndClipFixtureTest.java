package io.github.cola4j.nn.optim;

import static io.github.cola4j.nn.optim.OptimizerFixtureTest.maxRelError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.Losses;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Cross-entropy (with label smoothing and huge logits) and clip_grad_norm_ against PyTorch 1.13 fixtures. */
class LossAndClipFixtureTest {
    static final double TOL = 1e-6;

    @Test
    @SuppressWarnings("unchecked")
    void crossEntropyMatchesPyTorch() {
        Map<String, Object> fix = Json.resource("fixtures/optim/cross_entropy.json");
        double worst = 0;
        for (Object o : (List<Object>) fix.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            Variable logits = Variable.param(Json.tensor(c.get("logits")));
            int[] labels = Json.ints(c.get("labels"));
            double eps = (Double) c.get("smoothing");
            Variable loss = Losses.crossEntropy(logits, labels, eps);
            assertEquals(0, loss.shape().length);
            loss.backward();
            double expected = (Double) c.get("loss");
            double lossErr = Math.abs(loss.value().item() - expected) / Math.abs(expected);
            double gradErr = absOrRel(Json.tensor(c.get("grad")).toDoubleArray(), logits.grad().toDoubleArray());
            String what = "case " + logits.value().shape()[0] + "x" + logits.value().shape()[1] + " eps " + eps;
            assertTrue(lossErr <= TOL, what + ": loss off by " + lossErr);
            assertTrue(gradErr <= TOL, what + ": gradient off by " + gradErr);
            worst = Math.max(worst, Math.max(lossErr, gradErr));
        }
        System.out.printf("crossEntropy max relative error (loss and gradient) vs PyTorch %.2e%n", worst);
    }

    /** Relative error, absolute below 1e-12 (softmax of huge logits gives gradients like 1e-300 or exact 0). */
    private static double absOrRel(double[] expected, double[] actual) {
        double worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]) / Math.max(Math.abs(expected[i]), 1e-12);
            worst = Math.max(worst, err);
        }
        return worst;
    }

    @Test
    @SuppressWarnings("unchecked")
    void clipGradNormMatchesPyTorch() {
        Map<String, Object> fix = Json.resource("fixtures/optim/clip_grad_norm.json");
        for (Object o : (List<Object>) fix.get("cases")) {
            Map<String, Object> c = (Map<String, Object>) o;
            List<Variable> ps = new ArrayList<>();
            List<Object> grads = (List<Object>) c.get("grads");
            for (Object g : grads) {
                Tensor t = Json.tensor(g);
                Variable p = Variable.param(Tensor.zeros(t.dtype(), t.shape()));
                p.setGrad(t);
                ps.add(p);
            }
            ps.add(Variable.param(Tensor.zeros(2)));
            double total = GradClipping.clipGradNorm(ps, (Double) c.get("max_norm"));
            double expected = (Double) c.get("total_norm");
            assertTrue(Math.abs(total - expected) <= TOL * expected, "total norm " + total + " vs " + expected);
            List<Object> clipped = (List<Object>) c.get("clipped");
            for (int i = 0; i < clipped.size(); i++) {
                double e = maxRelError(Json.tensor(clipped.get(i)).toDoubleArray(), ps.get(i).grad().toDoubleArray());
                assertTrue(e <= TOL, "clipped gradient " + i + " off by " + e);
            }
            assertEquals(null, ps.get(ps.size() - 1).grad());
        }
    }
}

package io.github.cola4j.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Losses;
import io.github.cola4j.nn.Module;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A whole EfficientNet training step (forward in training mode, loss, backward) on OpenCL equals the CPU's. */
class EfficientNetStepTest {

    private static final class Step {
        double loss;
        Map<String, float[]> grads = new HashMap<>();
    }

    private static Step run(Backend backend, Tensor input, int[] labels) {
        Backend previous = Backends.defaultBackend();
        Backends.setDefault(backend);
        try {
            Randomness.seed(11);
            EfficientNet net = new EfficientNet(new EfficientNetConfig(0.25, 0.25, 1, 0.0,
                    EfficientNetConfig.Pooling.MAX), 4, 0.0);
            net.to(backend);
            Variable loss = Losses.crossEntropy(net.forward(Variable.constant(input.to(backend))), labels);
            loss.backward();
            Step s = new Step();
            s.loss = loss.value().item();
            for (Map.Entry<String, Variable> p : net.namedParameters().entrySet()) {
                s.grads.put(p.getKey(), p.getValue().grad().toFloatArray());
            }
            return s;
        } finally {
            Backends.setDefault(previous);
        }
    }

    @Test
    void trainingStepMatchesTheCpu() {
        OpenClBackend device = OpenClTestSupport.backend();
        Tensor x = new Rng(3).normal(DType.FLOAT32, 0, 1, 3, 1, 40, 32);
        int[] labels = {0, 3, 1};
        Step cpu = run(Backends.cpu(), x, labels);
        long before = device.stats().totalRoundTrips();
        Step ocl = run(device, x, labels);
        System.out.printf("EfficientNet step: loss cpu %.6f opencl %.6f, %d parameters, host round trips %d%n",
                cpu.loss, ocl.loss, cpu.grads.size(), device.stats().totalRoundTrips() - before);
        assertEquals(cpu.loss, ocl.loss, 1e-4 * Math.max(1, Math.abs(cpu.loss)));
        double global = 0;
        for (float[] g : cpu.grads.values()) {
            for (float v : g) {
                global = Math.max(global, Math.abs(v));
            }
        }
        // Gradients that cancel to almost nothing (the bias of a batch norm whose output feeds another batch
        // norm has a true gradient of zero) are float32 noise on both sides; they are held to a noise floor
        // of 1e-6 of the largest gradient, everything else to 1e-3 of its own scale.
        double floor = 1e-6 * global;
        for (Map.Entry<String, float[]> e : cpu.grads.entrySet()) {
            float[] want = e.getValue();
            float[] got = ocl.grads.get(e.getKey());
            double scale = 0;
            double worst = 0;
            for (int i = 0; i < want.length; i++) {
                scale = Math.max(scale, Math.abs(want[i]));
                worst = Math.max(worst, Math.abs(want[i] - got[i]));
            }
            assertTrue(worst <= 1e-3 * scale + floor, e.getKey() + ": max error " + worst + " of scale " + scale);
        }
    }
}

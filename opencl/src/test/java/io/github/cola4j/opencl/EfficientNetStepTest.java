package io.github.cola4j.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Losses;
import io.github.cola4j.nn.Module;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.optim.Adam;
import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    private static EfficientNet adamNet(Backend backend) {
        Randomness.seed(5);
        EfficientNet net = new EfficientNet(new EfficientNetConfig(0.25, 0.25, 1, 0.0,
                EfficientNetConfig.Pooling.AVG), 4, 0.0);
        net.to(backend);
        net.train(true);
        return net;
    }

    private static Adam adam(EfficientNet net) {
        return new Adam(net.parameters(), 1e-3, 0.9, 0.999, 1e-8, 1e-4);
    }

    private static Map<String, float[]> weights(EfficientNet net) {
        Map<String, float[]> w = new HashMap<>();
        for (Map.Entry<String, Variable> p : net.namedParameters().entrySet()) {
            w.put(p.getKey(), p.getValue().value().toFloatArray());
        }
        return w;
    }

    /**
     * Adam on parameters that live on the device: two steps with the gradients of a CPU training run (the same
     * gradients on both sides, so the comparison is of the optimiser alone: Adam divides by sqrt(v), which turns
     * float noise in a gradient that is truly zero into a full step, so device-computed gradients would not do)
     * give the CPU's weights to 1e-5 of each tensor's scale, and the steps move nothing between host and device.
     */
    @Test
    void adamStepsRunOnTheDeviceWithoutTransfers() {
        OpenClBackend device = OpenClTestSupport.backend();
        Tensor x = new Rng(4).normal(DType.FLOAT32, 0, 1, 3, 1, 40, 32);
        int[] labels = {2, 0, 1};
        int steps = 2;
        List<Map<String, float[]>> grads = new ArrayList<>();
        Map<String, float[]> cpu;
        Backend previous = Backends.defaultBackend();
        try {
            Backends.setDefault(Backends.cpu());
            EfficientNet net = adamNet(Backends.cpu());
            Adam adam = adam(net);
            for (int s = 0; s < steps; s++) {
                adam.zeroGrad();
                Losses.crossEntropy(net.forward(Variable.constant(x)), labels).backward();
                Map<String, float[]> g = new HashMap<>();
                for (Map.Entry<String, Variable> p : net.namedParameters().entrySet()) {
                    g.put(p.getKey(), p.getValue().grad().toFloatArray());
                }
                grads.add(g);
                adam.step();
            }
            cpu = weights(net);

            Backends.setDefault(device);
            EfficientNet dnet = adamNet(device);
            Adam dadam = adam(dnet);
            for (int s = 0; s < steps; s++) {
                for (Map.Entry<String, Variable> p : dnet.namedParameters().entrySet()) {
                    p.getValue().setGrad(Tensor.of(grads.get(s).get(p.getKey()), p.getValue().shape()).to(device));
                }
                OpenClBackend.Stats a = device.stats();
                dadam.step();
                OpenClBackend.Stats b = device.stats();
                long growths = b.arenaGrowths() - a.arenaGrowths();
                System.out.printf("Adam step %d on the device: %d launches, %d uploads, %d downloads, %d host ops,"
                        + " %d round trips, %d arena growths%n", s + 1, b.launches() - a.launches(),
                        b.uploads() - a.uploads(), b.downloads() - a.downloads(), b.hostOps() - a.hostOps(),
                        b.totalRoundTrips() - a.totalRoundTrips(), growths);
                // Growing the arena (new tensors when it is full) moves it once each way; nothing else may move.
                assertEquals(growths, b.uploads() - a.uploads(), "uploads during Adam.step()");
                assertEquals(growths, b.downloads() - a.downloads(), "downloads during Adam.step()");
                assertEquals(a.hostOps(), b.hostOps(), "host ops during Adam.step()");
                assertEquals(a.totalRoundTrips(), b.totalRoundTrips(), "host round trips during Adam.step()");
                assertTrue(b.launches() > a.launches(), "Adam.step() launched nothing on the device");
                if (s > 0) {
                    // the moments exist after the first step: one fused launch updates every parameter
                    assertEquals(1, b.launches() - a.launches(), "launches of Adam.step() after the first");
                }
            }
            Map<String, float[]> ocl = weights(dnet);
            double worstRel = 0;
            for (Map.Entry<String, float[]> e : cpu.entrySet()) {
                float[] want = e.getValue();
                float[] got = ocl.get(e.getKey());
                double diff = 0;
                double scale = 0;
                for (int i = 0; i < want.length; i++) {
                    diff = Math.max(diff, Math.abs(want[i] - got[i]));
                    scale = Math.max(scale, Math.abs(want[i]));
                }
                worstRel = Math.max(worstRel, diff / scale);
                assertTrue(diff <= 1e-5 * scale, e.getKey() + ": weights differ by " + diff + " (scale " + scale
                        + ") after " + steps + " Adam steps");
            }
            System.out.printf("Adam: %d parameters after %d steps, worst relative difference %.2e%n", cpu.size(),
                    steps, worstRel);
        } finally {
            Backends.setDefault(previous);
        }
    }
}

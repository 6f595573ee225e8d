package io.github.cola4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EfficientNetTest {

    @Test
    void b0HasTorchvisionsKeysShapesAndParameterCount() {
        EfficientNet net = new EfficientNet(EfficientNetConfig.b0(EfficientNetConfig.Pooling.MAX));
        Map<String, Module.StateEntry> state = net.stateDict();
        assertEquals(358, state.size());
        assertEquals(4_006_972L, net.parameterCount());
        assertArrayEquals(new int[] {32, 1, 3, 3}, state.get("features.0.0.weight").tensor().shape());
        assertArrayEquals(new int[] {32, 1, 3, 3}, state.get("features.1.0.block.0.0.weight").tensor().shape());
        assertArrayEquals(new int[] {8, 32, 1, 1}, state.get("features.1.0.block.1.fc1.weight").tensor().shape());
        assertArrayEquals(new int[] {96, 16, 1, 1}, state.get("features.2.0.block.0.0.weight").tensor().shape());
        assertArrayEquals(new int[] {1280}, state.get("features.8.1.running_var").tensor().shape());
        assertTrue(state.get("features.8.1.num_batches_tracked").integer());
        assertEquals("features.0.0.weight", state.keySet().iterator().next());
    }

    @Test
    void smallNetworkRunsForwardAndBackward() {
        Randomness.seed(1);
        EfficientNet net = new EfficientNet(new EfficientNetConfig(0.25, 0.25, 1, 0.2,
                EfficientNetConfig.Pooling.AVG), 4, 0.2);
        Variable x = Variable.constant(new Rng(2).normal(DType.FLOAT32, 0, 1, 2, 1, 40, 32));
        Variable logits = net.forward(x);
        assertArrayEquals(new int[] {2, 4}, logits.shape());
        logits.logSoftmax(1).mean().neg().backward();
        for (Map.Entry<String, Variable> p : net.namedParameters().entrySet()) {
            assertTrue(p.getValue().grad() != null, "no gradient reached " + p.getKey());
        }
    }
}

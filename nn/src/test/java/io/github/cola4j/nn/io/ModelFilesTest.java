package io.github.cola4j.nn.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Module;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.StateDictException;
import io.github.cola4j.tensor.Tensor;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFilesTest {
    @TempDir
    Path dir;

    private static EfficientNet small(long seed) {
        Randomness.seed(seed);
        return new EfficientNet(new EfficientNetConfig(0.25, 0.25, 1, 0.2, EfficientNetConfig.Pooling.AVG), 3, 0.2);
    }

    @Test
    void saveThenLoadRestoresEveryEntry() throws IOException {
        EfficientNet a = small(1);
        EfficientNet b = small(2);
        Path f = dir.resolve("small.safetensors");
        ModelFiles.save(a, f);
        ModelFiles.load(b, f);
        Map<String, Module.StateEntry> sa = a.stateDict();
        Map<String, Module.StateEntry> sb = b.stateDict();
        assertEquals(sa.keySet(), sb.keySet());
        for (String k : sa.keySet()) {
            assertArrayEquals(sa.get(k).tensor().toDoubleArray(), sb.get(k).tensor().toDoubleArray(), k);
            assertEquals(sa.get(k).tensor().dtype(), sb.get(k).tensor().dtype(), k);
        }
        assertTrue(Safetensors.read(f).integers().contains("features.0.1.num_batches_tracked"));
    }

    @Test
    void strictLoadReportsEveryBadKeyAtOnceAndChangesNothing() throws IOException {
        EfficientNet a = small(1);
        Map<String, Tensor> state = new LinkedHashMap<>();
        a.stateDict().forEach((k, e) -> state.put(k, e.tensor()));
        state.remove("features.0.0.weight");
        state.remove("classifier.1.bias");
        state.put("features.99.weight", Tensor.zeros(3));
        state.put("extra", Tensor.zeros(1));
        state.put("classifier.1.weight", Tensor.zeros(2, 2));
        Path f = dir.resolve("bad.safetensors");
        Safetensors.write(f, state);

        EfficientNet b = small(2);
        double before = b.stateDict().get("features.1.0.block.0.0.weight").tensor().sum().item();
        StateDictException e = assertThrows(StateDictException.class, () -> ModelFiles.load(b, f));
        assertEquals(java.util.List.of("features.0.0.weight", "classifier.1.bias"), e.missing());
        assertEquals(java.util.List.of("features.99.weight", "extra"), e.unexpected());
        assertEquals(1, e.misShaped().size());
        assertTrue(e.misShaped().get(0).startsWith("classifier.1.weight"));
        assertTrue(e.getMessage().contains("bad.safetensors"), e.getMessage());
        assertEquals(before, b.stateDict().get("features.1.0.block.0.0.weight").tensor().sum().item());

        // non-strict: missing and unexpected keys are ignored, but a mis-shaped one is still an error
        assertThrows(StateDictException.class, () -> ModelFiles.load(b, f, false));
        state.remove("classifier.1.weight");
        Safetensors.write(f, state);
        ModelFiles.load(b, f, false);
        assertEquals(a.stateDict().get("features.1.0.block.0.0.weight").tensor().sum().item(),
                b.stateDict().get("features.1.0.block.0.0.weight").tensor().sum().item());
    }
}

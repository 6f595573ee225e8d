package io.github.cola4j.tensor;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Backends are found through their providers on the class path and opened by name. */
class BackendsTest {

    @Test
    void theCpuBackendIsFoundByName() {
        assertTrue(Backends.names().contains("cpu"), Backends.names().toString());
        assertSame(Backends.cpu(), Backends.named("cpu"));
        assertSame(Backends.cpu(), Backends.named("CPU"), "names ignore case");
    }

    @Test
    void anUnknownNameListsTheBackendsThatExist() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Backends.named("tpu"));
        assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains("cpu"), e.getMessage());
    }
}

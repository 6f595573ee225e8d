package io.github.cola4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MemoryScopeTest {

    @Test
    void closingReleasesWhatWasAllocatedInsideAndNothingElse() {
        Tensor outside = Tensor.ones(8192);
        Tensor inside;
        Tensor kept;
        Tensor retained;
        try (MemoryScope scope = MemoryScope.open()) {
            inside = outside.mul(2);
            kept = scope.keep(outside.add(1));
            retained = MemoryScope.retain(outside.sub(1));
            assertEquals(1, scope.trackedCount());
        }
        assertTrue(inside.storage().isReleased());
        assertFalse(outside.storage().isReleased());
        assertFalse(kept.storage().isReleased());
        assertFalse(retained.storage().isReleased());
        assertEquals(2.0, kept.get(17), 0);
        assertEquals(0.0, retained.get(17), 0);
        assertNull(MemoryScope.current());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> inside.get(0));
        assertTrue(e.getMessage().contains("released"), e.getMessage());
    }

    @Test
    void recycledArraysComeBackZeroedWhereZerosAreAsked() {
        for (int round = 0; round < 3; round++) {
            try (MemoryScope scope = MemoryScope.open()) {
                Tensor t = Tensor.ones(10000).mul(round + 5);
                assertEquals(round + 5, t.get(9999), 0);
                Tensor z = Tensor.zeros(10000);
                assertEquals(0.0, z.sum().item(), 0);
            }
        }
    }

    @Test
    void keepHandsATensorToTheEnclosingScope() {
        Tensor t;
        try (MemoryScope outer = MemoryScope.open()) {
            try (MemoryScope inner = MemoryScope.open()) {
                assertSame(inner, MemoryScope.current());
                t = inner.keep(Tensor.ones(5000).mul(3));
            }
            assertSame(outer, MemoryScope.current());
            assertFalse(t.storage().isReleased());
            assertEquals(1, outer.trackedCount());
        }
        assertTrue(t.storage().isReleased());
    }

    @Test
    void scopesCloseInnermostFirstOnTheirOwnThread() throws Exception {
        MemoryScope outer = MemoryScope.open();
        MemoryScope inner = MemoryScope.open();
        assertThrows(IllegalStateException.class, outer::close);
        java.util.concurrent.atomic.AtomicReference<Throwable> seen = new java.util.concurrent.atomic.AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                inner.close();
            } catch (Throwable t) {
                seen.set(t);
            }
        });
        other.start();
        other.join();
        assertTrue(seen.get() instanceof IllegalStateException, String.valueOf(seen.get()));
        inner.close();
        outer.close();
        assertNull(MemoryScope.current());
    }
}

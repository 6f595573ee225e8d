package io.github.cola4j.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BackendSelectionTest {
    private final List<LogRecord> records = new ArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord r) {
            records.add(r);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final Logger log = Logger.getLogger("io.github.cola4j");

    @BeforeEach
    void listen() {
        log.addHandler(handler);
    }

    @AfterEach
    void stopListening() {
        log.removeHandler(handler);
        System.clearProperty(BackendSelector.DEVICE_PROPERTY);
    }

    private long warnings() {
        return records.stream().filter(r -> r.getLevel() == Level.WARNING).count();
    }

    @Test
    void cpuIsChosenByName() {
        assertSame(Backends.cpu(), BackendSelector.select(BackendChoice.CPU));
        assertTrue(records.stream().anyMatch(r -> r.getMessage().contains("cola4j backend: cpu")));
        assertThrows(IllegalArgumentException.class, () -> BackendChoice.parse("tpu"));
    }

    @Test
    void openClFallsBackToCpuWithOneWarningWhenItCannotRun() {
        System.setProperty(BackendSelector.DEVICE_PROPERTY, "no-such-device-anywhere");
        Backend b = BackendSelector.select(BackendChoice.OPENCL);
        assertSame(Backends.cpu(), b);
        assertEquals(1, warnings(), "exactly one warning");
        assertTrue(records.stream().anyMatch(r -> r.getLevel() == Level.WARNING
                && r.getMessage().contains("no-such-device-anywhere")), "the warning says why");
    }

    @Test
    void theProviderOpensOpenClByNameAndNeverFallsBack() {
        assertTrue(Backends.names().contains("opencl"), Backends.names().toString());
        System.setProperty(BackendSelector.DEVICE_PROPERTY, "no-such-device-anywhere");
        UnsupportedOperationException e = assertThrows(UnsupportedOperationException.class,
                () -> Backends.named("opencl"));
        assertTrue(e.getMessage().contains("no-such-device-anywhere"), e.getMessage());
    }

    @Test
    void openClIsChosenAndNamedInTheLog() {
        OpenClTestSupport.backend(); // skips (or fails in CI) without OpenCL
        Backend b = BackendSelector.select(BackendChoice.OPENCL);
        try {
            assertInstanceOf(OpenClBackend.class, b);
            assertEquals(BackendChoice.OPENCL, BackendSelector.chosen(b));
            assertEquals(0, warnings());
            assertTrue(records.stream().anyMatch(r -> r.getMessage().contains("cola4j backend: opencl:")));
        } finally {
            b.close();
        }
    }

    @Test
    void autoTakesOnlyAGpu() {
        Backend b = BackendSelector.select(BackendChoice.AUTO);
        try {
            if (OpenClBackend.devices(true).isEmpty()) {
                assertSame(Backends.cpu(), b);
                assertEquals(0, warnings(), "auto without a GPU is not a warning");
            } else {
                assertInstanceOf(OpenClBackend.class, b);
            }
        } finally {
            if (b != Backends.cpu()) {
                b.close();
            }
        }
    }

    @Test
    void choiceIsParsedInAnyCaseAndReadFromTheProperty() {
        assertEquals(BackendChoice.OPENCL, BackendChoice.parse(" OpenCL "));
        assertEquals("auto", BackendChoice.AUTO.toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BackendChoice.parse("cuda"));
        assertTrue(e.getMessage().contains("'cuda'"), e.getMessage());
        String old = System.getProperty(BackendSelector.PROPERTY);
        try {
            System.clearProperty(BackendSelector.PROPERTY);
            assertEquals(BackendChoice.CPU, BackendChoice.fromSystemProperty());
            System.setProperty(BackendSelector.PROPERTY, "auto");
            assertEquals(BackendChoice.AUTO, BackendChoice.fromSystemProperty());
        } finally {
            if (old == null) {
                System.clearProperty(BackendSelector.PROPERTY);
            } else {
                System.setProperty(BackendSelector.PROPERTY, old);
            }
        }
    }

    @Test
    void theChosenBackendIsNamedByItsType() {
        assertEquals(BackendChoice.CPU, BackendSelector.chosen(Backends.cpu()));
    }

    @Test
    void opsWithoutADeviceKernelAreCountedRoundTrips() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        // rank 9 is beyond the device kernels' shape metadata: the op runs on the host, counted
        int[] shape = {2, 1, 1, 1, 1, 1, 1, 3, 2};
        Tensor x = Tensor.arange(DType.FLOAT32, 0, 12, 1).reshape(shape).to(gpu);
        long before = gpu.stats().roundTrips().getOrDefault("unary", 0L);
        Tensor y = x.exp();
        assertSame(gpu, y.backend());
        assertEquals(before + 1, (long) gpu.stats().roundTrips().get("unary"));
        assertEquals(Tensor.arange(DType.FLOAT32, 0, 12, 1).exp().sum().item(), y.sum().item(), 1e-2);
    }

    @Test
    void float64StaysOnTheHost() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        long hostOps = gpu.stats().hostOps();
        Tensor d = Tensor.of(new double[] {1, 2, 3}).to(gpu);
        assertSame(gpu, d.backend());
        assertEquals(DType.FLOAT64, d.dtype());
        Tensor e = d.exp().sum();
        assertEquals(Math.exp(1) + Math.exp(2) + Math.exp(3), e.item(), 1e-12, "float64 precision is kept");
        assertTrue(gpu.stats().hostOps() > hostOps);
        assertEquals(6.0, d.to(DType.FLOAT32).sum().item(), 1e-6, "float64 to float32 moves to the device");
    }

    @Test
    void deviceMemoryReturnsToTheArenaWhenTensorsAreDropped() throws InterruptedException {
        OpenClBackend gpu = OpenClTestSupport.backend();
        // Earlier tests in this JVM may have grown the arena, and arenas below 64M floats grow before they
        // collect: allocate 40M floats more than max(arena, 64M), which cannot fit without reusing the dropped
        // tensors' ranges.
        long before = gpu.stats().arenaFloats();
        long limit = Math.max(before, 1L << 26);
        int rounds = (int) (limit / 1_000_000) + 40;
        Tensor x = Tensor.zeros(1000, 1000).to(gpu);
        for (int i = 0; i < rounds; i++) {
            x = x.add(1.0);
        }
        assertEquals(rounds, x.get(999, 999), 0);
        long cap = gpu.stats().arenaFloats();
        assertTrue(cap <= limit, "dropped tensors were not reused: " + rounds
                + " tensors of 1M floats grew the arena from " + before + " to " + cap + " floats");
    }
}

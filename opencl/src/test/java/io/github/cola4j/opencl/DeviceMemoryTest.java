package io.github.cola4j.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import org.junit.jupiter.api.Test;

/** Releasing a tensor returns its device memory at once; its storage cannot be used afterwards. */
class DeviceMemoryTest {

    @Test
    void releasedTensorsReturnTheirArenaRangeAndCannotBeUsed() {
        OpenClBackend device = OpenClTestSupport.backend();
        Tensor x = Tensor.wrap(device.allocate(DType.FLOAT32, 1 << 20), 1024, 1024);
        Tensor view = x.t();
        long used = device.stats().arenaUsedFloats();
        x.release();
        assertTrue(x.storage().isReleased());
        assertTrue(device.stats().arenaUsedFloats() <= used - (1 << 20), "the arena range was not returned");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> view.add(1));
        assertTrue(e.getMessage().contains("released") && e.getMessage().contains("[1024, 1024]"), e.getMessage());
        assertThrows(IllegalStateException.class, x::toFloatArray);
        long after = device.stats().arenaUsedFloats();
        x.release();
        assertEquals(after, device.stats().arenaUsedFloats(), "a second release changed the arena");

        // the freed range is reused and holds new values
        Tensor y = Tensor.of(new float[] {1, 2, 3}, 3).to(device);
        assertArrayEquals(new float[] {2, 3, 4}, y.add(1).toFloatArray());
    }

    @Test
    void releasingHostTensorsFreesThemForReuseAndLeavesOthersAlone() {
        // CPU storage hands its array back to the CPU backend's pool: the tensor is unusable afterwards
        Tensor c = Tensor.of(new float[] {1, 2}, 2);
        Tensor d = Tensor.of(new float[] {3, 4}, 2);
        c.release();
        assertTrue(c.storage().isReleased());
        IllegalStateException e = assertThrows(IllegalStateException.class, c::toFloatArray);
        assertTrue(e.getMessage().contains("released"), e.getMessage());
        assertFalse(d.storage().isReleased());
        assertArrayEquals(new float[] {3, 4}, d.toFloatArray());
    }

    @Test
    void runningOutOfDeviceMemoryNamesTheSizesAndLeavesTheBackendUsable() {
        OpenClBackend device = OpenClTestSupport.backend();
        long limit = device.maxArenaFloats;
        try {
            device.maxArenaFloats = device.stats().arenaFloats();
            int tooBig = (int) Math.min(Integer.MAX_VALUE / 2, device.stats().arenaFloats());
            io.github.cola4j.tensor.TensorException e = assertThrows(io.github.cola4j.tensor.TensorException.class,
                    () -> device.allocate(DType.FLOAT32, tooBig));
            assertTrue(e.getMessage().contains("out of device memory") && e.getMessage().contains(tooBig + " floats"),
                    e.getMessage());
        } finally {
            device.maxArenaFloats = limit;
        }
        Tensor y = Tensor.of(new float[] {1, 2}, 2).to(device);
        assertArrayEquals(new float[] {3, 4}, y.add(2).toFloatArray());
    }
}

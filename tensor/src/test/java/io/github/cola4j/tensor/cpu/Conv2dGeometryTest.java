package io.github.cola4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class Conv2dGeometryTest {

    @Test
    void outputSizeFollowsPyTorch() {
        Conv2dGeometry stem = Conv2dGeometry.of(32, 1, 98, 64, 32, 3, 2, 1, 1);
        assertEquals(49, stem.outH());
        assertEquals(32, stem.outW());
        Conv2dGeometry dilated = new Conv2dGeometry(1, 1, 10, 9, 1, 3, 3, 1, 2, 2, 0, 2, 3, 1);
        assertEquals((10 + 4 - 2 * 2 - 1) / 1 + 1, dilated.outH());
        assertEquals((9 - 3 * 2 - 1) / 2 + 1, dilated.outW());
        assertEquals(32L * 32 * 49 * 32 * 9, stem.multiplyAdds());
    }

    @Test
    void classifiesShapes() {
        assertTrue(Conv2dGeometry.of(2, 16, 7, 7, 96, 1, 1, 0, 1).isPointwise());
        assertFalse(Conv2dGeometry.of(2, 16, 7, 7, 96, 1, 2, 0, 1).isPointwise());
        assertTrue(Conv2dGeometry.of(2, 96, 7, 7, 96, 3, 1, 1, 96).isDepthwise());
        assertFalse(Conv2dGeometry.of(2, 96, 7, 7, 192, 3, 1, 1, 96).isDepthwise());
    }

    @Test
    void rejectsBadShapesNamingTheValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Conv2dGeometry.of(1, 6, 5, 5, 8, 3, 1, 1, 4));
        assertTrue(e.getMessage().contains("groups=4"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Conv2dGeometry.of(1, 1, 2, 2, 1, 5, 1, 0, 1));
        assertTrue(e.getMessage().contains("not positive"), e.getMessage());
        // Kernel extent exactly one past the padded input must still be rejected (floor, not truncation).
        assertThrows(IllegalArgumentException.class, () -> Conv2dGeometry.of(1, 1, 3, 3, 1, 4, 2, 0, 1));
        e = assertThrows(IllegalArgumentException.class, () -> Conv2dGeometry.of(0, 1, 2, 2, 1, 1, 1, 0, 1));
        assertTrue(e.getMessage().contains("batch"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Conv2dGeometry.of(1, 1, 2, 2, 1, 1, 1, -1, 1));
    }
}

package io.github.cola4j.opencl;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Host-side pieces of the device kernel that need no OpenCL: every op code has its own name in the launch
 * statistics, and views collapse to the fewest axes the strided kernels need.
 */
class DeviceKernelOpsTest {

    @Test
    void everyOpCodeHasADistinctName() throws IllegalAccessException {
        Set<Integer> codes = new HashSet<>();
        Set<String> names = new HashSet<>();
        for (Field f : DeviceKernel.class.getDeclaredFields()) {
            if (f.getName().startsWith("OP_") && f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                int code = f.getInt(null);
                assertTrue(codes.add(code), f.getName() + " reuses op code " + code);
                assertTrue(code > 0 && code < DeviceKernel.OP_NAMES.length, f.getName() + " = " + code
                        + " has no entry in OP_NAMES");
                String name = DeviceKernel.OP_NAMES[code];
                assertNotNull(name);
                assertTrue(names.add(name), "name " + name + " given twice");
            }
        }
        assertEquals(DeviceKernel.OP_NAMES.length - 1, codes.size(), "OP_NAMES has names for codes that do not exist");
    }

    @Test
    void viewsCollapseToTheFewestAxes() {
        // contiguous rank 9 with size-1 axes: one axis
        int[][] c = OpenClBackend.collapse(new int[] {2, 1, 1, 1, 1, 1, 1, 3, 2}, new int[] {6, 6, 6, 6, 6, 6, 6, 2, 1});
        assertArrayEquals(new int[] {12}, c[0]);
        assertArrayEquals(new int[] {1}, c[1]);
        // a transposed view against a dense output: nothing merges
        c = OpenClBackend.collapse(new int[] {3, 4}, new int[] {1, 3}, new int[] {4, 1});
        assertArrayEquals(new int[] {3, 4}, c[0]);
        assertArrayEquals(new int[] {1, 3}, c[1]);
        assertArrayEquals(new int[] {4, 1}, c[2]);
        // a slice of rows merges its inner axes only
        c = OpenClBackend.collapse(new int[] {2, 3, 4}, new int[] {24, 4, 1});
        assertArrayEquals(new int[] {2, 12}, c[0]);
        assertArrayEquals(new int[] {24, 1}, c[1]);
        // one element
        c = OpenClBackend.collapse(new int[] {1, 1}, new int[] {5, 7});
        assertArrayEquals(new int[] {1}, c[0]);
        // nine axes that cannot merge
        int[] shape = {2, 2, 2, 2, 2, 2, 2, 2, 2};
        int[] gaps = {1 << 17, 1 << 15, 1 << 13, 1 << 11, 1 << 9, 1 << 7, 1 << 5, 1 << 3, 2};
        io.github.cola4j.tensor.TensorException e = assertThrows(io.github.cola4j.tensor.TensorException.class,
                () -> OpenClBackend.collapse(shape, gaps));
        assertTrue(e.getMessage().contains("[2, 2, 2, 2, 2, 2, 2, 2, 2]"), e.getMessage());
    }
}

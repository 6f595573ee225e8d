package io.github.cola4j.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every op code of the device kernel has its own name in the launch statistics (no OpenCL needed). */
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
}

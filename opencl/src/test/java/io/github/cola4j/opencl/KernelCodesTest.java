package io.github.cola4j.opencl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.BinaryOp;
import io.github.cola4j.tensor.ReduceOp;
import io.github.cola4j.tensor.UnaryOp;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashMap;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/**
 * The kernels' op codes stand for the tensor module's enums: every value of {@link UnaryOp}, {@link BinaryOp} and
 * {@link ReduceOp} maps to the constant of its own name ({@code UNARY_SILU} for {@code SILU}), no two values share
 * a code, and no constant is left without a value. Needs no OpenCL.
 */
class KernelCodesTest {

    /** The {@code static final int} constants of {@code owner} whose names start with {@code prefix}, by name. */
    private static Map<String, Integer> constants(Class<?> owner, String prefix) throws IllegalAccessException {
        Map<String, Integer> m = new HashMap<>();
        for (Field f : owner.getDeclaredFields()) {
            if (f.getName().startsWith(prefix) && f.getType() == int.class && Modifier.isStatic(f.getModifiers())) {
                m.put(f.getName().substring(prefix.length()), f.getInt(null));
            }
        }
        return m;
    }

    private static <E extends Enum<E>> void check(Class<E> type, Class<?> owner, String prefix,
            ToIntFunction<E> code) throws IllegalAccessException {
        Map<String, Integer> named = constants(owner, prefix);
        Map<Integer, E> seen = new HashMap<>();
        for (E e : type.getEnumConstants()) {
            Integer want = named.get(e.name());
            assertTrue(want != null, owner.getSimpleName() + " has no " + prefix + e.name() + " for " + type.getSimpleName());
            assertEquals(want.intValue(), code.applyAsInt(e), type.getSimpleName() + "." + e.name() + " maps to the wrong code");
            E before = seen.put(want, e);
            assertTrue(before == null, e + " and " + before + " share code " + want);
        }
        assertEquals(type.getEnumConstants().length, named.size(),
                owner.getSimpleName() + " has " + prefix + " constants that no " + type.getSimpleName() + " value uses: "
                        + named.keySet());
    }

    @Test
    void unaryCodesStandForTheirUnaryOps() throws IllegalAccessException {
        check(UnaryOp.class, ElementwiseKernels.class, "UNARY_", ElementwiseKernels::unaryCode);
    }

    @Test
    void binaryCodesStandForTheirBinaryOps() throws IllegalAccessException {
        check(BinaryOp.class, ElementwiseKernels.class, "BINARY_", ElementwiseKernels::binaryCode);
    }

    @Test
    void reductionCodesStandForTheirReduceOps() throws IllegalAccessException {
        check(ReduceOp.class, ReductionKernels.class, "REDUCE_", ReductionKernels::reduceCode);
    }
}

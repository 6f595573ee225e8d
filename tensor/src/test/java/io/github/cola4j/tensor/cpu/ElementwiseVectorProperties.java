package io.github.cola4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.BinaryOp;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.UnaryOp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** The Vector API element-wise loops against the scalar loops, element by element, tails included. */
class ElementwiseVectorProperties {

    @Provide
    Arbitrary<UnaryOp> vectorised() {
        return Arbitraries.of(UnaryOp.SILU, UnaryOp.SIGMOID, UnaryOp.EXP, UnaryOp.TANH, UnaryOp.SILU_GRAD);
    }

    @Property(tries = 60)
    void unaryMatchesScalar(@ForAll("vectorised") UnaryOp op, @ForAll @IntRange(min = 0, max = 300) int n,
            @ForAll @IntRange(min = 0, max = 20) int from, @ForAll long seed) {
        assertTrue(VectorSupport.enabled(), "tests run with --add-modules jdk.incubator.vector");
        Rng r = new Rng(seed);
        float[] x = new float[from + n];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 40 - 20);
        }
        float[] fast = new float[x.length];
        float[] plain = new float[x.length];
        assertTrue(ElementwiseVector.unary(op, x, fast, from, from + n));
        ElementwiseKernels.unaryScalar(op, x, plain, from, from + n, 0f, 0f);
        for (int i = from; i < from + n; i++) {
            assertEquals(plain[i], fast[i], 4e-6f * Math.max(1f, Math.abs(plain[i])), op + " at x=" + x[i]);
        }
    }

    @Property(tries = 20)
    void expAtTheEdgesOfTheFloatRange(@ForAll long seed) {
        Rng r = new Rng(seed);
        float[] x = new float[64 + 7];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (r.nextDouble() * 220 - 110);
        }
        x[0] = 88.7f;
        x[1] = 89f;
        x[2] = -87.3f;
        x[3] = -90f;
        x[4] = Float.NaN;
        // just below overflow and just above the smallest subnormal: inside the clamp of the range reduction
        x[5] = 88.72113f;
        x[6] = -103.95f;
        float[] fast = new float[x.length];
        assertTrue(ElementwiseVector.unary(UnaryOp.EXP, x, fast, 0, x.length));
        for (int i = 0; i < x.length; i++) {
            float want = (float) Math.exp(x[i]);
            if (Float.isNaN(want) || Float.isInfinite(want)) {
                assertEquals(want, fast[i], "exp(" + x[i] + ")");
            } else {
                // relative within the normal range, absolute (below the smallest normal float) under it
                assertEquals(want, fast[i], Math.max(4e-6f * want, Float.MIN_NORMAL), "exp(" + x[i] + ")");
            }
        }
    }

    @Property(tries = 20)
    void boundedExpMatchesExpInsideItsRangeAndSaturatesOutside(@ForAll long seed) {
        Rng r = new Rng(seed);
        int n = 8 * 16;
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (r.nextDouble() * 220 - 110);
        }
        x[0] = ElementwiseVector.BOUNDED_HI;
        x[1] = Math.nextUp(ElementwiseVector.BOUNDED_HI);
        x[2] = ElementwiseVector.BOUNDED_LO;
        x[3] = Math.nextDown(ElementwiseVector.BOUNDED_LO);
        x[4] = Float.NaN;
        x[5] = 0f;
        float[] e = new float[n];
        ElementwiseVector.expBoundedBlock(x, 0, 1f, e, 0, n);
        float floor = (float) Math.exp(ElementwiseVector.BOUNDED_LO);
        for (int i = 0; i < n; i++) {
            String at = "exp(" + x[i] + ")";
            if (Float.isNaN(x[i])) {
                assertTrue(Float.isNaN(e[i]), at);
            } else if (x[i] > ElementwiseVector.BOUNDED_HI) {
                assertEquals(Float.POSITIVE_INFINITY, e[i], at);
            } else if (x[i] < ElementwiseVector.BOUNDED_LO) {
                assertEquals(floor, e[i], 4e-6f * floor, at);
            } else {
                float want = (float) Math.exp(x[i]);
                assertEquals(want, e[i], 4e-6f * want, at);
            }
        }
    }

    @Property(tries = 30)
    void siluBackwardMatchesScalar(@ForAll @IntRange(min = 0, max = 300) int n, @ForAll long seed) {
        Rng r = new Rng(seed);
        float[] g = new float[n];
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            g[i] = (float) r.nextGaussian();
            x[i] = (float) (r.nextDouble() * 40 - 20);
        }
        float[] fast = new float[n];
        assertTrue(ElementwiseVector.binary(BinaryOp.SILU_BACKWARD, g, 0, x, 0, fast, 0, n));
        for (int i = 0; i < n; i++) {
            double want = BinaryOp.SILU_BACKWARD.apply(g[i], x[i]);
            assertEquals(want, fast[i], 4e-6 * Math.max(1, Math.abs(want)));
        }
    }
}

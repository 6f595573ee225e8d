package io.github.cola4j.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The fast float32 element-wise, broadcasting, reduction and softmax paths against a plain float64 reference
 * computed element by element from the same inputs.
 */
class ElementwiseKernelProperties {

    @Provide
    Arbitrary<UnaryOp> unaryOps() {
        return Arbitraries.of(UnaryOp.class);
    }

    @Provide
    Arbitrary<BinaryOp> binaryOps() {
        return Arbitraries.of(BinaryOp.class);
    }

    @Provide
    Arbitrary<int[]> shape() {
        return Arbitraries.integers().between(1, 40).array(int[].class).ofMinSize(1).ofMaxSize(3);
    }

    private static double[] positive(Tensor x) {
        return x.toDoubleArray();
    }

    @Property(tries = 60)
    void unaryMatchesReference(@ForAll("unaryOps") UnaryOp op, @ForAll("shape") int[] s, @ForAll long seed,
            @ForAll boolean transposed) {
        boolean needsPositive = op == UnaryOp.LOG || op == UnaryOp.SQRT || op == UnaryOp.POW_SCALAR;
        Tensor x = new Rng(seed).uniform(DType.FLOAT32, needsPositive ? 0.1 : -5, 5, s);
        Tensor in = transposed && s.length >= 2 ? x.t() : x;
        double p = op == UnaryOp.CLAMP || op == UnaryOp.IN_RANGE ? -1.5 : 1.7;
        double q = 2.5;
        float[] got = in.apply(op, p, q).toFloatArray();
        double[] ref = positive(in);
        for (int i = 0; i < ref.length; i++) {
            double want = op.apply(ref[i], (float) p, (float) q);
            assertEquals(want, got[i], 2e-6 * Math.max(1, Math.abs(want)), op + " at " + i + " of " + ref[i]);
        }
    }

    /** The fused sigmoid gradient agrees with its composition g * y * (1 - y), in both types, broadcast too. */
    @Property(tries = 30)
    void sigmoidBackwardMatchesItsComposition(@ForAll("shape") int[] s, @ForAll long seed) {
        Rng r = new Rng(seed);
        for (DType t : DType.values()) {
            Tensor g = r.normal(t, 0, 1, s);
            Tensor y = r.normal(t, 0, 3, s).sigmoid();
            Tensor[] ys = {y, y.slice(0, 0, 1)};
            for (Tensor yy : ys) {
                double[] fused = g.apply(BinaryOp.SIGMOID_BACKWARD, yy).toDoubleArray();
                double[] composed = g.mul(yy).mul(yy.neg().add(1)).toDoubleArray();
                for (int i = 0; i < fused.length; i++) {
                    assertEquals(composed[i], fused[i], (t == DType.FLOAT32 ? 1e-6 : 1e-14)
                            * Math.max(1, Math.abs(composed[i])), t + " at " + i);
                }
            }
        }
    }

    @Property(tries = 80)
    void binaryBroadcastMatchesReference(@ForAll("binaryOps") BinaryOp op, @ForAll("shape") int[] s,
            @ForAll long seed) {
        Rng r = new Rng(seed);
        int[] sa = s.clone();
        int[] sb = s.clone();
        for (int i = 0; i < s.length; i++) {
            int pick = r.nextInt(3);
            if (pick == 0) {
                sa[i] = 1;
            } else if (pick == 1) {
                sb[i] = 1;
            }
        }
        Tensor a = r.uniform(DType.FLOAT32, 0.5, 2, sa);
        Tensor b = r.uniform(DType.FLOAT32, -2, 2, sb);
        if (r.nextInt(2) == 0 && s.length >= 2) {
            // non-contiguous operand of the same logical shape
            a = r.uniform(DType.FLOAT32, 0.5, 2, swapLast(sa)).t();
        }
        float[] got = a.apply(op, b).toFloatArray();
        int[] out = Shape.broadcast("ref", sa, sb);
        Tensor ea = a.expand(out);
        Tensor eb = b.expand(out);
        double[] av = ea.toDoubleArray();
        double[] bv = eb.toDoubleArray();
        for (int i = 0; i < got.length; i++) {
            double want = op.apply(av[i], bv[i]);
            assertEquals((float) want, got[i], 1e-6 * Math.max(1, Math.abs(want)), op + " at " + i);
        }
    }

    private static int[] swapLast(int[] s) {
        int[] t = s.clone();
        t[s.length - 1] = s[s.length - 2];
        t[s.length - 2] = s[s.length - 1];
        return t;
    }

    @Property(tries = 40)
    void reductionsMatchReference(@ForAll("shape") int[] s, @ForAll long seed) {
        Tensor x = new Rng(seed).uniform(DType.FLOAT32, -3, 3, s);
        int axis = (int) Math.floorMod(seed, s.length);
        float[] sum = x.sum(false, axis).toFloatArray();
        float[] max = x.max(false, axis).toFloatArray();
        double[] v = x.toDoubleArray();
        int inner = 1;
        for (int i = axis + 1; i < s.length; i++) {
            inner *= s[i];
        }
        int len = s[axis];
        int outer = v.length / (len * inner);
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                double acc = 0;
                double m = Double.NEGATIVE_INFINITY;
                for (int k = 0; k < len; k++) {
                    double e = v[(o * len + k) * inner + in];
                    acc += e;
                    m = Math.max(m, e);
                }
                assertEquals(acc, sum[o * inner + in], 1e-5 * Math.max(1, Math.abs(acc)));
                assertEquals(m, max[o * inner + in], 0);
            }
        }
    }
}

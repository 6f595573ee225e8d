package io.github.cola4j.autograd;

import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/** jqwik arbitraries for shapes, broadcastable shape pairs and float64 tensors with chosen value ranges. */
final class Shapes {
    private Shapes() {
    }

    /** Shapes of rank 1..maxRank with sizes 1..maxDim. */
    static Arbitrary<int[]> shapes(int maxRank, int maxDim) {
        return Arbitraries.integers().between(1, maxDim).array(int[].class).ofMinSize(1).ofMaxSize(maxRank);
    }

    /** Two shapes that broadcast together: some axes set to 1 on one side, leading axes dropped. */
    static Arbitrary<int[][]> broadcastPairs() {
        return Combinators.combine(shapes(4, 4), Arbitraries.longs()).as((s, seed) -> {
            Rng r = new Rng(seed);
            int[] a = s.clone();
            int[] b = s.clone();
            for (int i = 0; i < s.length; i++) {
                int pick = r.nextInt(4);
                if (pick == 0) {
                    a[i] = 1;
                } else if (pick == 1) {
                    b[i] = 1;
                }
            }
            int drop = r.nextInt(s.length);
            int[] bs = java.util.Arrays.copyOfRange(b, drop, b.length);
            return r.nextInt(2) == 0 ? new int[][] {a, bs} : new int[][] {bs, a};
        });
    }

    /** Uniform values in [lo, hi). */
    static Tensor uniform(long seed, double lo, double hi, int... shape) {
        return new Rng(seed).uniform(DType.FLOAT64, lo, hi, shape);
    }

    /** Values whose magnitude lies in [gap, gap + 2), either sign: away from kinks at 0. */
    static Tensor awayFromZero(long seed, double gap, int... shape) {
        Rng r = new Rng(seed);
        double[] v = new double[io.github.cola4j.tensor.Shape.size(shape)];
        for (int i = 0; i < v.length; i++) {
            double u = r.nextDouble() * 2;
            v[i] = (r.nextInt(2) == 0 ? -1 : 1) * (gap + u);
        }
        return Tensor.of(v, shape);
    }
}

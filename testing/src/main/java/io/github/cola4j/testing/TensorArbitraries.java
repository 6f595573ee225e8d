package io.github.cola4j.testing;

import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Shape;
import io.github.cola4j.tensor.Tensor;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * jqwik arbitraries for property tests of tensor ops: shapes, pairs of shapes that broadcast together, and float64
 * tensors with values in a chosen range, optionally as non-contiguous views. Values come from a seeded
 * {@link Rng}, so a failing sample is reproduced by jqwik's seed alone.
 */
public final class TensorArbitraries {
    private TensorArbitraries() {
    }

    /**
     * Shapes of rank 1..maxRank with every size in 1..maxDim.
     *
     * @param maxRank the largest number of axes, at least 1
     * @param maxDim the largest size of an axis, at least 1
     * @return an arbitrary of fresh shape arrays; no axis is empty
     */
    public static Arbitrary<int[]> shapes(int maxRank, int maxDim) {
        return Arbitraries.integers().between(1, maxDim).array(int[].class).ofMinSize(1).ofMaxSize(maxRank);
    }

    /**
     * Two shapes that broadcast together by NumPy rules: axes of a common shape set to 1 on one side or the other,
     * and leading axes dropped from one of them.
     *
     * @param maxRank the largest number of axes, at least 1
     * @param maxDim the largest size of an axis, at least 1
     * @return an arbitrary of two-element arrays {a, b}; either one may be the shorter
     */
    public static Arbitrary<int[][]> broadcastablePairs(int maxRank, int maxDim) {
        return Combinators.combine(shapes(maxRank, maxDim), Arbitraries.longs()).as((s, seed) -> {
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
            int[] shorter = Arrays.copyOfRange(b, r.nextInt(s.length), b.length);
            return r.nextInt(2) == 0 ? new int[][] {a, shorter} : new int[][] {shorter, a};
        });
    }

    /**
     * float64 tensors of the given shapes with uniform values in [lo, hi).
     *
     * @param shapes the shapes to draw, such as {@link #shapes(int, int)}
     * @param lo the smallest value, included
     * @param hi the largest value, excluded
     * @return an arbitrary of new contiguous float64 tensors on the default backend
     */
    public static Arbitrary<Tensor> tensors(Arbitrary<int[]> shapes, double lo, double hi) {
        return Combinators.combine(shapes, Arbitraries.longs()).as((s, seed) -> uniform(seed, lo, hi, s));
    }

    /**
     * float64 tensors of the given shapes that are non-contiguous views: either the transpose of a contiguous
     * tensor (rank 2 and up) or every other element of a tensor twice as long on the last axis.
     *
     * @param shapes the shapes to draw, such as {@link #shapes(int, int)}; each needs at least one axis
     * @param lo the smallest value, included
     * @param hi the largest value, excluded
     * @return an arbitrary of float64 views on the default backend, as {@link #nonContiguous} makes them
     */
    public static Arbitrary<Tensor> nonContiguousTensors(Arbitrary<int[]> shapes, double lo, double hi) {
        return Combinators.combine(shapes, Arbitraries.longs()).as((s, seed) -> nonContiguous(seed, lo, hi, s));
    }

    /**
     * Uniform values in [lo, hi), float64.
     *
     * @param seed fixes the values: equal seeds give equal tensors
     * @param lo the smallest value, included
     * @param hi the largest value, excluded
     * @param shape the dimensions; none gives a 0-d tensor
     * @return a new contiguous tensor on the default backend
     * @throws io.github.cola4j.tensor.TensorException if a dimension is negative
     */
    public static Tensor uniform(long seed, double lo, double hi, int... shape) {
        return new Rng(seed).uniform(DType.FLOAT64, lo, hi, shape);
    }

    /**
     * Values whose magnitude lies in [gap, gap + 2), random sign: keeps samples away from kinks at zero.
     *
     * @param seed fixes the values: equal seeds give equal tensors
     * @param gap the smallest magnitude, at least 0
     * @param shape the dimensions; none gives a 0-d tensor
     * @return a new contiguous float64 tensor on the default backend
     * @throws io.github.cola4j.tensor.TensorException if a dimension is negative
     */
    public static Tensor awayFromZero(long seed, double gap, int... shape) {
        Rng r = new Rng(seed);
        double[] v = new double[Shape.size(shape)];
        for (int i = 0; i < v.length; i++) {
            double u = r.nextDouble() * 2;
            v[i] = (r.nextInt(2) == 0 ? -1 : 1) * (gap + u);
        }
        return Tensor.of(v).reshape(shape);
    }

    /**
     * A float64 view of the given shape holding uniform values in [lo, hi) that is non-contiguous whenever it has
     * more than one element: the transpose of a contiguous tensor, or every other element along an axis.
     *
     * @param seed fixes the values and the kind of view: equal seeds give equal tensors
     * @param lo the smallest value, included
     * @param hi the largest value, excluded
     * @param shape the dimensions, at least one axis
     * @return a view onto a new tensor on the default backend, up to twice as large as the view
     */
    public static Tensor nonContiguous(long seed, double lo, double hi, int... shape) {
        int n = shape.length;
        if (n >= 2 && shape[n - 1] > 1 && shape[n - 2] > 1 && new Rng(seed).nextInt(2) == 0) {
            int[] swapped = shape.clone();
            swapped[n - 1] = shape[n - 2];
            swapped[n - 2] = shape[n - 1];
            return uniform(seed, lo, hi, swapped).transpose(n - 2, n - 1);
        }
        int axis = n - 1;
        while (axis > 0 && shape[axis] == 1) {
            axis--;
        }
        int[] wide = shape.clone();
        wide[axis] = 2 * shape[axis];
        return uniform(seed, lo, hi, wide).slice(axis, 0, wide[axis], 2);
    }
}

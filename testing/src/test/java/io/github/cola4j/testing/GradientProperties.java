package io.github.cola4j.testing;

import static io.github.cola4j.testing.TensorArbitraries.awayFromZero;
import static io.github.cola4j.testing.TensorArbitraries.uniform;

import io.github.cola4j.autograd.GradCheck;
import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.Conv2dOptions;
import io.github.cola4j.tensor.Pool2dOptions;
import io.github.cola4j.tensor.Tensor;
import java.util.function.UnaryOperator;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Every differentiable op: analytic gradient against central finite differences in float64, on random shapes
 * (broadcasting, non-contiguous views, strides, padding, dilation, groups) and random values.
 */
class GradientProperties {
    private static void check(GradCheck.Fn f, Tensor... inputs) {
        GradientAssertions.assertGradients(f, inputs);
    }

    /** Applies {@code op} to x, or to a transposed (non-contiguous) view of it when {@code viaView}. */
    private static void checkUnary(UnaryOperator<Variable> op, Tensor x, boolean viaView) {
        if (viaView && x.rank() >= 2) {
            check(v -> op.apply(v[0].t()), x);
        } else {
            check(v -> op.apply(v[0]), x);
        }
    }

    @Property(tries = 20)
    void opsOnNonContiguousInputs(@ForAll("shape") int[] s, @ForAll long seed) {
        Tensor view = TensorArbitraries.nonContiguous(seed, -2, 2, s);
        if (view.isContiguous() && view.size() > 1) {
            throw new AssertionError("expected a non-contiguous view of " + java.util.Arrays.toString(s));
        }
        check(v -> v[0].mul(v[0].tanh()).sum(false, -1), view);
    }

    @Provide
    Arbitrary<int[]> shape() {
        return TensorArbitraries.shapes(4, 4);
    }

    @Provide
    Arbitrary<int[][]> pair() {
        return TensorArbitraries.broadcastablePairs(4, 4);
    }

    // ---------------------------------------------------------------- binary, broadcasting

    @Property(tries = 25)
    void add(@ForAll("pair") int[][] s, @ForAll long seed) {
        check(v -> v[0].add(v[1]), uniform(seed, -2, 2, s[0]), uniform(seed + 1, -2, 2, s[1]));
    }

    @Property(tries = 25)
    void sub(@ForAll("pair") int[][] s, @ForAll long seed) {
        check(v -> v[0].sub(v[1]), uniform(seed, -2, 2, s[0]), uniform(seed + 1, -2, 2, s[1]));
    }

    @Property(tries = 25)
    void mul(@ForAll("pair") int[][] s, @ForAll long seed) {
        check(v -> v[0].mul(v[1]), uniform(seed, -2, 2, s[0]), uniform(seed + 1, -2, 2, s[1]));
    }

    @Property(tries = 25)
    void div(@ForAll("pair") int[][] s, @ForAll long seed) {
        check(v -> v[0].div(v[1]), uniform(seed, -2, 2, s[0]), awayFromZero(seed + 1, 0.5, s[1]));
    }

    @Property(tries = 25)
    void powTensor(@ForAll("pair") int[][] s, @ForAll long seed) {
        check(v -> v[0].pow(v[1]), uniform(seed, 0.5, 2, s[0]), uniform(seed + 1, -1.5, 2.5, s[1]));
    }

    @Property(tries = 25)
    void maximumAndMinimum(@ForAll("pair") int[][] s, @ForAll long seed) {
        Tensor a = uniform(seed, -2, 2, s[0]);
        Tensor b = uniform(seed + 1, -2, 2, s[1]);
        check(v -> v[0].maximum(v[1]), a, b);
        check(v -> v[0].minimum(v[1]), a, b);
    }

    @Property(tries = 20)
    void scalarArithmetic(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean view) {
        checkUnary(x -> x.add(0.7).mul(-1.3).sub(0.2).div(2.5), uniform(seed, -2, 2, s), view);
    }

    // ---------------------------------------------------------------- unary

    @Property(tries = 15)
    void neg(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean view) {
        checkUnary(Variable::neg, uniform(seed, -2, 2, s), view);
    }

    @Property(tries = 15)
    void exp(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean view) {
        checkUnary(Variable::exp, uniform(seed, -2, 2, s), view);
    }

    @Property(tries = 15)
    void log(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean view) {
        checkUnary(Variable::log, uniform(seed, 0.2, 3, s), view);
    }

    @Property(tries = 15)
    void sqrt(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean view) {
        checkUnary(Variable::sqrt, uniform(seed, 0.2, 3, s), view);
    }

    @Property(tries = 15)
    void powScalar(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean view,
            @ForAll @IntRange(min = -3, max = 3) int p) {
        checkUnary(x -> x.pow(p + 0.5), uniform(seed, 0.3, 2, s), view);
    }

    @Property(tries = 15)
    void abs(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean view) {
        checkUnary(Variable::abs, awayFromZero(seed, 0.05, s), view);
    }

    @Property(tries = 15)
    void clamp(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean view) {
        checkUnary(v -> v.clamp(-1.0, 1.0), uniform(seed, -2, 2, s), view);
    }

    @Property(tries = 15)
    void sigmoid(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean view) {
        checkUnary(Variable::sigmoid, uniform(seed, -4, 4, s), view);
    }

    @Property(tries = 15)
    void tanh(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean view) {
        checkUnary(Variable::tanh, uniform(seed, -3, 3, s), view);
    }

    @Property(tries = 15)
    void relu(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean view) {
        checkUnary(Variable::relu, awayFromZero(seed, 0.05, s), view);
    }

    @Property(tries = 15)
    void silu(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean view) {
        checkUnary(Variable::silu, uniform(seed, -5, 5, s), view);
    }

    // ---------------------------------------------------------------- reductions

    /** A random non-empty subset of the axes of a rank-r tensor (empty means all). */
    private static int[] someAxes(long seed, int rank) {
        io.github.cola4j.tensor.Rng r = new io.github.cola4j.tensor.Rng(seed);
        int[] axes = new int[rank];
        int k = 0;
        for (int i = 0; i < rank; i++) {
            if (r.nextInt(2) == 0) {
                axes[k++] = r.nextInt(2) == 0 ? i : i - rank;
            }
        }
        return java.util.Arrays.copyOf(axes, k);
    }

    @Property(tries = 25)
    void sum(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean keep, @ForAll boolean view) {
        int[] axes = someAxes(seed, s.length);
        checkUnary(x -> x.sum(keep, axes), uniform(seed, -2, 2, s), view);
    }

    @Property(tries = 25)
    void mean(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean keep, @ForAll boolean view) {
        int[] axes = someAxes(seed, s.length);
        checkUnary(x -> x.mean(keep, axes), uniform(seed, -2, 2, s), view);
    }

    @Property(tries = 25)
    void max(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean keep, @ForAll boolean view) {
        int[] axes = someAxes(seed, s.length);
        checkUnary(x -> x.max(keep, axes), uniform(seed, -2, 2, s), view);
    }

    @Property(tries = 25)
    void variance(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean keep,
            @ForAll @IntRange(min = 0, max = 1) int correction) {
        int[] axes = someAxes(seed, s.length);
        int n = 1;
        for (int a : io.github.cola4j.tensor.Shape.axes("t", axes, s.length)) {
            n *= s[a];
        }
        if (n <= correction) {
            return;
        }
        check(v -> v[0].variance(correction, keep, axes), uniform(seed, -2, 2, s));
    }

    // ---------------------------------------------------------------- shapes and views

    @Property(tries = 20)
    void reshapeAndFlatten(@ForAll("shape") int[] s, @ForAll long seed, @ForAll boolean view) {
        checkUnary(x -> x.reshape(-1).mul(x.flatten()).reshape(x.shape()), uniform(seed, -2, 2, s), view);
    }

    @Property(tries = 20)
    void permute(@ForAll("shape") int[] s, @ForAll long seed) {
        int[] order = randomPermutation(seed, s.length);
        check(v -> v[0].permute(order).mul(v[0].permute(order)), uniform(seed, -2, 2, s));
    }

    private static int[] randomPermutation(long seed, int n) {
        io.github.cola4j.tensor.Rng r = new io.github.cola4j.tensor.Rng(seed);
        int[] o = new int[n];
        for (int i = 0; i < n; i++) {
            o[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = o[i];
            o[i] = o[j];
            o[j] = t;
        }
        return o;
    }

    @Property(tries = 20)
    void sliceWithStep(@ForAll("shape") int[] s, @ForAll long seed, @ForAll @IntRange(min = 1, max = 3) int step) {
        int axis = (int) Math.floorMod(seed, s.length);
        int len = s[axis];
        int start = len > 1 ? 1 : 0;
        check(v -> v[0].slice(axis, start, len, step).exp(), uniform(seed, -2, 2, s));
    }

    @Property(tries = 20)
    void selectSqueezeUnsqueezeExpand(@ForAll("shape") int[] s, @ForAll long seed) {
        int axis = (int) Math.floorMod(seed, s.length);
        check(v -> {
            Variable sel = v[0].select(axis, s[axis] - 1);
            Variable u = sel.unsqueeze(0);
            int[] target = u.shape();
            target[0] = 3;
            Variable spread = u.expand(target).mul(u.expand(target));
            return spread.unsqueeze(-1).squeeze(-1);
        }, uniform(seed, -2, 2, s));
    }

    @Property(tries = 20)
    void concatAndStack(@ForAll("shape") int[] s, @ForAll long seed) {
        int axis = (int) Math.floorMod(seed, s.length);
        int[] s2 = s.clone();
        s2[axis] = s[axis] + 1;
        check(v -> Variable.concat(axis, v[0], v[1].exp(), v[0]), uniform(seed, -2, 2, s), uniform(seed + 1, -1, 1, s2));
        check(v -> Variable.stack(axis, v[0], v[1].tanh()), uniform(seed, -2, 2, s), uniform(seed + 2, -1, 1, s));
    }

    // ---------------------------------------------------------------- linear algebra

    @Property(tries = 25)
    void matmul2d(@ForAll @IntRange(min = 1, max = 6) int m, @ForAll @IntRange(min = 1, max = 6) int k,
            @ForAll @IntRange(min = 1, max = 6) int n, @ForAll long seed, @ForAll boolean transposedB) {
        Tensor a = uniform(seed, -2, 2, m, k);
        if (transposedB) {
            check(v -> v[0].matmul(v[1].t()), a, uniform(seed + 1, -2, 2, n, k));
        } else {
            check(v -> v[0].matmul(v[1]), a, uniform(seed + 1, -2, 2, k, n));
        }
    }

    @Property(tries = 20)
    void matmulBatchedBroadcast(@ForAll @IntRange(min = 1, max = 3) int b, @ForAll @IntRange(min = 1, max = 4) int m,
            @ForAll @IntRange(min = 1, max = 4) int k, @ForAll @IntRange(min = 1, max = 4) int n, @ForAll long seed) {
        check(v -> v[0].matmul(v[1]), uniform(seed, -2, 2, 2, b, m, k), uniform(seed + 1, -2, 2, b, k, n));
        check(v -> v[0].matmul(v[1]), uniform(seed, -2, 2, b, m, k), uniform(seed + 1, -2, 2, k, n));
        check(v -> v[0].matmul(v[1]), uniform(seed, -2, 2, k), uniform(seed + 1, -2, 2, b, k, n));
        check(v -> v[0].matmul(v[1]), uniform(seed, -2, 2, b, m, k), uniform(seed + 1, -2, 2, k));
    }

    @Property(tries = 20)
    void softmaxAndLogSoftmax(@ForAll("shape") int[] s, @ForAll long seed) {
        int axis = (int) Math.floorMod(seed, s.length);
        Tensor x = uniform(seed, -3, 3, s);
        check(v -> v[0].softmax(axis), x);
        check(v -> v[0].logSoftmax(axis), x);
    }

    // ---------------------------------------------------------------- convolution and pooling

    @Property(tries = 30)
    void conv2d(@ForAll @IntRange(min = 1, max = 2) int batch, @ForAll @IntRange(min = 1, max = 3) int groups,
            @ForAll @IntRange(min = 1, max = 2) int cinPerGroup, @ForAll @IntRange(min = 1, max = 2) int coutPerGroup,
            @ForAll @IntRange(min = 1, max = 3) int kh, @ForAll @IntRange(min = 1, max = 3) int kw,
            @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @IntRange(min = 0, max = 2) int pad,
            @ForAll @IntRange(min = 1, max = 2) int dilation, @ForAll boolean bias, @ForAll long seed) {
        int cin = groups * cinPerGroup;
        int cout = groups * coutPerGroup;
        int h = dilation * (kh - 1) + 1 + (int) Math.floorMod(seed, 3);
        int w = dilation * (kw - 1) + 2;
        Conv2dOptions o = new Conv2dOptions(stride, stride, pad, pad, dilation, dilation, groups);
        Tensor x = uniform(seed, -1, 1, batch, cin, h, w);
        Tensor wt = uniform(seed + 1, -1, 1, cout, cinPerGroup, kh, kw);
        if (bias) {
            check(v -> v[0].conv2d(v[1], v[2], o), x, wt, uniform(seed + 2, -1, 1, cout));
        } else {
            check(v -> v[0].conv2d(v[1], null, o), x, wt);
        }
    }

    @Property(tries = 40)
    void depthwiseConv2d(@ForAll @IntRange(min = 1, max = 4) int channels, @ForAll boolean k5,
            @ForAll @IntRange(min = 1, max = 2) int stride, @ForAll @IntRange(min = 1, max = 6) int h,
            @ForAll @IntRange(min = 1, max = 6) int w, @ForAll long seed) {
        int k = k5 ? 5 : 3;
        Conv2dOptions o = Conv2dOptions.of(stride, k / 2, channels);
        check(v -> v[0].conv2d(v[1], null, o),
                uniform(seed, -1, 1, 2, channels, h, w), uniform(seed + 1, -1, 1, channels, 1, k, k));
    }

    @Property(tries = 20)
    void pooling(@ForAll @IntRange(min = 1, max = 3) int kernel, @ForAll @IntRange(min = 1, max = 2) int stride,
            @ForAll boolean padded, @ForAll long seed) {
        Pool2dOptions o = Pool2dOptions.of(kernel, stride, padded ? kernel / 2 : 0);
        Tensor x = uniform(seed, -2, 2, 2, 2, 5, 4);
        check(v -> v[0].maxPool2d(o), x);
        check(v -> v[0].avgPool2d(o), x);
    }

    @Property(tries = 10)
    void globalPooling(@ForAll long seed) {
        Tensor x = uniform(seed, -2, 2, 2, 3, 4, 5);
        check(v -> v[0].mean(false, 2, 3), x);
        check(v -> v[0].max(false, 2, 3), x);
    }

    @Property(tries = 10)
    void composedNetwork(@ForAll long seed) {
        // A small conv-bn-silu-pool-linear chain: gradients flow through every op together.
        Tensor x = uniform(seed, -1, 1, 2, 2, 5, 5);
        Tensor w = uniform(seed + 1, -1, 1, 3, 2, 3, 3);
        Tensor lin = uniform(seed + 2, -1, 1, 3, 4);
        check(v -> {
            Variable y = v[0].conv2d(v[1], null, Conv2dOptions.of(2, 1, 1));
            Variable mu = y.mean(true, 0, 2, 3);
            Variable var = y.variance(0, true, 0, 2, 3);
            Variable norm = y.sub(mu).div(var.add(1e-5).sqrt()).silu();
            Variable pooled = norm.mean(false, 2, 3);
            return pooled.matmul(v[2]).logSoftmax(1);
        }, x, w, lin);
    }
}

package io.github.cola4j.autograd;

import io.github.cola4j.tensor.BinaryOp;
import io.github.cola4j.tensor.Conv2dOptions;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Pool2dOptions;
import io.github.cola4j.tensor.Shape;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.TensorException;
import io.github.cola4j.tensor.UnaryOp;
import java.util.Arrays;

/**
 * A tensor in a differentiable computation: its value, its gradient (for leaves), and the op that made it.
 *
 * <p>Ops on variables run at once on their values (define-by-run) and, while gradients are enabled and some
 * input requires one, record how to send gradients back. {@link #backward()} then fills {@link #grad()} of
 * every leaf that requires a gradient; gradients accumulate over calls until {@link #zeroGrad()}.
 */
public final class Variable {
    private Tensor value;
    private Tensor grad;
    private final boolean requiresGrad;
    Node node;

    private Variable(Tensor value, boolean requiresGrad, Node node) {
        if (value == null) {
            throw new IllegalArgumentException("a variable needs a value");
        }
        this.value = value;
        this.requiresGrad = requiresGrad;
        this.node = node;
    }

    /** A leaf whose gradient is wanted (a parameter, or an input to check). */
    public static Variable param(Tensor value) {
        return new Variable(value, true, null);
    }

    /** A leaf that needs no gradient (data, labels). */
    public static Variable constant(Tensor value) {
        return new Variable(value, false, null);
    }

    /** The result of an op: records the node only when gradients are on and an input needs one. */
    static Variable result(Tensor value, String op, Node.Rule rule, Variable... inputs) {
        if (!Autograd.isGradEnabled()) {
            return new Variable(value, false, null);
        }
        boolean any = false;
        for (Variable v : inputs) {
            any |= v != null && v.requiresGrad;
        }
        return any ? new Variable(value, true, new Node(op, inputs, rule)) : new Variable(value, false, null);
    }

    /** The gradients of an op's inputs given the gradient of its output; a null entry means none. */
    @FunctionalInterface
    public interface Backward {
        /**
         * The gradients of the inputs, one per input in order (null for an input that gets none), given the
         * output's.
         */
        Tensor[] apply(Tensor gradOutput);
    }

    /**
     * The result of an op defined outside this class: {@code value} was computed from the inputs' values, and
     * {@code backward} returns one gradient per input (in order, null for none). This is how fused layers
     * (batch norm, softmax cross-entropy) and users' own ops join the graph; check them with {@link GradCheck}.
     */
    public static Variable fromOp(String name, Tensor value, Backward backward, Variable... inputs) {
        return result(value, name, backward::apply, inputs);
    }

    /** The current value; an op's result keeps the value it was computed with. */
    public Tensor value() {
        return value;
    }

    /** Replaces the value of a leaf (optimisers do this); the shape must stay the same. */
    public void setValue(Tensor v) {
        if (node != null) {
            throw new IllegalStateException("only a leaf's value may be replaced");
        }
        if (!Arrays.equals(v.shape(), value.shape())) {
            throw TensorException.shapes("setValue", "shape changed", value.shape(), v.shape());
        }
        value = v;
    }

    /** The accumulated gradient of a leaf, or null before any backward reached it. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the accumulated gradient (gradient clipping does this); null clears it. */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape(), value.shape())) {
            throw TensorException.shapes("setGrad", "gradient shape differs from the value's", value.shape(), g.shape());
        }
        grad = g;
    }

    /** Clears the accumulated gradient, so the next backward starts from zero. */
    public void zeroGrad() {
        grad = null;
    }

    /** True when gradients flow to or through this variable. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** True for variables not made by an op. */
    public boolean isLeaf() {
        return node == null;
    }

    /** The shape of the value. */
    public int[] shape() {
        return value.shape();
    }

    /** The element type of the value. */
    public DType dtype() {
        return value.dtype();
    }

    /** The same value, cut from the graph. */
    public Variable detach() {
        return constant(value);
    }

    /**
     * Adds {@code g} to the gradient. The first gradient is kept as it is when {@code exclusive} (no other leaf or
     * caller holds its storage) and it is dense; otherwise it is copied, so that gradients never share memory.
     */
    void accumulateGrad(Tensor g, boolean exclusive) {
        if (!requiresGrad) {
            return;
        }
        Tensor c = g.to(value.dtype());
        if (grad != null) {
            grad = grad.add(c);
        } else {
            boolean dense = c.offset() == 0 && c.isContiguous() && c.storage().size() == c.size();
            grad = (exclusive || c != g) && dense ? c : c.copy();
        }
    }

    /** Back-propagates from this scalar, releasing the graph afterwards. */
    public void backward() {
        if (value.size() != 1) {
            throw TensorException.shapes("backward", "needs a scalar or an explicit output gradient", value.shape());
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward from a variable that does not require a gradient "
                    + "(no input requires one, or it was computed under noGrad)");
        }
        Autograd.backward(this, Tensor.full(value.dtype(), 1, value.shape()), false, true);
    }

    /** Back-propagates {@code gradOutput} (the gradient of some scalar with respect to this variable). */
    public void backward(Tensor gradOutput) {
        backward(gradOutput, false);
    }

    /** As {@link #backward(Tensor)}; with {@code retainGraph} the graph may be walked again. */
    public void backward(Tensor gradOutput, boolean retainGraph) {
        if (!Arrays.equals(gradOutput.shape(), value.shape())) {
            throw TensorException.shapes("backward", "output gradient must have the output's shape",
                    value.shape(), gradOutput.shape());
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward from a variable that does not require a gradient "
                    + "(no input requires one, or it was computed under noGrad)");
        }
        Autograd.backward(this, gradOutput, retainGraph, false);
    }

    // ---------------------------------------------------------------- helpers for rules

    /** Sums a broadcast gradient back down to {@code shape}. */
    static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        int[] axes = new int[gs.length];
        int k = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) {
                axes[k++] = i;
            }
        }
        Tensor r = k == 0 ? g : g.sum(true, Arrays.copyOf(axes, k));
        return r.reshape(shape);
    }

    // ---------------------------------------------------------------- element-wise

    /** Element-wise sum with broadcasting; the gradient is summed back over broadcast axes. */
    public Variable add(Variable o) {
        int[] sa = shape();
        int[] sb = o.shape();
        return result(value.add(o.value), "add", g -> new Tensor[] {sumTo(g, sa), sumTo(g, sb)}, this, o);
    }

    /** Element-wise difference with broadcasting. */
    public Variable sub(Variable o) {
        int[] sa = shape();
        int[] sb = o.shape();
        return result(value.sub(o.value), "sub", g -> new Tensor[] {sumTo(g, sa), sumTo(g.neg(), sb)}, this, o);
    }

    /** Element-wise product with broadcasting. */
    public Variable mul(Variable o) {
        Tensor a = value;
        Tensor b = o.value;
        return result(a.mul(b), "mul", g -> new Tensor[] {sumTo(g.mul(b), a.shape()), sumTo(g.mul(a), b.shape())},
                this, o);
    }

    /** Element-wise quotient with broadcasting. */
    public Variable div(Variable o) {
        Tensor a = value;
        Tensor b = o.value;
        return result(a.div(b), "div", g -> new Tensor[] {
            sumTo(g.div(b), a.shape()),
            sumTo(g.mul(a).div(b.mul(b)).neg(), b.shape())}, this, o);
    }

    /** Element-wise power with a tensor exponent (the base must be positive where the exponent's gradient matters). */
    public Variable pow(Variable o) {
        Tensor a = value;
        Tensor b = o.value;
        Tensor y = a.pow(b);
        return result(y, "pow", g -> new Tensor[] {
            sumTo(g.mul(b).mul(a.pow(b.sub(1))), a.shape()),
            o.requiresGrad ? sumTo(g.mul(y).mul(a.log()), b.shape()) : null}, this, o);
    }

    /** Element-wise larger value with broadcasting; the gradient goes to the larger input (to this one on a tie). */
    public Variable maximum(Variable o) {
        Tensor a = value;
        Tensor b = o.value;
        return result(a.maximum(b), "maximum", g -> new Tensor[] {
            sumTo(g.mul(a.ge(b)), a.shape()), sumTo(g.mul(a.lt(b)), b.shape())}, this, o);
    }

    /** Element-wise smaller value with broadcasting; the gradient goes to the smaller input (to this one on a tie). */
    public Variable minimum(Variable o) {
        Tensor a = value;
        Tensor b = o.value;
        return result(a.minimum(b), "minimum", g -> new Tensor[] {
            sumTo(g.mul(a.le(b)), a.shape()), sumTo(g.mul(a.gt(b)), b.shape())}, this, o);
    }

    /** This variable plus a constant. */
    public Variable add(double c) {
        return result(value.add(c), "add", g -> new Tensor[] {g}, this);
    }

    /** This variable minus a constant. */
    public Variable sub(double c) {
        return result(value.sub(c), "sub", g -> new Tensor[] {g}, this);
    }

    /** This variable times a constant. */
    public Variable mul(double c) {
        return result(value.mul(c), "mul", g -> new Tensor[] {g.mul(c)}, this);
    }

    /** This variable divided by a constant. */
    public Variable div(double c) {
        return result(value.div(c), "div", g -> new Tensor[] {g.div(c)}, this);
    }

    /** Element-wise -x. */
    public Variable neg() {
        return result(value.neg(), "neg", g -> new Tensor[] {g.neg()}, this);
    }

    /** Element-wise e^x. */
    public Variable exp() {
        Tensor y = value.exp();
        return result(y, "exp", g -> new Tensor[] {g.mul(y)}, this);
    }

    /** Element-wise natural logarithm. */
    public Variable log() {
        Tensor x = value;
        return result(x.log(), "log", g -> new Tensor[] {g.div(x)}, this);
    }

    /** Element-wise square root. */
    public Variable sqrt() {
        Tensor y = value.sqrt();
        return result(y, "sqrt", g -> new Tensor[] {g.div(y).mul(0.5)}, this);
    }

    /** Every element raised to the constant power {@code p}. */
    public Variable pow(double p) {
        Tensor x = value;
        return result(x.pow(p), "pow", g -> new Tensor[] {g.mul(x.pow(p - 1)).mul(p)}, this);
    }

    /** Element-wise absolute value; the gradient at 0 is 0. */
    public Variable abs() {
        Tensor x = value;
        return result(x.abs(), "abs", g -> new Tensor[] {g.mul(x.sign())}, this);
    }

    /** Every element limited to [min, max]; the gradient is 0 outside the range. */
    public Variable clamp(double min, double max) {
        Tensor x = value;
        return result(x.clamp(min, max), "clamp", g -> new Tensor[] {g.mul(x.apply(UnaryOp.IN_RANGE, min, max))},
                this);
    }

    /** Element-wise logistic sigmoid. */
    public Variable sigmoid() {
        Tensor y = value.sigmoid();
        return result(y, "sigmoid", g -> new Tensor[] {g.mul(y).mul(y.neg().add(1))}, this);
    }

    /** Element-wise hyperbolic tangent. */
    public Variable tanh() {
        Tensor y = value.tanh();
        return result(y, "tanh", g -> new Tensor[] {g.mul(y.mul(y).neg().add(1))}, this);
    }

    /** Element-wise max(x, 0); the gradient at 0 is 0. */
    public Variable relu() {
        Tensor x = value;
        return result(x.relu(), "relu", g -> new Tensor[] {g.mul(x.apply(UnaryOp.STEP, 0, 0))}, this);
    }

    /** Element-wise x * sigmoid(x). */
    public Variable silu() {
        Tensor x = value;
        return result(x.silu(), "silu", g -> new Tensor[] {g.apply(BinaryOp.SILU_BACKWARD, x)}, this);
    }

    // ---------------------------------------------------------------- reductions

    /** Sum over {@code axes} (all when none given). */
    public Variable sum(boolean keepDim, int... axes) {
        int[] xs = shape();
        int[] ax = Shape.axes("sum", axes, xs.length);
        return result(value.sum(keepDim, ax), "sum", g -> new Tensor[] {expandBack(g, xs, ax)}, this);
    }

    /** Sum of all elements, as a 0-d variable. */
    public Variable sum() {
        return sum(false);
    }

    /** Mean over {@code axes} (all when none given), keeping them as size-1 axes when {@code keepDim}. */
    public Variable mean(boolean keepDim, int... axes) {
        int[] xs = shape();
        int[] ax = Shape.axes("mean", axes, xs.length);
        double n = count(xs, ax);
        return result(value.mean(keepDim, ax), "mean", g -> new Tensor[] {expandBack(g, xs, ax).div(n)}, this);
    }

    /** Mean of all elements, as a 0-d variable. */
    public Variable mean() {
        return mean(false);
    }

    /** Maximum over {@code axes}; the gradient is shared equally among tied maxima. */
    public Variable max(boolean keepDim, int... axes) {
        Tensor x = value;
        int[] xs = shape();
        int[] ax = Shape.axes("max", axes, xs.length);
        Tensor m = x.max(true, ax);
        Tensor out = keepDim ? m : m.reshape(dropped(xs, ax));
        return result(out, "max", g -> {
            Tensor mask = x.eq(m);
            Tensor ties = mask.sum(true, ax);
            return new Tensor[] {expandBack(g, xs, ax).mul(mask).div(ties)};
        }, this);
    }

    /** Variance over {@code axes} divided by {@code n - correction}. */
    public Variable variance(int correction, boolean keepDim, int... axes) {
        int[] ax = Shape.axes("variance", axes, shape().length);
        double n = count(shape(), ax);
        if (n - correction <= 0) {
            throw TensorException.shapes("variance", "needs more than " + correction + " elements per group", shape());
        }
        Variable d = sub(mean(true, ax));
        return d.mul(d).sum(keepDim, ax).div(n - correction);
    }

    private static double count(int[] shape, int[] axes) {
        double n = 1;
        for (int a : axes) {
            n *= shape[a];
        }
        return n;
    }

    private static int[] dropped(int[] shape, int[] axes) {
        int[] kept = shape.clone();
        for (int a : axes) {
            kept[a] = -2;
        }
        return Arrays.stream(kept).filter(d -> d != -2).toArray();
    }

    /** A reduced gradient (keepdim or not) broadcast back to the input's shape. */
    private static Tensor expandBack(Tensor g, int[] inShape, int[] axes) {
        int[] kept = inShape.clone();
        for (int a : axes) {
            kept[a] = 1;
        }
        return g.reshape(kept).expand(inShape);
    }

    // ---------------------------------------------------------------- shapes

    /** The same elements in a new shape; one axis may be -1. */
    public Variable reshape(int... newShape) {
        int[] xs = shape();
        return result(value.reshape(newShape), "reshape", g -> new Tensor[] {g.reshape(xs)}, this);
    }

    /** All axes flattened into one. */
    public Variable flatten() {
        return reshape(-1);
    }

    /** Axes from {@code startAxis} on flattened into one ([N, C, H, W] to [N, C*H*W] with 1). */
    public Variable flatten(int startAxis) {
        int[] s = shape();
        int a = Shape.axis("flatten", startAxis, s.length);
        int[] t = Arrays.copyOf(s, a + 1);
        t[a] = -1;
        return reshape(t);
    }

    /** Axes reordered: axis i of the result is axis {@code order[i]} of this variable. */
    public Variable permute(int... order) {
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[Shape.axis("permute", order[i], order.length)] = i;
        }
        return result(value.permute(order), "permute", g -> new Tensor[] {g.permute(inverse)}, this);
    }

    /** Two axes swapped. */
    public Variable transpose(int a, int b) {
        return result(value.transpose(a, b), "transpose", g -> new Tensor[] {g.transpose(a, b)}, this);
    }

    /** The last two axes swapped. */
    public Variable t() {
        return transpose(-2, -1);
    }

    /** Elements {@code start, start+step, ...} below {@code end} along one axis; the gradient is scattered back. */
    public Variable slice(int axis, int start, int end, int step) {
        Tensor x = value;
        return result(x.slice(axis, start, end, step), "slice", g -> {
            Tensor z = Tensor.zeros(g.dtype(), x.shape());
            z.slice(axis, start, end, step).assign(g);
            return new Tensor[] {z};
        }, this);
    }

    /** Elements {@code start ... end-1} along one axis. */
    public Variable slice(int axis, int start, int end) {
        return slice(axis, start, end, 1);
    }

    /** One index along an axis, the axis removed. */
    public Variable select(int axis, int index) {
        return slice(axis, index, index + 1).squeeze(axis < 0 ? axis + shape().length : axis);
    }

    /** A size-1 axis inserted at {@code axis}. */
    public Variable unsqueeze(int axis) {
        int[] xs = shape();
        return result(value.unsqueeze(axis), "unsqueeze", g -> new Tensor[] {g.reshape(xs)}, this);
    }

    /** A size-1 axis removed. */
    public Variable squeeze(int axis) {
        int[] xs = shape();
        return result(value.squeeze(axis), "squeeze", g -> new Tensor[] {g.reshape(xs)}, this);
    }

    /** Broadcast to {@code target} shape; the gradient is summed back over the broadcast axes. */
    public Variable expand(int... target) {
        int[] xs = shape();
        return result(value.expand(target), "expand", g -> new Tensor[] {sumTo(g, xs)}, this);
    }

    /** The value converted to another element type; the gradient converts back. */
    public Variable to(DType dtype) {
        DType from = dtype();
        return result(value.to(dtype), "to", g -> new Tensor[] {g.to(from)}, this);
    }

    /** Variables joined along an existing axis. */
    public static Variable concat(int axis, Variable... parts) {
        Tensor[] values = new Tensor[parts.length];
        int[] sizes = new int[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = parts[i].value;
        }
        Tensor out = Tensor.concat(axis, values);
        int a = Shape.axis("concat", axis, out.rank());
        for (int i = 0; i < parts.length; i++) {
            sizes[i] = values[i].dim(a);
        }
        return result(out, "concat", g -> {
            Tensor[] gs = new Tensor[parts.length];
            int at = 0;
            for (int i = 0; i < parts.length; i++) {
                gs[i] = g.slice(a, at, at + sizes[i]);
                at += sizes[i];
            }
            return gs;
        }, parts);
    }

    /** Same-shaped variables stacked along a new axis. */
    public static Variable stack(int axis, Variable... parts) {
        Variable[] u = new Variable[parts.length];
        for (int i = 0; i < parts.length; i++) {
            u[i] = parts[i].unsqueeze(axis);
        }
        return concat(axis, u);
    }

    // ---------------------------------------------------------------- linear algebra and networks

    /** Matrix product by NumPy's {@code matmul} rules (see {@link Tensor#matmul}). */
    public Variable matmul(Variable o) {
        if (shape().length == 1) {
            return unsqueeze(0).matmul(o).squeeze(-2);
        }
        if (o.shape().length == 1) {
            return matmul(o.unsqueeze(1)).squeeze(-1);
        }
        Tensor a = value;
        Tensor b = o.value;
        return result(a.matmul(b), "matmul", g -> new Tensor[] {
            sumTo(g.matmul(b.t()), a.shape()),
            o.requiresGrad ? sumTo(a.t().matmul(g), b.shape()) : null}, this, o);
    }

    /** Softmax along {@code axis}. */
    public Variable softmax(int axis) {
        Tensor y = value.softmax(axis);
        return result(y, "softmax", g -> new Tensor[] {y.mul(g.sub(g.mul(y).sum(true, axis)))}, this);
    }

    /** Log-softmax along {@code axis}, computed stably. */
    public Variable logSoftmax(int axis) {
        Tensor y = value.logSoftmax(axis);
        return result(y, "logSoftmax", g -> new Tensor[] {g.sub(y.exp().mul(g.sum(true, axis)))}, this);
    }

    /** 2-d convolution of this [N, C, H, W] with weight [O, C/groups, kH, kW] and an optional bias [O]. */
    public Variable conv2d(Variable weight, Variable bias, Conv2dOptions o) {
        Tensor x = value;
        Tensor w = weight.value;
        Tensor y = x.conv2d(w, bias == null ? null : bias.value, o);
        int[] xs = x.shape();
        int[] ws = w.shape();
        return result(y, "conv2d", g -> new Tensor[] {
            requiresGrad ? x.backend().conv2dBackwardInput(g, w, xs, o) : null,
            weight.requiresGrad ? x.backend().conv2dBackwardWeight(g, x, ws, o) : null,
            bias != null && bias.requiresGrad ? g.sum(false, 0, 2, 3) : null}, this, weight, bias);
    }

    /** Windowed max pooling of [N, C, H, W]; the gradient goes to the position of each window's maximum. */
    public Variable maxPool2d(Pool2dOptions o) {
        Tensor x = value;
        return result(x.maxPool2d(o), "maxPool2d", g -> new Tensor[] {x.backend().pool2dBackward(g, x, o, true)}, this);
    }

    /** Windowed average pooling of [N, C, H, W] (padded cells count as zeros). */
    public Variable avgPool2d(Pool2dOptions o) {
        Tensor x = value;
        return result(x.avgPool2d(o), "avgPool2d", g -> new Tensor[] {x.backend().pool2dBackward(g, x, o, false)},
                this);
    }

    @Override
    public String toString() {
        return "Variable(" + value + (requiresGrad ? ", requiresGrad" : "") + (node != null ? ", op=" + node.op : "")
                + ")";
    }
}

package io.github.cola4j.autograd;

import io.github.cola4j.tensor.BinaryOp;
import io.github.cola4j.tensor.Conv2dOptions;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.MemoryScope;
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
        // a leaf that learns is state: it outlives any memory scope it was made in
        this.value = node == null && requiresGrad ? MemoryScope.retain(value) : value;
        this.requiresGrad = requiresGrad;
        this.node = node;
    }

    /**
     * A leaf whose gradient is wanted (a parameter, or an input to check).
     *
     * @param value the initial value; kept, not copied
     * @return a new leaf with {@link #requiresGrad()} true
     * @throws IllegalArgumentException if {@code value} is null
     */
    public static Variable param(Tensor value) {
        return new Variable(value, true, null);
    }

    /**
     * A leaf that needs no gradient (data, labels).
     *
     * @param value the value; kept, not copied
     * @return a new leaf with {@link #requiresGrad()} false
     * @throws IllegalArgumentException if {@code value} is null
     */
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

    /**
     * The gradients of an op's inputs given the gradient of its output; a null entry means none. Backward checks
     * each returned gradient against its input: one of the input's shape is taken as it is, one of a shape the
     * input broadcasts to (extra leading axes, or size-1 axes of the input expanded) is summed down to the input's
     * shape with {@link Variable#sumTo}, and any other shape stops backward with an error naming the op, the input
     * and both shapes.
     */
    @FunctionalInterface
    public interface Backward {
        /**
         * The gradients of the inputs, one per input in order (null for an input that gets none), given the
         * output's.
         *
         * @param gradOutput the gradient of the loss with respect to the op's output, of the output's shape
         * @return one entry per input: a tensor of that input's shape or of a shape it broadcasts to, or null for an
         *     input without a gradient
         */
        Tensor[] apply(Tensor gradOutput);
    }

    /**
     * The result of an op defined outside this class: {@code value} was computed from the inputs' values, and
     * {@code backward} returns one gradient per input (in order, null for none). This is how fused layers
     * (batch norm, softmax cross-entropy) and users' own ops join the graph; check them with {@link GradCheck}.
     *
     * @param name the op's name, shown in messages such as a gradient of the wrong shape or a second backward
     *     through a released graph
     * @param value the op's output
     * @param backward the rule for the inputs' gradients; kept until backward passes through the op
     * @param inputs the op's inputs, in the order {@code backward} returns their gradients; null entries allowed
     * @return a new variable; it joins the graph when gradients are enabled and an input requires one. When
     *     backward reaches it, it fails with an {@link IllegalStateException} naming {@code name} if
     *     {@code backward} returns other than one entry per input, or a gradient whose shape its input does not
     *     broadcast to (see {@link Backward})
     * @throws IllegalArgumentException if {@code value} is null
     */
    public static Variable fromOp(String name, Tensor value, Backward backward, Variable... inputs) {
        return result(value, name, backward::apply, inputs);
    }

    /**
     * The current value; an op's result keeps the value it was computed with.
     *
     * @return the value tensor itself, not a copy
     */
    public Tensor value() {
        return value;
    }

    /**
     * Replaces the value of a leaf (optimisers do this); the shape must stay the same.
     *
     * @param v the new value, of the same shape; kept, not copied
     * @throws IllegalStateException if this variable was made by an op
     * @throws TensorException if the shape differs
     */
    public void setValue(Tensor v) {
        if (node != null) {
            throw new IllegalStateException("only a leaf's value may be replaced");
        }
        if (!Arrays.equals(v.shape(), value.shape())) {
            throw TensorException.shapes("setValue", "shape changed", value.shape(), v.shape());
        }
        value = MemoryScope.retain(v);
    }

    /**
     * The accumulated gradient of a leaf, or null before any backward reached it.
     *
     * @return the gradient, of the value's shape, or null; backward never fills it for a variable made by an op
     */
    public Tensor grad() {
        return grad;
    }

    /**
     * Replaces the accumulated gradient (gradient clipping does this); null clears it. The gradient's storage
     * belongs to this variable from then on: the one it replaces is released when the innermost open
     * {@link MemoryScope} closes (see {@link #zeroGrad()}).
     *
     * @param g the new gradient, of the value's shape, or null; kept, not copied
     * @throws TensorException if {@code g} has another shape
     */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape(), value.shape())) {
            throw TensorException.shapes("setGrad", "gradient shape differs from the value's", value.shape(), g.shape());
        }
        Tensor old = grad;
        grad = g == null ? null : MemoryScope.retain(g);
        dropGrad(old);
    }

    /**
     * Clears the accumulated gradient, so the next backward starts from zero. Inside a {@link MemoryScope} the old
     * gradient stays readable until that scope closes, then its memory goes back to the backend for the next
     * step's gradients; outside any scope it is left to the garbage collector.
     */
    public void zeroGrad() {
        Tensor old = grad;
        grad = null;
        dropGrad(old);
    }

    /** Hands a gradient this variable no longer holds to the current memory scope, unless it is still in use. */
    private void dropGrad(Tensor old) {
        if (old != null && (grad == null || old.storage() != grad.storage())) {
            MemoryScope.releaseAtClose(old);
        }
    }

    /**
     * True when gradients flow to or through this variable.
     *
     * @return true for a parameter, and for an op's result recorded in the graph
     */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * True for variables not made by an op.
     *
     * @return true for parameters, constants, detached variables and results computed without recording
     */
    public boolean isLeaf() {
        return node == null;
    }

    /**
     * The shape of the value.
     *
     * @return a fresh copy of the dimensions
     */
    public int[] shape() {
        return value.shape();
    }

    /**
     * The element type of the value.
     *
     * @return the value's element type
     */
    public DType dtype() {
        return value.dtype();
    }

    /**
     * The same value, cut from the graph.
     *
     * @return a new constant sharing this value (not copied); no gradient flows back through it
     */
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
            Tensor old = grad;
            grad = grad.add(c);
            dropGrad(old);
        } else {
            boolean dense = c.offset() == 0 && c.isContiguous() && c.storage().size() == c.size();
            grad = (exclusive || c != g) && dense ? c : c.copy();
        }
        // gradients accumulate over steps: they outlive the step's memory scope
        MemoryScope.retain(grad);
    }

    /**
     * Back-propagates from this scalar, releasing the graph afterwards.
     *
     * @throws TensorException if the value holds more than one element
     * @throws IllegalStateException if this variable requires no gradient, or the graph was already released
     */
    public void backward() {
        if (value.size() != 1) {
            throw TensorException.shapes("backward", "needs a scalar or an explicit output gradient", value.shape());
        }
        if (!requiresGrad) {
            throw new IllegalStateException("backward from a variable that does not require a gradient "
                    + "(no input requires one, or it was computed under noGrad)");
        }
        // the seed lives where the value does, whatever the default backend is
        Tensor one = Tensor.wrap(value.backend().fromHost(value.dtype(), new double[] {1}), value.shape());
        Autograd.backward(this, one, false, true);
    }

    /**
     * Back-propagates {@code gradOutput} (the gradient of some scalar with respect to this variable).
     *
     * @param gradOutput the gradient of the scalar with respect to this variable, of its shape; not changed
     * @throws TensorException if {@code gradOutput} has another shape
     * @throws IllegalStateException if this variable requires no gradient, or the graph was already released
     */
    public void backward(Tensor gradOutput) {
        backward(gradOutput, false);
    }

    /**
     * As {@link #backward(Tensor)}; with {@code retainGraph} the graph may be walked again.
     *
     * @param gradOutput the gradient of the scalar with respect to this variable, of its shape; not changed
     * @param retainGraph true to keep the graph for another backward, false to release it as backward passes
     * @throws TensorException if {@code gradOutput} has another shape
     * @throws IllegalStateException if this variable requires no gradient, or the graph was already released
     */
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

    /**
     * Sums a gradient that was broadcast from {@code shape} back down to it: over the leading axes {@code shape}
     * lacks, and over the axes where {@code shape} has size 1 and {@code g} does not. This is the gradient of
     * broadcasting, for backward rules of ops whose operands broadcast.
     *
     * @param g the gradient of the broadcast result; not changed
     * @param shape the shape before broadcasting: it must broadcast to {@code g}'s shape (no more axes than
     *     {@code g}, and each of its axes equal to {@code g}'s trailing axis or 1)
     * @return {@code g} itself when the shapes are equal, else a new tensor of {@code shape}
     * @throws TensorException if {@code shape} does not broadcast to {@code g}'s shape
     */
    public static Tensor sumTo(Tensor g, int[] shape) {
        int[] gs = g.shape();
        if (Arrays.equals(gs, shape)) {
            return g;
        }
        int lead = gs.length - shape.length;
        boolean reachable = lead >= 0;
        for (int i = 0; reachable && i < shape.length; i++) {
            reachable = shape[i] == 1 || shape[i] == gs[i + lead];
        }
        if (!reachable) {
            throw TensorException.shapes("sumTo", "cannot sum a gradient down to a shape that does not broadcast "
                    + "to the gradient's", gs, shape);
        }
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

    /**
     * Element-wise sum with broadcasting; the gradient is summed back over broadcast axes.
     *
     * @param o the other operand, broadcast against this one by NumPy rules
     * @return a new variable; it joins the graph when gradients are enabled and either operand requires one
     * @throws TensorException if the shapes cannot be broadcast or the values live on different backends
     */
    public Variable add(Variable o) {
        int[] sa = shape();
        int[] sb = o.shape();
        return result(value.add(o.value), "add", g -> new Tensor[] {
            requiresGrad ? sumTo(g, sa) : null, o.requiresGrad ? sumTo(g, sb) : null}, this, o);
    }

    /**
     * Element-wise difference with broadcasting.
     *
     * @param o the other operand, broadcast against this one by NumPy rules
     * @return a new variable; it joins the graph when gradients are enabled and either operand requires one
     * @throws TensorException if the shapes cannot be broadcast or the values live on different backends
     */
    public Variable sub(Variable o) {
        int[] sa = shape();
        int[] sb = o.shape();
        return result(value.sub(o.value), "sub", g -> new Tensor[] {
            requiresGrad ? sumTo(g, sa) : null, o.requiresGrad ? sumTo(g.neg(), sb) : null}, this, o);
    }

    /**
     * Element-wise product with broadcasting.
     *
     * @param o the other operand, broadcast against this one by NumPy rules
     * @return a new variable; it joins the graph when gradients are enabled and either operand requires one
     * @throws TensorException if the shapes cannot be broadcast or the values live on different backends
     */
    public Variable mul(Variable o) {
        Tensor a = value;
        Tensor b = o.value;
        // only the operands that need a gradient get one (a constant mask costs no product and no sum)
        return result(a.mul(b), "mul", g -> new Tensor[] {
            requiresGrad ? sumTo(g.mul(b), a.shape()) : null,
            o.requiresGrad ? sumTo(g.mul(a), b.shape()) : null}, this, o);
    }

    /**
     * Element-wise quotient with broadcasting.
     *
     * @param o the other operand, broadcast against this one by NumPy rules; a 0 divisor gives infinity or NaN
     * @return a new variable; it joins the graph when gradients are enabled and either operand requires one
     * @throws TensorException if the shapes cannot be broadcast or the values live on different backends
     */
    public Variable div(Variable o) {
        Tensor a = value;
        Tensor b = o.value;
        return result(a.div(b), "div", g -> new Tensor[] {
            requiresGrad ? sumTo(g.div(b), a.shape()) : null,
            o.requiresGrad ? sumTo(g.mul(a).div(b.mul(b)).neg(), b.shape()) : null}, this, o);
    }

    /**
     * Element-wise power with a tensor exponent (the base must be positive where the exponent's gradient matters).
     *
     * @param o the exponents, broadcast against this variable by NumPy rules
     * @return a new variable; it joins the graph when gradients are enabled and either operand requires one
     * @throws TensorException if the shapes cannot be broadcast or the values live on different backends
     */
    public Variable pow(Variable o) {
        Tensor a = value;
        Tensor b = o.value;
        Tensor y = a.pow(b);
        return result(y, "pow", g -> new Tensor[] {
            sumTo(g.mul(b).mul(a.pow(b.sub(1))), a.shape()),
            o.requiresGrad ? sumTo(g.mul(y).mul(a.log()), b.shape()) : null}, this, o);
    }

    /**
     * Element-wise larger value with broadcasting; the gradient goes to the larger input (to this one on a tie).
     *
     * @param o the other operand, broadcast against this one by NumPy rules
     * @return a new variable; it joins the graph when gradients are enabled and either operand requires one
     * @throws TensorException if the shapes cannot be broadcast or the values live on different backends
     */
    public Variable maximum(Variable o) {
        Tensor a = value;
        Tensor b = o.value;
        return result(a.maximum(b), "maximum", g -> new Tensor[] {
            requiresGrad ? sumTo(g.mul(a.ge(b)), a.shape()) : null,
            o.requiresGrad ? sumTo(g.mul(a.lt(b)), b.shape()) : null}, this, o);
    }

    /**
     * Element-wise smaller value with broadcasting; the gradient goes to the smaller input (to this one on a tie).
     *
     * @param o the other operand, broadcast against this one by NumPy rules
     * @return a new variable; it joins the graph when gradients are enabled and either operand requires one
     * @throws TensorException if the shapes cannot be broadcast or the values live on different backends
     */
    public Variable minimum(Variable o) {
        Tensor a = value;
        Tensor b = o.value;
        return result(a.minimum(b), "minimum", g -> new Tensor[] {
            requiresGrad ? sumTo(g.mul(a.le(b)), a.shape()) : null,
            o.requiresGrad ? sumTo(g.mul(a.gt(b)), b.shape()) : null}, this, o);
    }

    /**
     * This variable plus a constant.
     *
     * @param c the addend
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     */
    public Variable add(double c) {
        return result(value.add(c), "add", g -> new Tensor[] {g}, this);
    }

    /**
     * This variable minus a constant.
     *
     * @param c the subtrahend
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     */
    public Variable sub(double c) {
        return result(value.sub(c), "sub", g -> new Tensor[] {g}, this);
    }

    /**
     * This variable times a constant.
     *
     * @param c the factor, also applied to the gradient
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     */
    public Variable mul(double c) {
        return result(value.mul(c), "mul", g -> new Tensor[] {g.mul(c)}, this);
    }

    /**
     * This variable divided by a constant.
     *
     * @param c the divisor, also applied to the gradient
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     */
    public Variable div(double c) {
        return result(value.div(c), "div", g -> new Tensor[] {g.div(c)}, this);
    }

    /**
     * Element-wise -x.
     *
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     */
    public Variable neg() {
        return result(value.neg(), "neg", g -> new Tensor[] {g.neg()}, this);
    }

    /**
     * Element-wise e^x.
     *
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     */
    public Variable exp() {
        Tensor y = value.exp();
        return result(y, "exp", g -> new Tensor[] {g.mul(y)}, this);
    }

    /**
     * Element-wise natural logarithm.
     *
     * @return a new variable, whose gradient is 1 / x; it joins the graph when gradients are enabled and this variable
     *     requires one
     */
    public Variable log() {
        Tensor x = value;
        return result(x.log(), "log", g -> new Tensor[] {g.div(x)}, this);
    }

    /**
     * Element-wise square root.
     *
     * @return a new variable, whose gradient is infinite at 0; it joins the graph when gradients are enabled and this
     *     variable requires one
     */
    public Variable sqrt() {
        Tensor y = value.sqrt();
        return result(y, "sqrt", g -> new Tensor[] {g.div(y).mul(0.5)}, this);
    }

    /**
     * Every element raised to the constant power {@code p}.
     *
     * @param p the exponent, any real
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     */
    public Variable pow(double p) {
        Tensor x = value;
        return result(x.pow(p), "pow", g -> new Tensor[] {g.mul(x.pow(p - 1)).mul(p)}, this);
    }

    /**
     * Element-wise absolute value; the gradient at 0 is 0.
     *
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     */
    public Variable abs() {
        Tensor x = value;
        return result(x.abs(), "abs", g -> new Tensor[] {g.mul(x.sign())}, this);
    }

    /**
     * Every element limited to [min, max]; the gradient is 0 outside the range.
     *
     * @param min the lower limit
     * @param max the upper limit, at least {@code min}
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     * @throws TensorException if {@code min > max}
     */
    public Variable clamp(double min, double max) {
        Tensor x = value;
        return result(x.clamp(min, max), "clamp", g -> new Tensor[] {g.mul(x.apply(UnaryOp.IN_RANGE, min, max))},
                this);
    }

    /**
     * Element-wise logistic sigmoid.
     *
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     */
    public Variable sigmoid() {
        Tensor y = value.sigmoid();
        return result(y, "sigmoid", g -> new Tensor[] {g.apply(BinaryOp.SIGMOID_BACKWARD, y)}, this);
    }

    /**
     * Element-wise hyperbolic tangent.
     *
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     */
    public Variable tanh() {
        Tensor y = value.tanh();
        return result(y, "tanh", g -> new Tensor[] {g.mul(y.mul(y).neg().add(1))}, this);
    }

    /**
     * Element-wise max(x, 0); the gradient at 0 is 0.
     *
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     */
    public Variable relu() {
        Tensor x = value;
        return result(x.relu(), "relu", g -> new Tensor[] {g.mul(x.apply(UnaryOp.STEP, 0, 0))}, this);
    }

    /**
     * Element-wise x * sigmoid(x).
     *
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     */
    public Variable silu() {
        Tensor x = value;
        return result(x.silu(), "silu", g -> new Tensor[] {g.apply(BinaryOp.SILU_BACKWARD, x)}, this);
    }

    // ---------------------------------------------------------------- reductions

    /**
     * Sum over {@code axes} (all when none given).
     *
     * @param keepDim true to keep each reduced axis with size 1, false to remove it
     * @param axes axes to reduce, negative ones counting from the end; none for all axes
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     * @throws TensorException if an axis is out of range or given twice
     */
    public Variable sum(boolean keepDim, int... axes) {
        int[] xs = shape();
        int[] ax = Shape.axes("sum", axes, xs.length);
        return result(value.sum(keepDim, ax), "sum", g -> new Tensor[] {expandBack(g, xs, ax)}, this);
    }

    /**
     * Sum of all elements, as a 0-d variable.
     *
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     */
    public Variable sum() {
        return sum(false);
    }

    /**
     * Mean over {@code axes} (all when none given), keeping them as size-1 axes when {@code keepDim}.
     *
     * @param keepDim true to keep each reduced axis with size 1, false to remove it
     * @param axes axes to reduce, negative ones counting from the end; none for all axes
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     * @throws TensorException if an axis is out of range or given twice
     */
    public Variable mean(boolean keepDim, int... axes) {
        int[] xs = shape();
        int[] ax = Shape.axes("mean", axes, xs.length);
        double n = count(xs, ax);
        return result(value.mean(keepDim, ax), "mean", g -> new Tensor[] {expandBack(g, xs, ax).div(n)}, this);
    }

    /**
     * Mean of all elements, as a 0-d variable.
     *
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     */
    public Variable mean() {
        return mean(false);
    }

    /**
     * Maximum over {@code axes}; the gradient is shared equally among tied maxima.
     *
     * @param keepDim true to keep each reduced axis with size 1, false to remove it
     * @param axes axes to reduce, negative ones counting from the end; none for all axes
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     * @throws TensorException if an axis is out of range or given twice, or a reduced axis is empty
     */
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

    /**
     * Variance over {@code axes} divided by {@code n - correction}.
     *
     * @param correction subtracted from the element count n of each group: 0 for the population variance, 1 for the
     *     unbiased estimate
     * @param keepDim true to keep each reduced axis with size 1, false to remove it
     * @param axes axes to reduce, negative ones counting from the end; none for all axes
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     * @throws TensorException if an axis is out of range or given twice, or a group has no more than
     *     {@code correction} elements
     */
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

    /**
     * The same elements in a new shape; one axis may be -1.
     *
     * @param newShape the new dimensions, with the same element count; one may be -1 to be inferred
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     * @throws TensorException if the element counts differ or -1 cannot be inferred
     */
    public Variable reshape(int... newShape) {
        int[] xs = shape();
        return result(value.reshape(newShape), "reshape", g -> new Tensor[] {g.reshape(xs)}, this);
    }

    /**
     * All axes flattened into one.
     *
     * @return a new 1-d variable; it joins the graph when gradients are enabled and this variable requires one
     */
    public Variable flatten() {
        return reshape(-1);
    }

    /**
     * Axes from {@code startAxis} on flattened into one ([N, C, H, W] to [N, C*H*W] with 1).
     *
     * @param startAxis the first axis to flatten, in [-rank, rank); the axes before it are kept
     * @return a new variable keeping the axes before {@code startAxis}; it joins the graph when gradients are enabled
     *     and this variable requires one
     * @throws TensorException if the axis is out of range
     */
    public Variable flatten(int startAxis) {
        int[] s = shape();
        int a = Shape.axis("flatten", startAxis, s.length);
        int[] t = Arrays.copyOf(s, a + 1);
        t[a] = -1;
        return reshape(t);
    }

    /**
     * Axes reordered: axis i of the result is axis {@code order[i]} of this variable.
     *
     * @param order every axis exactly once, negative ones counting from the end
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     * @throws TensorException if {@code order} is not a permutation of the axes
     */
    public Variable permute(int... order) {
        int[] inverse = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            inverse[Shape.axis("permute", order[i], order.length)] = i;
        }
        return result(value.permute(order), "permute", g -> new Tensor[] {g.permute(inverse)}, this);
    }

    /**
     * Two axes swapped.
     *
     * @param a one axis, in [-rank, rank)
     * @param b the other axis, in [-rank, rank)
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     * @throws TensorException if an axis is out of range
     */
    public Variable transpose(int a, int b) {
        return result(value.transpose(a, b), "transpose", g -> new Tensor[] {g.transpose(a, b)}, this);
    }

    /**
     * The last two axes swapped.
     *
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     * @throws TensorException if this variable has fewer than 2 axes
     */
    public Variable t() {
        return transpose(-2, -1);
    }

    /**
     * Elements {@code start, start+step, ...} below {@code end} along one axis; the gradient is scattered back.
     *
     * @param axis the axis, in [-rank, rank)
     * @param start first index, negative counting from the end
     * @param end the index to stop before, negative counting from the end; larger than the axis is clipped
     * @param step the distance between kept indices, at least 1
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     * @throws TensorException if the axis is out of range, the step is below 1 or the range does not fit
     */
    public Variable slice(int axis, int start, int end, int step) {
        Tensor x = value;
        return result(x.slice(axis, start, end, step), "slice", g -> {
            Tensor z = Tensor.wrap(g.backend().allocate(g.dtype(), x.size()), x.shape());
            z.slice(axis, start, end, step).assign(g);
            return new Tensor[] {z};
        }, this);
    }

    /**
     * Elements {@code start ... end-1} along one axis.
     *
     * @param axis the axis, in [-rank, rank)
     * @param start first index, negative counting from the end
     * @param end the index to stop before, negative counting from the end; larger than the axis is clipped
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     * @throws TensorException if the axis is out of range or the range does not fit
     */
    public Variable slice(int axis, int start, int end) {
        return slice(axis, start, end, 1);
    }

    /**
     * One index along an axis, the axis removed.
     *
     * @param axis the axis, in [-rank, rank)
     * @param index the position along the axis, in [0, size of the axis)
     * @return a new variable with one axis fewer; it joins the graph when gradients are enabled and this variable
     *     requires one
     * @throws TensorException if the axis or the index is out of range
     */
    public Variable select(int axis, int index) {
        return slice(axis, index, index + 1).squeeze(axis < 0 ? axis + shape().length : axis);
    }

    /**
     * A size-1 axis inserted at {@code axis}.
     *
     * @param axis position of the new axis in the result, in [-rank - 1, rank]; -1 appends it
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     * @throws TensorException if the axis is out of range
     */
    public Variable unsqueeze(int axis) {
        int[] xs = shape();
        return result(value.unsqueeze(axis), "unsqueeze", g -> new Tensor[] {g.reshape(xs)}, this);
    }

    /**
     * A size-1 axis removed.
     *
     * @param axis the axis to remove, in [-rank, rank); its size must be 1
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     * @throws TensorException if the axis is out of range or its size is not 1
     */
    public Variable squeeze(int axis) {
        int[] xs = shape();
        return result(value.squeeze(axis), "squeeze", g -> new Tensor[] {g.reshape(xs)}, this);
    }

    /**
     * Broadcast to {@code target} shape; the gradient is summed back over the broadcast axes.
     *
     * @param target the shape to broadcast to; each axis equal to this one's or replacing a size-1 axis, with new
     *     leading axes allowed
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     * @throws TensorException if the shape cannot be broadcast to {@code target}
     */
    public Variable expand(int... target) {
        int[] xs = shape();
        return result(value.expand(target), "expand", g -> new Tensor[] {sumTo(g, xs)}, this);
    }

    /**
     * The value converted to another element type; the gradient converts back.
     *
     * @param dtype the wanted element type
     * @return a new variable, whose value is this one's when the type already matches; it joins the graph when
     *     gradients are enabled and this variable requires one
     */
    public Variable to(DType dtype) {
        DType from = dtype();
        return result(value.to(dtype), "to", g -> new Tensor[] {g.to(from)}, this);
    }

    /**
     * Variables joined along an existing axis.
     *
     * @param axis the axis to join along, in [-rank, rank)
     * @param parts at least one variable, all of one rank and backend, sizes equal off the axis
     * @return a new variable; it joins the graph when gradients are enabled and a part requires one
     * @throws TensorException if no parts are given, or ranks, backends or sizes off the axis differ
     */
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

    /**
     * Same-shaped variables stacked along a new axis.
     *
     * @param axis position of the new axis in the result, in [-rank - 1, rank]
     * @param parts at least one variable, all of one shape and backend
     * @return a new variable with one axis more, of size {@code parts.length} at {@code axis}
     * @throws TensorException if no parts are given, or shapes or backends differ
     */
    public static Variable stack(int axis, Variable... parts) {
        Variable[] u = new Variable[parts.length];
        for (int i = 0; i < parts.length; i++) {
            u[i] = parts[i].unsqueeze(axis);
        }
        return concat(axis, u);
    }

    // ---------------------------------------------------------------- linear algebra and networks

    /**
     * Matrix product by NumPy's {@code matmul} rules (see {@link Tensor#matmul}).
     *
     * @param o the right operand: [..., k, n], or [k] for a matrix-vector product
     * @return a new variable; it joins the graph when gradients are enabled and either operand requires one
     * @throws TensorException if an operand is 0-d, the inner sizes differ or the batch axes cannot be broadcast
     */
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

    /**
     * Softmax along {@code axis}.
     *
     * @param axis the axis along which the values sum to 1, in [-rank, rank)
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     * @throws TensorException if the axis is out of range
     */
    public Variable softmax(int axis) {
        Tensor y = value.softmax(axis);
        return result(y, "softmax", g -> new Tensor[] {y.mul(g.sub(g.mul(y).sum(true, axis)))}, this);
    }

    /**
     * Log-softmax along {@code axis}, computed stably.
     *
     * @param axis the axis to normalise along, in [-rank, rank)
     * @return a new variable; it joins the graph when gradients are enabled and this variable requires one
     * @throws TensorException if the axis is out of range
     */
    public Variable logSoftmax(int axis) {
        Tensor y = value.logSoftmax(axis);
        return result(y, "logSoftmax", g -> new Tensor[] {g.sub(y.exp().mul(g.sum(true, axis)))}, this);
    }

    /**
     * 2-d convolution of this [N, C, H, W] with weight [O, C/groups, kH, kW] and an optional bias [O].
     *
     * @param weight the filters [O, C/groups, kH, kW]
     * @param bias one value per output channel [O], or null for none
     * @param o stride, padding, dilation and groups
     * @return a new variable [N, O, outH, outW]; it joins the graph when gradients are enabled and the input, weight
     *     or bias requires one
     * @throws TensorException if the shapes do not fit each other or the options
     */
    public Variable conv2d(Variable weight, Variable bias, Conv2dOptions o) {
        Tensor x = value;
        Tensor w = weight.value;
        Tensor y = x.conv2d(w, bias == null ? null : bias.value, o);
        int[] xs = x.shape();
        int[] ws = w.shape();
        return result(y, "conv2d", g -> new Tensor[] {
            requiresGrad ? g.conv2dBackwardInput(w, xs, o) : null,
            weight.requiresGrad ? g.conv2dBackwardWeight(x, ws, o) : null,
            bias != null && bias.requiresGrad ? g.sum(false, 0, 2, 3) : null}, this, weight, bias);
    }

    /**
     * Windowed max pooling of [N, C, H, W]; the gradient goes to the position of each window's maximum.
     *
     * @param o window, stride and padding
     * @return a new variable [N, C, outH, outW]; it joins the graph when gradients are enabled and this variable
     *     requires one
     * @throws TensorException if the value is not 4-d or the window does not fit the padded input
     */
    public Variable maxPool2d(Pool2dOptions o) {
        Tensor x = value;
        return result(x.maxPool2d(o), "maxPool2d", g -> new Tensor[] {x.maxPool2dBackward(g, o)}, this);
    }

    /**
     * Windowed average pooling of [N, C, H, W] (padded cells count as zeros).
     *
     * @param o window, stride and padding
     * @return a new variable [N, C, outH, outW]; it joins the graph when gradients are enabled and this variable
     *     requires one
     * @throws TensorException if the value is not 4-d or the window does not fit the padded input
     */
    public Variable avgPool2d(Pool2dOptions o) {
        Tensor x = value;
        return result(x.avgPool2d(o), "avgPool2d", g -> new Tensor[] {x.avgPool2dBackward(g, o)},
                this);
    }

    @Override
    public String toString() {
        return "Variable(" + value + (requiresGrad ? ", requiresGrad" : "") + (node != null ? ", op=" + node.op : "")
                + ")";
    }
}

package io.github.cola4j.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A dense n-dimensional array of float32 or float64 values.
 *
 * <p>A tensor is a view (shape, strides, offset) onto a {@link Storage}; views share storage and cost no copy
 * ({@link #reshape}, {@link #permute}, {@link #slice}, {@link #expand}...). Every op returns a new tensor and
 * leaves its inputs as they were. Binary ops broadcast by NumPy rules and promote float32 to float64 when the
 * types differ. A shape that does not fit an op raises a {@link TensorException} naming the op and the shapes.
 */
public final class Tensor {
    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;

    /**
     * A view onto {@code storage}; shape and strides are not copied, so callers hand over fresh arrays.
     *
     * @param storage the elements to view; not copied
     * @param shape the size of each axis; kept, not copied
     * @param strides the step in storage elements along each axis, 0 to repeat an element; kept, not copied
     * @param offset index in the storage of the element at all-zero indices
     */
    public Tensor(Storage storage, int[] shape, int[] strides, int offset) {
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    /**
     * A contiguous tensor over the whole of {@code storage}.
     *
     * @param storage the elements, in row-major order; shared, not copied
     * @param shape the dimensions, whose product must be the storage's size
     * @return a view at offset 0 with row-major strides
     * @throws TensorException if the shape does not hold exactly the storage's elements
     */
    public static Tensor wrap(Storage storage, int... shape) {
        if (Shape.size(shape) != storage.size()) {
            throw TensorException.shapes("wrap", "storage holds " + storage.size() + " elements", shape);
        }
        return new Tensor(storage, shape.clone(), Shape.contiguousStrides(shape), 0);
    }

    // ---------------------------------------------------------------- creation

    /**
     * A float32 tensor of zeros with the given shape, on the default backend.
     *
     * @param shape the dimensions; none gives a 0-d tensor
     * @return a new contiguous tensor
     * @throws TensorException if a dimension is negative
     */
    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT32, shape);
    }

    /**
     * A tensor of zeros of {@code dtype} with the given shape, on the default backend.
     *
     * @param dtype element type of the new tensor
     * @param shape the dimensions; none gives a 0-d tensor
     * @return a new contiguous tensor
     * @throws TensorException if a dimension is negative
     */
    public static Tensor zeros(DType dtype, int... shape) {
        return wrap(Backends.defaultBackend().allocate(dtype, Shape.size(shape)), shape);
    }

    /**
     * A float32 tensor of ones with the given shape.
     *
     * @param shape the dimensions; none gives a 0-d tensor
     * @return a new contiguous tensor on the default backend
     * @throws TensorException if a dimension is negative
     */
    public static Tensor ones(int... shape) {
        return full(DType.FLOAT32, 1, shape);
    }

    /**
     * A tensor of ones of {@code dtype} with the given shape.
     *
     * @param dtype element type of the new tensor
     * @param shape the dimensions; none gives a 0-d tensor
     * @return a new contiguous tensor on the default backend
     * @throws TensorException if a dimension is negative
     */
    public static Tensor ones(DType dtype, int... shape) {
        return full(dtype, 1, shape);
    }

    /**
     * A tensor of {@code dtype} with every element equal to {@code value} (rounded to float32 for that type).
     *
     * @param dtype element type of the new tensor
     * @param value the value of every element
     * @param shape the dimensions; none gives a 0-d tensor
     * @return a new contiguous tensor on the default backend
     * @throws TensorException if a dimension is negative
     */
    public static Tensor full(DType dtype, double value, int... shape) {
        double[] v = new double[Shape.size(shape)];
        Arrays.fill(v, value);
        return of(dtype, v).reshape(shape);
    }

    /**
     * A 0-d tensor holding one value.
     *
     * @param dtype element type of the new tensor
     * @param value the element (rounded to float32 for that type)
     * @return a new tensor of shape [] on the default backend
     */
    public static Tensor scalar(DType dtype, double value) {
        return of(dtype, new double[] {value}).reshape();
    }

    /**
     * 0, 1, ..., n-1 as float32.
     *
     * @param n number of elements; 0 or less gives an empty tensor
     * @return a new 1-d tensor of shape [max(n, 0)] on the default backend
     */
    public static Tensor arange(int n) {
        return arange(DType.FLOAT32, 0, n, 1);
    }

    /**
     * start, start + step, ... up to but excluding end.
     *
     * @param dtype element type of the new tensor
     * @param start the first value
     * @param end the limit, excluded; below {@code start} for a negative step
     * @param step the distance between values, negative to count down; not 0
     * @return a new 1-d tensor of {@code ceil((end - start) / step)} values (none when that is not positive), computed
     *     as {@code start + i * step}
     * @throws TensorException if {@code step} is 0 or an argument is NaN
     */
    public static Tensor arange(DType dtype, double start, double end, double step) {
        if (step == 0 || Double.isNaN(start + end + step)) {
            throw new TensorException("arange: bad range start=" + start + " end=" + end + " step=" + step);
        }
        int n = (int) Math.max(0, Math.ceil((end - start) / step));
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = start + i * step;
        }
        return of(dtype, v, n);
    }

    /**
     * A float32 tensor holding a copy of {@code data}; with no shape given, a 1-d tensor ({@link #scalar} makes 0-d).
     *
     * @param data the elements in row-major order; copied, so later writes to it do not show
     * @param shape the dimensions, whose product must be {@code data.length}; none for 1-d [data.length]
     * @return a new contiguous tensor on the default backend
     * @throws TensorException if the shape does not hold exactly {@code data.length} elements
     */
    public static Tensor of(float[] data, int... shape) {
        int[] s = shape.length == 0 ? new int[] {data.length} : shape;
        checkLength("of", data.length, s);
        return wrap(Backends.defaultBackend().fromHost(DType.FLOAT32, data), s);
    }

    /**
     * A float64 tensor holding a copy of {@code data}; with no shape given, a 1-d tensor.
     *
     * @param data the elements in row-major order; copied, so later writes to it do not show
     * @param shape the dimensions, whose product must be {@code data.length}; none for 1-d [data.length]
     * @return a new contiguous float64 tensor on the default backend
     * @throws TensorException if the shape does not hold exactly {@code data.length} elements
     */
    public static Tensor of(double[] data, int... shape) {
        return of(DType.FLOAT64, data, shape);
    }

    /**
     * A tensor of {@code dtype} holding a copy of {@code data}.
     *
     * @param dtype the element type; the values are rounded for float32
     * @param data the elements in row-major order; copied, so later writes to it do not show
     * @param shape the dimensions, whose product must be {@code data.length}; none for 1-d [data.length]
     * @return a new contiguous tensor on the default backend
     * @throws TensorException if the shape does not hold exactly {@code data.length} elements
     */
    public static Tensor of(DType dtype, double[] data, int... shape) {
        int[] s = shape.length == 0 ? new int[] {data.length} : shape;
        checkLength("of", data.length, s);
        return wrap(Backends.defaultBackend().fromHost(dtype, data), s);
    }

    private static void checkLength(String op, int length, int[] shape) {
        if (Shape.size(shape) != length) {
            throw TensorException.shapes(op, length + " values do not fill", shape);
        }
    }

    // ---------------------------------------------------------------- properties

    /**
     * The size of each axis, as a fresh array (empty for a 0-d tensor).
     *
     * @return a copy of the dimensions; changing it does not change the tensor
     */
    public int[] shape() {
        return shape.clone();
    }

    /**
     * Size of one axis (negative axes count from the end).
     *
     * @param axis an axis in [-rank, rank)
     * @return the number of elements along that axis
     * @throws TensorException if the axis is out of range
     */
    public int dim(int axis) {
        return shape[Shape.axis("dim", axis, shape.length)];
    }

    /**
     * The number of axes (0 for a scalar).
     *
     * @return the length of the shape
     */
    public int rank() {
        return shape.length;
    }

    /**
     * Number of elements.
     *
     * @return the product of the dimensions: 1 for a 0-d tensor, 0 when an axis is empty
     */
    public int size() {
        return Shape.size(shape);
    }

    /**
     * The step in storage elements between neighbours along each axis (0 on broadcast axes), as a fresh array.
     *
     * @return a copy of the strides, one per axis, in storage elements (not bytes)
     */
    public int[] strides() {
        return strides.clone();
    }

    /**
     * The index in the storage of the first element.
     *
     * @return an index into {@link #storage()}, in elements
     */
    public int offset() {
        return offset;
    }

    /**
     * The element type.
     *
     * @return the storage's element type
     */
    public DType dtype() {
        return storage.dtype();
    }

    /**
     * The storage this tensor is a view of, shared with every other view of it.
     *
     * @return the underlying storage, which may hold more elements than this view
     */
    public Storage storage() {
        return storage;
    }

    /**
     * The backend that holds the storage and runs this tensor's ops.
     *
     * @return the storage's backend
     */
    public Backend backend() {
        return storage.backend();
    }

    /**
     * True when the elements are laid out row-major without gaps (size-1 axes may have any stride).
     *
     * @return true when the strides are row-major for this shape; the offset may be anything
     */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }

    // ---------------------------------------------------------------- reading values

    /**
     * The elements in row-major order as a new float array (float64 values are rounded); copies from the device if
     * needed.
     *
     * @return a new array of {@link #size()} elements, owned by the caller
     */
    public float[] toFloatArray() {
        return backend().toFloatArray(this);
    }

    /**
     * The elements in row-major order as a new double array; copies from the device if needed.
     *
     * @return a new array of {@link #size()} elements, owned by the caller
     */
    public double[] toDoubleArray() {
        return backend().toDoubleArray(this);
    }

    /**
     * The single value of a one-element tensor.
     *
     * @return the element as a double
     * @throws TensorException if the tensor does not hold exactly one element (any rank with one element will do)
     */
    public double item() {
        if (size() != 1) {
            throw TensorException.shapes("item", "needs exactly one element", shape);
        }
        return toDoubleArray()[0];
    }

    /**
     * One element by its indices.
     *
     * @param index one index per axis, each in [0, size of the axis); negative indices are not accepted
     * @return the element as a double
     * @throws TensorException if the number of indices differs from the rank or an index is out of range
     */
    public double get(int... index) {
        if (index.length != shape.length) {
            throw TensorException.shapes("get", index.length + " indices given", shape);
        }
        int off = offset;
        for (int i = 0; i < index.length; i++) {
            if (index[i] < 0 || index[i] >= shape[i]) {
                throw TensorException.shapes("get", "index " + Arrays.toString(index) + " out of range", shape);
            }
            off += index[i] * strides[i];
        }
        return new Tensor(storage, new int[0], new int[0], off).toDoubleArray()[0];
    }

    // ---------------------------------------------------------------- conversion and copies

    /**
     * A contiguous tensor with the same values: this one if it already is.
     *
     * @return this tensor when {@link #isContiguous()}, else a new row-major copy that shares nothing with it
     */
    public Tensor contiguous() {
        return isContiguous() ? this : backend().copy(this, dtype());
    }

    /**
     * Frees this tensor's storage now, without waiting for the garbage collector: on a device backend its memory
     * returns to the device at once (useful for large intermediate results in long runs). This tensor and every
     * other view of the same storage are unusable afterwards; an op on them fails naming the released storage.
     */
    public void release() {
        storage.release();
    }

    /**
     * A fresh contiguous copy.
     *
     * @return a new row-major tensor of the same shape and type, on the same backend
     */
    public Tensor copy() {
        return backend().copy(this, dtype());
    }

    /**
     * The same values as {@code dtype}: this tensor if it already has it.
     *
     * @param dtype the wanted element type
     * @return this tensor, or a new contiguous copy on the same backend with values converted
     */
    public Tensor to(DType dtype) {
        return dtype == dtype() ? this : backend().copy(this, dtype);
    }

    /**
     * The same values on another backend: this tensor if it is already there.
     *
     * @param target the backend to move to
     * @return this tensor, or a new contiguous tensor of the same shape and type on {@code target}, copied by way of
     *     the host
     */
    public Tensor to(Backend target) {
        if (target == backend()) {
            return this;
        }
        Storage s = dtype() == DType.FLOAT64
                ? target.fromHost(DType.FLOAT64, toDoubleArray())
                : target.fromHost(DType.FLOAT32, toFloatArray());
        return wrap(s, shape);
    }

    /**
     * Writes {@code source}'s values into this tensor's elements, in place (source broadcasts to this shape).
     * The one mutating op: optimisers update parameters with it and gradients fill slices with it.
     * Returns this tensor.
     *
     * @param source the values, of a shape that broadcasts to this one; moved to this backend and converted to this
     *     type if needed
     * @return this tensor, for chaining
     * @throws TensorException if {@code source} cannot be broadcast to this shape
     */
    public Tensor assign(Tensor source) {
        Tensor s = source.backend() == backend() ? source : source.to(backend());
        backend().assign(this, s.expand(shape));
        return this;
    }

    // ---------------------------------------------------------------- views

    /**
     * The same elements in a new shape; one axis may be -1. A view when the layout allows, else a copy.
     *
     * @param newShape the new dimensions, with the same element count; one may be -1 to be inferred; none gives a 0-d
     *     tensor
     * @return a view sharing this storage when this tensor is contiguous, else a reshaped copy
     * @throws TensorException if the sizes differ, a size is negative, or -1 appears twice or cannot be inferred
     */
    public Tensor reshape(int... newShape) {
        int[] s = resolveShape(newShape);
        if (isContiguous()) {
            return new Tensor(storage, s, Shape.contiguousStrides(s), offset);
        }
        return copy().reshape(s);
    }

    private int[] resolveShape(int[] newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) {
                    throw TensorException.shapes("reshape", "only one axis may be -1", shape, newShape);
                }
                infer = i;
            } else {
                if (s[i] < 0) {
                    throw TensorException.shapes("reshape", "negative size", shape, newShape);
                }
                known *= s[i];
            }
        }
        int n = size();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw TensorException.shapes("reshape", "cannot infer the -1 axis", shape, newShape);
            }
            s[infer] = (int) (n / known);
        } else if (known != n) {
            throw TensorException.shapes("reshape", "sizes differ", shape, newShape);
        }
        return s;
    }

    /**
     * All axes flattened into one.
     *
     * @return a 1-d tensor of {@link #size()} elements; a view when contiguous
     */
    public Tensor flatten() {
        return reshape(-1);
    }

    /**
     * Axes reordered: axis i of the result is axis {@code order[i]} of this tensor.
     *
     * @param order every axis exactly once, negative ones counting from the end
     * @return a view sharing this storage; usually not contiguous
     * @throws TensorException if {@code order} has the wrong length, an axis out of range or a repeated axis
     */
    public Tensor permute(int... order) {
        if (order.length != shape.length) {
            throw TensorException.shapes("permute", "order " + Arrays.toString(order) + " has the wrong length", shape);
        }
        int[] s = new int[order.length];
        int[] st = new int[order.length];
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int a = Shape.axis("permute", order[i], shape.length);
            if (seen[a]) {
                throw TensorException.shapes("permute", "order " + Arrays.toString(order) + " repeats an axis", shape);
            }
            seen[a] = true;
            s[i] = shape[a];
            st[i] = strides[a];
        }
        return new Tensor(storage, s, st, offset);
    }

    /**
     * Two axes swapped.
     *
     * @param a one axis, in [-rank, rank)
     * @param b the other axis, in [-rank, rank); equal to {@code a} gives an unchanged view
     * @return a view sharing this storage
     * @throws TensorException if an axis is out of range
     */
    public Tensor transpose(int a, int b) {
        int[] order = new int[shape.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        int x = Shape.axis("transpose", a, shape.length);
        int y = Shape.axis("transpose", b, shape.length);
        order[x] = y;
        order[y] = x;
        return permute(order);
    }

    /**
     * The last two axes swapped.
     *
     * @return a view sharing this storage, of shape [..., n, m] for [..., m, n]
     * @throws TensorException if the tensor has fewer than 2 axes
     */
    public Tensor t() {
        if (shape.length < 2) {
            throw TensorException.shapes("t", "needs at least 2 axes", shape);
        }
        return transpose(-2, -1);
    }

    /**
     * Elements {@code start, start+step, ...} below {@code end} along one axis.
     *
     * @param axis the axis, in [-rank, rank)
     * @param start first index, negative counting from the end
     * @param end the index to stop before, negative counting from the end; larger than the axis is clipped
     * @param step the distance between kept indices, at least 1
     * @return a view sharing this storage, with {@code ceil((end - start) / step)} elements along the axis
     * @throws TensorException if the axis is out of range, the step is below 1 or the range does not fit
     */
    public Tensor slice(int axis, int start, int end, int step) {
        int a = Shape.axis("slice", axis, shape.length);
        int n = shape[a];
        int s0 = start < 0 ? start + n : start;
        int e0 = end < 0 ? end + n : Math.min(end, n);
        if (step < 1 || s0 < 0 || s0 > n || e0 < s0) {
            throw TensorException.shapes("slice", "range " + start + ":" + end + ":" + step
                    + " does not fit axis " + axis, shape);
        }
        int[] s = shape.clone();
        int[] st = strides.clone();
        s[a] = (e0 - s0 + step - 1) / step;
        st[a] = strides[a] * step;
        return new Tensor(storage, s, st, offset + s0 * strides[a]);
    }

    /**
     * Elements {@code start ... end-1} along one axis.
     *
     * @param axis the axis, in [-rank, rank)
     * @param start first index, negative counting from the end
     * @param end the index to stop before, negative counting from the end; larger than the axis is clipped
     * @return a view sharing this storage
     * @throws TensorException if the axis is out of range or the range does not fit
     */
    public Tensor slice(int axis, int start, int end) {
        return slice(axis, start, end, 1);
    }

    /**
     * One index along an axis, the axis removed.
     *
     * @param axis the axis, in [-rank, rank)
     * @param index the position along the axis, in [0, size of the axis)
     * @return a view sharing this storage, with one axis fewer
     * @throws TensorException if the axis or the index is out of range
     */
    public Tensor select(int axis, int index) {
        int a = Shape.axis("select", axis, shape.length);
        if (index < 0 || index >= shape[a]) {
            throw TensorException.shapes("select", "index " + index + " out of range on axis " + axis, shape);
        }
        return slice(a, index, index + 1).squeeze(a);
    }

    /**
     * A size-1 axis inserted at {@code axis}.
     *
     * @param axis position of the new axis in the result, in [-rank - 1, rank]; -1 appends it
     * @return a view sharing this storage, with one axis more
     * @throws TensorException if the axis is out of range
     */
    public Tensor unsqueeze(int axis) {
        int a = axis < 0 ? axis + shape.length + 1 : axis;
        if (a < 0 || a > shape.length) {
            throw TensorException.shapes("unsqueeze", "axis " + axis + " out of range", shape);
        }
        int[] s = new int[shape.length + 1];
        int[] st = new int[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            if (i == a) {
                s[i] = 1;
                st[i] = j < shape.length ? strides[j] * shape[j] : 1;
            } else {
                s[i] = shape[j];
                st[i] = strides[j];
                j++;
            }
        }
        return new Tensor(storage, s, st, offset);
    }

    /**
     * A size-1 axis removed.
     *
     * @param axis the axis to remove, in [-rank, rank); its size must be 1
     * @return a view sharing this storage, with one axis fewer
     * @throws TensorException if the axis is out of range or its size is not 1
     */
    public Tensor squeeze(int axis) {
        int a = Shape.axis("squeeze", axis, shape.length);
        if (shape[a] != 1) {
            throw TensorException.shapes("squeeze", "axis " + axis + " has size " + shape[a], shape);
        }
        int[] s = new int[shape.length - 1];
        int[] st = new int[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != a) {
                s[j] = shape[i];
                st[j++] = strides[i];
            }
        }
        return new Tensor(storage, s, st, offset);
    }

    /**
     * A broadcast view with {@code target} shape: size-1 axes repeat with stride 0, no copy.
     *
     * @param target the shape to broadcast to, at least this rank; each axis equal to this one's or replacing a size-1
     *     axis, with new leading axes allowed
     * @return a view sharing this storage, with stride 0 on repeated axes (many indices name one element)
     * @throws TensorException if the target has fewer axes or an axis of size other than 1 would change
     */
    public Tensor expand(int... target) {
        if (target.length < shape.length) {
            throw TensorException.shapes("expand", "cannot drop axes", shape, target);
        }
        int lead = target.length - shape.length;
        int[] st = new int[target.length];
        for (int i = 0; i < target.length; i++) {
            if (i < lead) {
                st[i] = 0;
                continue;
            }
            int d = shape[i - lead];
            if (d == target[i]) {
                st[i] = strides[i - lead];
            } else if (d == 1) {
                st[i] = 0;
            } else {
                throw TensorException.shapes("expand", "axis " + i + " cannot be broadcast", shape, target);
            }
        }
        return new Tensor(storage, target.clone(), st, offset);
    }

    // ---------------------------------------------------------------- element-wise

    private Tensor unary(UnaryOp op) {
        return backend().unary(op, this, 0, 0);
    }

    /**
     * Element-wise -x.
     *
     * @return a new tensor of this shape and type
     */
    public Tensor neg() {
        return unary(UnaryOp.NEG);
    }

    /**
     * Element-wise e^x.
     *
     * @return a new tensor of this shape and type
     */
    public Tensor exp() {
        return unary(UnaryOp.EXP);
    }

    /**
     * Element-wise natural logarithm (NaN below 0, -infinity at 0).
     *
     * @return a new tensor of this shape and type
     */
    public Tensor log() {
        return unary(UnaryOp.LOG);
    }

    /**
     * Element-wise square root (NaN below 0).
     *
     * @return a new tensor of this shape and type
     */
    public Tensor sqrt() {
        return unary(UnaryOp.SQRT);
    }

    /**
     * Element-wise absolute value.
     *
     * @return a new tensor of this shape and type
     */
    public Tensor abs() {
        return unary(UnaryOp.ABS);
    }

    /**
     * Element-wise sign: -1, 0 or 1.
     *
     * @return a new tensor of this shape and type; 0 stays 0 and NaN stays NaN
     */
    public Tensor sign() {
        return unary(UnaryOp.SIGN);
    }

    /**
     * Element-wise logistic sigmoid 1 / (1 + e^-x).
     *
     * @return a new tensor of this shape and type, values in [0, 1]
     */
    public Tensor sigmoid() {
        return unary(UnaryOp.SIGMOID);
    }

    /**
     * Element-wise hyperbolic tangent.
     *
     * @return a new tensor of this shape and type, values in [-1, 1]
     */
    public Tensor tanh() {
        return unary(UnaryOp.TANH);
    }

    /**
     * Element-wise max(x, 0).
     *
     * @return a new tensor of this shape and type
     */
    public Tensor relu() {
        return unary(UnaryOp.RELU);
    }

    /**
     * Element-wise x * sigmoid(x).
     *
     * @return a new tensor of this shape and type
     */
    public Tensor silu() {
        return unary(UnaryOp.SILU);
    }

    /**
     * Any unary op, with its scalar parameters.
     *
     * @param op the element-wise function, such as {@link UnaryOp#CLAMP}
     * @param p the op's first scalar parameter (exponent, addend, factor or lower limit); ignored by ops without one
     * @param q the op's second scalar parameter (upper limit of CLAMP and IN_RANGE); ignored by the others
     * @return a new tensor of this shape and type
     */
    public Tensor apply(UnaryOp op, double p, double q) {
        return backend().unary(op, this, p, q);
    }

    /**
     * Every element raised to the constant power {@code exponent}.
     *
     * @param exponent the power, any real; negative bases with a non-integer power give NaN
     * @return a new tensor of this shape and type
     */
    public Tensor pow(double exponent) {
        return backend().unary(UnaryOp.POW_SCALAR, this, exponent, 0);
    }

    /**
     * Every element limited to [min, max]; throws TensorException when min &gt; max.
     *
     * @param min the lower limit
     * @param max the upper limit, at least {@code min}
     * @return a new tensor of this shape and type
     * @throws TensorException if {@code min > max}
     */
    public Tensor clamp(double min, double max) {
        if (min > max) {
            throw new TensorException("clamp: min " + min + " is greater than max " + max);
        }
        return backend().unary(UnaryOp.CLAMP, this, min, max);
    }

    /**
     * This tensor plus the constant {@code v}.
     *
     * @param v the addend
     * @return a new tensor of this shape and type
     */
    public Tensor add(double v) {
        return backend().unary(UnaryOp.ADD_SCALAR, this, v, 0);
    }

    /**
     * This tensor minus the constant {@code v}.
     *
     * @param v the subtrahend
     * @return a new tensor of this shape and type
     */
    public Tensor sub(double v) {
        return backend().unary(UnaryOp.ADD_SCALAR, this, -v, 0);
    }

    /**
     * This tensor times the constant {@code v}.
     *
     * @param v the factor
     * @return a new tensor of this shape and type
     */
    public Tensor mul(double v) {
        return backend().unary(UnaryOp.MUL_SCALAR, this, v, 0);
    }

    /**
     * This tensor divided by the constant {@code v} (computed as a multiplication by 1 / v).
     *
     * @param v the divisor; 0 gives infinities (and NaN for 0 / 0)
     * @return a new tensor of this shape and type
     */
    public Tensor div(double v) {
        return backend().unary(UnaryOp.MUL_SCALAR, this, 1.0 / v, 0);
    }

    private void checkSameBackend(String op, Tensor other) {
        if (other != null && other.backend() != backend()) {
            throw new TensorException(op + ": tensors live on different backends (" + backend().name()
                    + " and " + other.backend().name() + "); move one with to(backend)");
        }
    }

    /**
     * Any binary op, broadcasting both sides and promoting the type.
     *
     * @param op the arithmetic op or comparison, applied as {@code this op other}
     * @param other the right operand, on this tensor's backend
     * @return a new tensor of the broadcast shape, float64 if either operand is
     * @throws TensorException if the shapes cannot be broadcast or the operands live on different backends
     */
    public Tensor apply(BinaryOp op, Tensor other) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        checkSameBackend(name, other);
        int[] out = Shape.broadcast(name, shape, other.shape);
        DType t = DType.promote(dtype(), other.dtype());
        Tensor a = to(t);
        Tensor b = other.to(t);
        return backend().binary(op, a.expand(out), b.expand(out), out);
    }

    /**
     * Element-wise sum with broadcasting.
     *
     * @param o the other operand, on this tensor's backend; broadcast against this tensor by NumPy rules
     * @return a new tensor of the broadcast shape, float64 if either operand is
     * @throws TensorException if the shapes cannot be broadcast or the operands live on different backends
     */
    public Tensor add(Tensor o) {
        return apply(BinaryOp.ADD, o);
    }

    /**
     * Element-wise difference with broadcasting.
     *
     * @param o the other operand, on this tensor's backend; broadcast against this tensor by NumPy rules
     * @return a new tensor of the broadcast shape, float64 if either operand is
     * @throws TensorException if the shapes cannot be broadcast or the operands live on different backends
     */
    public Tensor sub(Tensor o) {
        return apply(BinaryOp.SUB, o);
    }

    /**
     * Element-wise product with broadcasting.
     *
     * @param o the other operand, on this tensor's backend; broadcast against this tensor by NumPy rules
     * @return a new tensor of the broadcast shape, float64 if either operand is
     * @throws TensorException if the shapes cannot be broadcast or the operands live on different backends
     */
    public Tensor mul(Tensor o) {
        return apply(BinaryOp.MUL, o);
    }

    /**
     * Element-wise quotient with broadcasting.
     *
     * @param o the other operand, on this tensor's backend; broadcast against this tensor by NumPy rules; a 0 divisor
     *     gives infinity or NaN
     * @return a new tensor of the broadcast shape, float64 if either operand is
     * @throws TensorException if the shapes cannot be broadcast or the operands live on different backends
     */
    public Tensor div(Tensor o) {
        return apply(BinaryOp.DIV, o);
    }

    /**
     * This tensor raised element-wise to the powers in {@code o}, with broadcasting.
     *
     * @param o the exponents; broadcast against this tensor by NumPy rules
     * @return a new tensor of the broadcast shape, float64 if either operand is
     * @throws TensorException if the shapes cannot be broadcast or the operands live on different backends
     */
    public Tensor pow(Tensor o) {
        return apply(BinaryOp.POW, o);
    }

    /**
     * Element-wise larger value, with broadcasting; a NaN on either side gives NaN.
     *
     * @param o the other operand, on this tensor's backend; broadcast against this tensor by NumPy rules
     * @return a new tensor of the broadcast shape, float64 if either operand is
     * @throws TensorException if the shapes cannot be broadcast or the operands live on different backends
     */
    public Tensor maximum(Tensor o) {
        return apply(BinaryOp.MAXIMUM, o);
    }

    /**
     * Element-wise smaller value, with broadcasting; a NaN on either side gives NaN.
     *
     * @param o the other operand, on this tensor's backend; broadcast against this tensor by NumPy rules
     * @return a new tensor of the broadcast shape, float64 if either operand is
     * @throws TensorException if the shapes cannot be broadcast or the operands live on different backends
     */
    public Tensor minimum(Tensor o) {
        return apply(BinaryOp.MINIMUM, o);
    }

    /**
     * 1 where this &gt; o, else 0, with broadcasting.
     *
     * @param o the other operand, on this tensor's backend; broadcast against this tensor by NumPy rules
     * @return a new tensor of the broadcast shape holding 1 and 0, in the promoted type
     * @throws TensorException if the shapes cannot be broadcast or the operands live on different backends
     */
    public Tensor gt(Tensor o) {
        return apply(BinaryOp.GT, o);
    }

    /**
     * 1 where this &gt;= o, else 0, with broadcasting.
     *
     * @param o the other operand, on this tensor's backend; broadcast against this tensor by NumPy rules
     * @return a new tensor of the broadcast shape holding 1 and 0, in the promoted type
     * @throws TensorException if the shapes cannot be broadcast or the operands live on different backends
     */
    public Tensor ge(Tensor o) {
        return apply(BinaryOp.GE, o);
    }

    /**
     * 1 where this &lt; o, else 0, with broadcasting.
     *
     * @param o the other operand, on this tensor's backend; broadcast against this tensor by NumPy rules
     * @return a new tensor of the broadcast shape holding 1 and 0, in the promoted type
     * @throws TensorException if the shapes cannot be broadcast or the operands live on different backends
     */
    public Tensor lt(Tensor o) {
        return apply(BinaryOp.LT, o);
    }

    /**
     * 1 where this &lt;= o, else 0, with broadcasting.
     *
     * @param o the other operand, on this tensor's backend; broadcast against this tensor by NumPy rules
     * @return a new tensor of the broadcast shape holding 1 and 0, in the promoted type
     * @throws TensorException if the shapes cannot be broadcast or the operands live on different backends
     */
    public Tensor le(Tensor o) {
        return apply(BinaryOp.LE, o);
    }

    /**
     * 1 where this == o, else 0, with broadcasting.
     *
     * @param o the other operand, on this tensor's backend; broadcast against this tensor by NumPy rules
     * @return a new tensor of the broadcast shape holding 1 and 0, in the promoted type
     * @throws TensorException if the shapes cannot be broadcast or the operands live on different backends
     */
    public Tensor eq(Tensor o) {
        return apply(BinaryOp.EQ, o);
    }

    // ---------------------------------------------------------------- reductions

    /**
     * Reduces over {@code axes} (all axes when none are given).
     *
     * @param op SUM, MEAN, MAX or MIN
     * @param keepDim true to keep each reduced axis with size 1, false to remove it
     * @param axes axes to reduce, negative ones counting from the end; none for all axes
     * @return a new tensor of this type
     * @throws TensorException if an axis is out of range or given twice, or MAX or MIN meets an empty axis
     */
    public Tensor reduce(ReduceOp op, boolean keepDim, int... axes) {
        String name = op.name().toLowerCase(java.util.Locale.ROOT);
        int[] ax = Shape.axes(name, axes, shape.length);
        if (op == ReduceOp.MAX || op == ReduceOp.MIN) {
            for (int a : ax) {
                if (shape[a] == 0) {
                    throw TensorException.shapes(name, "cannot reduce an empty axis " + a, shape);
                }
            }
        }
        Tensor r = backend().reduce(op, this, ax);
        return keepDim ? r : r.reshape(dropAxes(shape, ax));
    }

    private static int[] dropAxes(int[] shape, int[] sortedAxes) {
        int[] s = new int[shape.length - sortedAxes.length];
        for (int i = 0, j = 0, k = 0; i < shape.length; i++) {
            if (k < sortedAxes.length && sortedAxes[k] == i) {
                k++;
            } else {
                s[j++] = shape[i];
            }
        }
        return s;
    }

    /**
     * Sum of all elements, as a 0-d tensor.
     *
     * @return a new tensor of shape [] and this type; 0 for an empty tensor
     */
    public Tensor sum() {
        return reduce(ReduceOp.SUM, false);
    }

    /**
     * Sum over {@code axes} (all axes when none are given), keeping them as size-1 axes when {@code keepDim}.
     *
     * @param keepDim true to keep each reduced axis with size 1, false to remove it
     * @param axes axes to reduce, negative ones counting from the end; none for all axes
     * @return a new tensor of this type
     * @throws TensorException if an axis is out of range or given twice
     */
    public Tensor sum(boolean keepDim, int... axes) {
        return reduce(ReduceOp.SUM, keepDim, axes);
    }

    /**
     * Mean of all elements, as a 0-d tensor.
     *
     * @return a new tensor of shape [] and this type; NaN for an empty tensor
     */
    public Tensor mean() {
        return reduce(ReduceOp.MEAN, false);
    }

    /**
     * Mean over {@code axes} (all axes when none are given), keeping them as size-1 axes when {@code keepDim}.
     *
     * @param keepDim true to keep each reduced axis with size 1, false to remove it
     * @param axes axes to reduce, negative ones counting from the end; none for all axes
     * @return a new tensor of this type
     * @throws TensorException if an axis is out of range or given twice
     */
    public Tensor mean(boolean keepDim, int... axes) {
        return reduce(ReduceOp.MEAN, keepDim, axes);
    }

    /**
     * Largest element, as a 0-d tensor; throws TensorException when the tensor is empty.
     *
     * @return a new tensor of shape [] and this type
     * @throws TensorException if the tensor has no elements
     */
    public Tensor max() {
        return reduce(ReduceOp.MAX, false);
    }

    /**
     * Maximum over {@code axes} (all axes when none are given); an empty axis is an error.
     *
     * @param keepDim true to keep each reduced axis with size 1, false to remove it
     * @param axes axes to reduce, negative ones counting from the end; none for all axes
     * @return a new tensor of this type
     * @throws TensorException if an axis is out of range or given twice, or a reduced axis is empty
     */
    public Tensor max(boolean keepDim, int... axes) {
        return reduce(ReduceOp.MAX, keepDim, axes);
    }

    /**
     * Minimum over {@code axes} (all axes when none are given); an empty axis is an error.
     *
     * @param keepDim true to keep each reduced axis with size 1, false to remove it
     * @param axes axes to reduce, negative ones counting from the end; none for all axes
     * @return a new tensor of this type
     * @throws TensorException if an axis is out of range or given twice, or a reduced axis is empty
     */
    public Tensor min(boolean keepDim, int... axes) {
        return reduce(ReduceOp.MIN, keepDim, axes);
    }

    /**
     * Variance over {@code axes}: the mean squared deviation divided by {@code n - correction}
     * (0 gives the population variance, 1 the unbiased estimate).
     *
     * @param correction subtracted from the element count n of each group: 0 or 1 (Bessel's correction)
     * @param keepDim true to keep each reduced axis with size 1, false to remove it
     * @param axes axes to reduce, negative ones counting from the end; none for all axes
     * @return a new tensor of this type
     * @throws TensorException if an axis is out of range or given twice, or a group has no more than
     *     {@code correction} elements
     */
    public Tensor variance(int correction, boolean keepDim, int... axes) {
        int[] ax = Shape.axes("variance", axes, shape.length);
        long n = 1;
        for (int a : ax) {
            n *= shape[a];
        }
        if (n - correction <= 0) {
            throw TensorException.shapes("variance", "needs more than " + correction + " elements per group", shape);
        }
        Tensor d = sub(mean(true, ax));
        Tensor v = d.mul(d).sum(keepDim, ax);
        return v.mul(1.0 / (n - correction));
    }

    /**
     * Index of the largest element along {@code axis}, first on ties, as a tensor of this type.
     *
     * @param axis the axis to search, in [-rank, rank)
     * @param keepDim true to keep the axis with size 1, false to remove it
     * @return a new tensor of indices stored as values of this type (exact below 2^24 for float32)
     * @throws TensorException if the axis is out of range or empty
     */
    public Tensor argmax(int axis, boolean keepDim) {
        int a = Shape.axis("argmax", axis, shape.length);
        if (shape[a] == 0) {
            throw TensorException.shapes("argmax", "cannot reduce an empty axis", shape);
        }
        Tensor r = backend().argmax(this, a);
        return keepDim ? r : r.squeeze(a);
    }

    // ---------------------------------------------------------------- linear algebra and networks

    /**
     * Matrix product by NumPy's {@code matmul} rules: 2-d by 2-d, batched over leading axes that broadcast,
     * and 1-d operands promoted to a row (left) or column (right) that is removed again.
     *
     * @param other the right operand, on this backend: [..., k, n], or [k] for a matrix-vector product
     * @return a new tensor [..., m, n] with the batch axes broadcast and the axis of a 1-d operand removed,
     *     float64 if either operand is
     * @throws TensorException if an operand is 0-d, the inner sizes differ or the batch axes cannot be broadcast
     */
    public Tensor matmul(Tensor other) {
        if (rank() == 0 || other.rank() == 0) {
            throw TensorException.shapes("matmul", "operands must have at least one axis", shape, other.shape);
        }
        checkSameBackend("matmul", other);
        Tensor a = rank() == 1 ? unsqueeze(0) : this;
        Tensor b = other.rank() == 1 ? other.unsqueeze(1) : other;
        int m = a.dim(-2);
        int k = a.dim(-1);
        int n = b.dim(-1);
        if (b.dim(-2) != k) {
            throw TensorException.shapes("matmul", "inner sizes " + k + " and " + b.dim(-2) + " differ",
                    shape, other.shape);
        }
        int[] batchA = Arrays.copyOf(a.shape, a.rank() - 2);
        int[] batchB = Arrays.copyOf(b.shape, b.rank() - 2);
        int[] batch = Shape.broadcast("matmul", batchA, batchB);
        int nb = Shape.size(batch);
        DType t = DType.promote(dtype(), other.dtype());
        Tensor a3 = a.to(t).expand(concat(batch, m, k)).reshapeBatch(nb, m, k);
        Tensor b3 = b.to(t).expand(concat(batch, k, n)).reshapeBatch(nb, k, n);
        Tensor r = backend().matmul(a3, b3).reshape(concat(batch, m, n));
        if (rank() == 1) {
            r = r.squeeze(-2);
        }
        if (other.rank() == 1) {
            r = r.squeeze(-1);
        }
        return r;
    }

    /** Collapses leading batch axes to one, as a view when their strides allow, else a copy. */
    private Tensor reshapeBatch(int nb, int rows, int cols) {
        int lead = rank() - 2;
        int batchStride = 0;
        int expected = -1;
        for (int i = lead - 1; i >= 0; i--) {
            if (shape[i] == 1) {
                continue;
            }
            if (expected == -1) {
                batchStride = strides[i];
            } else if (strides[i] != expected) {
                return copy().reshapeBatch(nb, rows, cols);
            }
            expected = strides[i] * shape[i];
        }
        return new Tensor(storage, new int[] {nb, rows, cols},
                new int[] {batchStride, strides[lead], strides[lead + 1]}, offset);
    }

    private static int[] concat(int[] head, int... tail) {
        int[] r = Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, r, head.length, tail.length);
        return r;
    }

    /**
     * Softmax along {@code axis}.
     *
     * @param axis the axis along which the values sum to 1, in [-rank, rank)
     * @return a new tensor of this shape and type, values in [0, 1]
     * @throws TensorException if the axis is out of range
     */
    public Tensor softmax(int axis) {
        return backend().softmax(this, Shape.axis("softmax", axis, shape.length), false);
    }

    /**
     * Log-softmax along {@code axis}, computed stably (max subtracted).
     *
     * @param axis the axis to normalise along, in [-rank, rank)
     * @return a new tensor of this shape and type, values at most 0
     * @throws TensorException if the axis is out of range
     */
    public Tensor logSoftmax(int axis) {
        return backend().softmax(this, Shape.axis("logSoftmax", axis, shape.length), true);
    }

    /**
     * 2-d convolution: this [N, C, H, W], weight [O, C/groups, kH, kW], optional bias [O].
     *
     * @param weight the filters [O, C/groups, kH, kW], on this backend
     * @param bias one value per output channel [O], or null for none
     * @param o stride, padding, dilation and groups
     * @return a new tensor [N, O, outH, outW], float64 if the input or the weight is
     * @throws TensorException if the shapes do not fit each other or the options
     */
    public Tensor conv2d(Tensor weight, Tensor bias, Conv2dOptions o) {
        checkConv2d(shape, weight.shape, bias == null ? null : bias.shape, o);
        checkSameBackend("conv2d", weight);
        checkSameBackend("conv2d", bias);
        DType t = DType.promote(dtype(), weight.dtype());
        return backend().conv2d(to(t), weight.to(t), bias == null ? null : bias.to(t), o);
    }

    /**
     * Checks conv2d's shapes; returns the output shape.
     *
     * @param x the input shape, [N, C, H, W]
     * @param w the weight shape, [O, C/groups, kH, kW]
     * @param bias the bias shape, [O], or null for no bias
     * @param o stride, padding, dilation and groups
     * @return a new array [N, O, outH, outW]
     * @throws TensorException if a shape has the wrong rank, the channels do not match the groups, the bias is not
     *     [O], or the kernel does not fit the padded input
     */
    public static int[] checkConv2d(int[] x, int[] w, int[] bias, Conv2dOptions o) {
        if (x.length != 4 || w.length != 4) {
            throw TensorException.shapes("conv2d", "input and weight must be 4-d", x, w);
        }
        if (x[1] % o.groups() != 0 || w[0] % o.groups() != 0 || w[1] * o.groups() != x[1]) {
            throw TensorException.shapes("conv2d", "channels do not match with groups=" + o.groups(), x, w);
        }
        if (bias != null && (bias.length != 1 || bias[0] != w[0])) {
            throw TensorException.shapes("conv2d", "bias must be [" + w[0] + "]", w, bias);
        }
        // floor division: a kernel larger than the padded input gives a size of 0 or less, not 1
        int oh = Math.floorDiv(x[2] + 2 * o.padH() - o.dilationH() * (w[2] - 1) - 1, o.strideH()) + 1;
        int ow = Math.floorDiv(x[3] + 2 * o.padW() - o.dilationW() * (w[3] - 1) - 1, o.strideW()) + 1;
        if (oh < 1 || ow < 1) {
            throw TensorException.shapes("conv2d", "kernel larger than the padded input", x, w);
        }
        return new int[] {x[0], w[0], oh, ow};
    }

    /**
     * Windowed max pooling of [N, C, H, W].
     *
     * @param o window, stride and padding
     * @return a new tensor [N, C, outH, outW] of this type
     * @throws TensorException if this tensor is not 4-d or the window does not fit the padded input
     */
    public Tensor maxPool2d(Pool2dOptions o) {
        checkPool("maxPool2d", o);
        return backend().pool2d(this, o, true);
    }

    /**
     * Windowed average pooling of [N, C, H, W] (padded cells count as zeros).
     *
     * @param o window, stride and padding
     * @return a new tensor [N, C, outH, outW] of this type
     * @throws TensorException if this tensor is not 4-d or the window does not fit the padded input
     */
    public Tensor avgPool2d(Pool2dOptions o) {
        checkPool("avgPool2d", o);
        return backend().pool2d(this, o, false);
    }

    /**
     * Gradient of {@link #conv2d} with respect to its input, this tensor being the gradient of the output.
     *
     * @param weight the forward pass's filters [O, C/groups, kH, kW], on this backend
     * @param inputShape the forward input's shape [N, C, H, W] (several input sizes give one output size)
     * @param o the forward pass's options
     * @return a new tensor of {@code inputShape}, float64 if this gradient or the weight is
     * @throws TensorException if this gradient is not the output shape conv2d gives for the input and weight
     */
    public Tensor conv2dBackwardInput(Tensor weight, int[] inputShape, Conv2dOptions o) {
        checkConvGradient("conv2dBackwardInput", inputShape, weight.shape, o);
        checkSameBackend("conv2dBackwardInput", weight);
        DType t = DType.promote(dtype(), weight.dtype());
        return backend().conv2dBackwardInput(to(t), weight.to(t), inputShape.clone(), o);
    }

    /**
     * Gradient of {@link #conv2d} with respect to its weight, summed over the batch; this tensor is the gradient
     * of the output.
     *
     * @param input the forward input [N, C, H, W], on this backend
     * @param weightShape the weight's shape [O, C/groups, kH, kW]
     * @param o the forward pass's options
     * @return a new tensor of {@code weightShape}, float64 if this gradient or the input is
     * @throws TensorException if this gradient is not the output shape conv2d gives for the input and weight
     */
    public Tensor conv2dBackwardWeight(Tensor input, int[] weightShape, Conv2dOptions o) {
        checkConvGradient("conv2dBackwardWeight", input.shape, weightShape, o);
        checkSameBackend("conv2dBackwardWeight", input);
        DType t = DType.promote(dtype(), input.dtype());
        return backend().conv2dBackwardWeight(to(t), input.to(t), weightShape.clone(), o);
    }

    private void checkConvGradient(String op, int[] input, int[] weight, Conv2dOptions o) {
        int[] out = checkConv2d(input, weight, null, o);
        if (!Arrays.equals(out, shape)) {
            throw TensorException.shapes(op, "the output gradient must be " + Arrays.toString(out), shape, input,
                    weight);
        }
    }

    /**
     * Gradient of {@link #maxPool2d} with respect to this tensor, its input; each window's gradient goes to the
     * first maximum of the window.
     *
     * @param gradOut the gradient of the pooled output [N, C, outH, outW], on this backend
     * @param o the forward pass's options
     * @return a new tensor of this shape and type
     * @throws TensorException if the gradient is not the shape maxPool2d gives for this tensor
     */
    public Tensor maxPool2dBackward(Tensor gradOut, Pool2dOptions o) {
        checkPoolGradient("maxPool2dBackward", gradOut, o);
        return backend().pool2dBackward(gradOut.to(dtype()), this, o, true);
    }

    /**
     * Gradient of {@link #avgPool2d} with respect to this tensor, its input.
     *
     * @param gradOut the gradient of the pooled output [N, C, outH, outW], on this backend
     * @param o the forward pass's options
     * @return a new tensor of this shape and type
     * @throws TensorException if the gradient is not the shape avgPool2d gives for this tensor
     */
    public Tensor avgPool2dBackward(Tensor gradOut, Pool2dOptions o) {
        checkPoolGradient("avgPool2dBackward", gradOut, o);
        return backend().pool2dBackward(gradOut.to(dtype()), this, o, false);
    }

    private void checkPoolGradient(String op, Tensor gradOut, Pool2dOptions o) {
        checkPool(op, o);
        checkSameBackend(op, gradOut);
        int[] out = {shape[0], shape[1], o.outH(shape[2]), o.outW(shape[3])};
        if (!Arrays.equals(out, gradOut.shape)) {
            throw TensorException.shapes(op, "the output gradient must be " + Arrays.toString(out), gradOut.shape,
                    shape);
        }
    }

    // ---------------------------------------------------------------- batch norm

    /**
     * Batch normalisation of this [N, C, H, W] tensor with its own batch statistics per channel:
     * {@code y = (x - mean) * invStd * gamma + beta}, with the biased variance and
     * {@code invStd = 1 / sqrt(variance + eps)}.
     *
     * @param gamma the per-channel scale [C], on this backend
     * @param beta the per-channel shift [C], on this backend
     * @param eps added to the variance before the square root, such as 1e-5; positive
     * @return the output and the statistics, in this tensor's type
     * @throws TensorException if this tensor is not 4-d or gamma or beta is not [C]
     */
    public BatchNormResult batchNormTraining(Tensor gamma, Tensor beta, double eps) {
        checkBatchNorm("batchNormTraining", gamma, beta);
        return backend().batchNormTraining(this, gamma.to(dtype()), beta.to(dtype()), eps);
    }

    /**
     * Gradients of {@link #batchNormTraining} of this tensor, its input.
     *
     * @param gradOut the gradient of the output, of this shape, on this backend
     * @param mean the batch mean [C] that {@link #batchNormTraining} returned
     * @param invStd the inverse standard deviation [C] that {@link #batchNormTraining} returned
     * @param gamma the per-channel scale [C] of the forward pass
     * @return dx of this shape, dGamma [C] and dBeta [C], in this tensor's type
     * @throws TensorException if a shape does not fit this tensor's
     */
    public BatchNormGrads batchNormBackward(Tensor gradOut, Tensor mean, Tensor invStd, Tensor gamma) {
        checkBatchNorm("batchNormBackward", mean, invStd, gamma);
        checkSameBackend("batchNormBackward", gradOut);
        if (!Arrays.equals(gradOut.shape, shape)) {
            throw TensorException.shapes("batchNormBackward", "the output gradient must have the input's shape",
                    gradOut.shape, shape);
        }
        DType t = dtype();
        return backend().batchNormBackward(gradOut.to(t), this, mean.to(t), invStd.to(t), gamma.to(t));
    }

    private void checkBatchNorm(String op, Tensor... perChannel) {
        if (rank() != 4) {
            throw TensorException.shapes(op, "input must be 4-d [N, C, H, W]", shape);
        }
        for (Tensor p : perChannel) {
            checkSameBackend(op, p);
            if (p.rank() != 1 || p.shape[0] != shape[1]) {
                throw TensorException.shapes(op, "per-channel tensors must be [" + shape[1] + "]", shape, p.shape);
            }
        }
    }

    private void checkPool(String op, Pool2dOptions o) {
        if (rank() != 4) {
            throw TensorException.shapes(op, "input must be 4-d [N, C, H, W]", shape);
        }
        if (o.outH(shape[2]) < 1 || o.outW(shape[3]) < 1) {
            throw TensorException.shapes(op, "window larger than the padded input", shape);
        }
    }

    // ---------------------------------------------------------------- joining

    /**
     * Tensors joined along an existing axis; all other axes must match.
     *
     * @param axis the axis to join along, in [-rank, rank)
     * @param parts at least one tensor, all of one rank and on one backend; copied, not shared
     * @return a new tensor on the parts' backend, float64 if any part is
     * @throws TensorException if no parts are given, or ranks, backends or sizes off the axis differ
     */
    public static Tensor concat(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new TensorException("concat: no tensors given");
        }
        int rank = parts[0].rank();
        int a = Shape.axis("concat", axis, rank);
        int[] out = parts[0].shape();
        DType t = parts[0].dtype();
        int total = 0;
        for (Tensor p : parts) {
            if (p.rank() != rank || p.backend() != parts[0].backend()) {
                throw TensorException.shapes("concat", "ranks or backends differ", parts[0].shape, p.shape);
            }
            for (int i = 0; i < rank; i++) {
                if (i != a && p.shape[i] != out[i]) {
                    throw TensorException.shapes("concat", "sizes differ off axis " + a, parts[0].shape, p.shape);
                }
            }
            total += p.shape[a];
            t = DType.promote(t, p.dtype());
        }
        out[a] = total;
        List<Tensor> cast = new ArrayList<>(parts.length);
        for (Tensor p : parts) {
            cast.add(p.to(t));
        }
        return parts[0].backend().concat(cast, a, out);
    }

    /**
     * Same-shaped tensors stacked along a new axis.
     *
     * @param axis position of the new axis in the result, in [-rank - 1, rank]
     * @param parts at least one tensor, all of one shape and on one backend; copied, not shared
     * @return a new tensor with one axis more, of size {@code parts.length} at {@code axis}
     * @throws TensorException if no parts are given, or shapes or backends differ
     */
    public static Tensor stack(int axis, Tensor... parts) {
        if (parts.length == 0) {
            throw new TensorException("stack: no tensors given");
        }
        Tensor[] u = new Tensor[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (!Arrays.equals(parts[i].shape, parts[0].shape)) {
                throw TensorException.shapes("stack", "shapes differ", parts[0].shape, parts[i].shape);
            }
            u[i] = parts[i].unsqueeze(axis);
        }
        return concat(axis, u);
    }

    // ---------------------------------------------------------------- printing

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Tensor(").append(dtype().name().toLowerCase(java.util.Locale.ROOT))
                .append(Arrays.toString(shape));
        if (size() <= 32) {
            sb.append(' ').append(Arrays.toString(toDoubleArray()));
        }
        return sb.append(')').toString();
    }
}

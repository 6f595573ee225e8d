package io.github.cola4j.tensor;

import java.util.List;

/**
 * Runs tensor ops on the storage it owns. {@link Tensor} does shape checking and views itself and hands
 * every op that touches elements to the backend that holds its inputs, so a new device plugs in here without
 * changes to {@code Tensor} or to code built on it.
 *
 * <p>Inputs may be arbitrary strided views; outputs are fresh contiguous tensors of this backend. Callers go
 * through {@link Tensor}, which checks shapes, types and backends first; the methods here trust their arguments.
 * The primitives are declared here; the fused operations that only make a step faster are in {@link FusedOps},
 * with compositions of these primitives as their defaults. Backends are found through {@link BackendProvider}.
 */
public interface Backend extends FusedOps, AutoCloseable {

    /**
     * Short name for logs, such as "cpu" or "opencl:NVIDIA H100".
     *
     * @return the name; for people to read, not to be parsed
     */
    String name();

    /**
     * A fresh zero-filled storage.
     *
     * @param dtype element type of the new storage
     * @param size number of elements, at least 0
     * @return a new storage owned by this backend
     */
    Storage allocate(DType dtype, int size);

    /**
     * A fresh storage that the caller overwrites entirely before reading it, so a backend may skip zeroing it
     * (and save a pass or a launch). The default is {@link #allocate}.
     *
     * @param dtype element type of the new storage
     * @param size number of elements, at least 0
     * @return a new storage owned by this backend, with unspecified contents
     */
    default Storage allocateForOverwrite(DType dtype, int size) {
        return allocate(dtype, size);
    }

    /**
     * A storage holding a copy of these host values, converted to {@code dtype}.
     *
     * @param dtype the element type of the storage; values are rounded for float32
     * @param values the elements; read, not kept
     * @return a new storage of {@code values.length} elements, owned by this backend
     */
    Storage fromHost(DType dtype, double[] values);

    /**
     * A storage holding a copy of these host values, converted to {@code dtype}.
     *
     * @param dtype the element type of the storage
     * @param values the elements; read, not kept
     * @return a new storage of {@code values.length} elements, owned by this backend
     */
    Storage fromHost(DType dtype, float[] values);

    /**
     * The elements of {@code x} in row-major order, as float32 on the host.
     *
     * @param x a tensor of this backend, any view
     * @return a new array of {@code x.size()} elements, float64 values rounded
     */
    float[] toFloatArray(Tensor x);

    /**
     * The elements of {@code x} in row-major order, as float64 on the host.
     *
     * @param x a tensor of this backend, any view
     * @return a new array of {@code x.size()} elements
     */
    double[] toDoubleArray(Tensor x);

    /**
     * A contiguous copy of {@code x} (any view) in {@code dtype}.
     *
     * @param x a tensor of this backend, any view
     * @param dtype the element type of the copy; values are converted
     * @return a new tensor of x's shape that shares no storage with it
     */
    Tensor copy(Tensor x, DType dtype);

    /**
     * Writes {@code source} into the elements of {@code target}, in place; both any view of one shape.
     *
     * @param target the view written to, on this backend; its other storage elements are left alone
     * @param source the values, on this backend; converted to the target's type
     * @throws TensorException if the shapes differ
     */
    void assign(Tensor target, Tensor source);

    /**
     * {@code op} applied to every element of {@code x}, with the op's scalar parameters {@code p} and {@code q}
     * (ignored by ops without them).
     *
     * @param op the element-wise function
     * @param x the input, any view
     * @param p the op's first scalar parameter, see {@link UnaryOp}
     * @param q the op's second scalar parameter, see {@link UnaryOp}
     * @return a new tensor of x's shape and type
     */
    Tensor unary(UnaryOp op, Tensor x, double p, double q);

    /**
     * {@code a op b} with both already broadcast to {@code outShape} (strides of 0 on broadcast axes).
     *
     * @param op the arithmetic op or comparison, applied as {@code a op b}
     * @param a the left operand, a view of {@code outShape}
     * @param b the right operand, a view of {@code outShape} of a's type
     * @param outShape the broadcast shape
     * @return a new tensor of {@code outShape} and a's type
     */
    Tensor binary(BinaryOp op, Tensor a, Tensor b, int[] outShape);

    /**
     * Reduces over sorted, distinct {@code axes}; the result keeps reduced axes with size 1.
     *
     * @param op SUM, MEAN, MAX or MIN
     * @param x the input, any view
     * @param axes the axes to reduce, in [0, rank), ascending and distinct; MAX and MIN need them non-empty
     * @return a new tensor of x's rank and type
     */
    Tensor reduce(ReduceOp op, Tensor x, int[] axes);

    /**
     * Index of the largest element along {@code axis} (first on ties); reduced axis kept with size 1.
     *
     * @param x the input, any view
     * @param axis the axis to search, in [0, rank), not empty
     * @return a new tensor of x's rank holding the indices as values of x's type
     */
    Tensor argmax(Tensor x, int axis);

    /**
     * Batched matrix product of [B, m, k] and [B, k, n] views (any strides) into [B, m, n].
     *
     * @param a the left factors [B, m, k]
     * @param b the right factors [B, k, n], of a's type
     * @return a new tensor [B, m, n] of a's type
     */
    Tensor matmul(Tensor a, Tensor b);

    /**
     * Softmax or log-softmax along {@code axis}.
     *
     * @param x the input, any view
     * @param axis the axis to normalise along, in [0, rank)
     * @param log true for log-softmax, false for softmax
     * @return a tensor of x's shape and type, not shared with x (it need not be contiguous)
     */
    Tensor softmax(Tensor x, int axis, boolean log);

    /**
     * Concatenation of same-typed parts along {@code axis}; shapes already checked. The default assigns each
     * part to its slice of a new tensor.
     *
     * @param parts at least one tensor, all of one type and rank and on this backend
     * @param axis the axis to join along, in [0, rank)
     * @param outShape the shape of the result: the parts' sizes along {@code axis} added up
     * @return a new tensor of {@code outShape}, the parts copied in order
     */
    default Tensor concat(List<Tensor> parts, int axis, int[] outShape) {
        Tensor out = Tensor.wrap(allocateForOverwrite(parts.get(0).dtype(), Shape.size(outShape)), outShape);
        int at = 0;
        for (Tensor p : parts) {
            int len = p.dim(axis);
            assign(out.slice(axis, at, at + len), p);
            at += len;
        }
        return out;
    }

    /**
     * conv2d of x [N, C, H, W] with w [O, C/groups, kH, kW] and an optional bias [O].
     *
     * @param x the input [N, C, H, W]
     * @param w the filters [O, C/groups, kH, kW], of x's type
     * @param bias [O] of x's type, or null for none
     * @param o stride, padding, dilation and groups; the shapes have been checked against them
     * @return a new tensor [N, O, outH, outW] of x's type
     */
    Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dOptions o);

    /**
     * Gradient of conv2d with respect to its input.
     *
     * @param gradOut the gradient of the output [N, O, outH, outW]
     * @param w the filters [O, C/groups, kH, kW] of the forward pass
     * @param inputShape the forward input's shape [N, C, H, W] (several input sizes give one output size)
     * @param o the forward pass's options
     * @return a new tensor of {@code inputShape} and gradOut's type
     */
    Tensor conv2dBackwardInput(Tensor gradOut, Tensor w, int[] inputShape, Conv2dOptions o);

    /**
     * Gradient of conv2d with respect to its weight.
     *
     * @param gradOut the gradient of the output [N, O, outH, outW]
     * @param x the forward input [N, C, H, W]
     * @param weightShape the weight's shape [O, C/groups, kH, kW]
     * @param o the forward pass's options
     * @return a new tensor of {@code weightShape} and gradOut's type, summed over the batch
     */
    Tensor conv2dBackwardWeight(Tensor gradOut, Tensor x, int[] weightShape, Conv2dOptions o);

    /**
     * Windowed max (or average) pooling of x [N, C, H, W].
     *
     * @param x the input [N, C, H, W]
     * @param o window, stride and padding, checked against x's size
     * @param max true for max pooling, false for average pooling
     * @return a new tensor [N, C, outH, outW] of x's type
     */
    Tensor pool2d(Tensor x, Pool2dOptions o, boolean max);

    /**
     * Gradient of pool2d with respect to its input; max pooling routes to the first maximum of each window.
     *
     * @param gradOut the gradient of the output [N, C, outH, outW]
     * @param x the forward input [N, C, H, W], where max pooling finds its maxima again
     * @param o the forward pass's options
     * @param max true for max pooling, false for average pooling
     * @return a new tensor of x's shape and type
     */
    Tensor pool2dBackward(Tensor gradOut, Tensor x, Pool2dOptions o, boolean max);

    /**
     * Batch normalisation of x [N, C, H, W] with batch statistics, in one fused pass after the statistics; each
     * statistic has shape [C], the variance is the biased batch variance and invStd = 1 / sqrt(variance + eps).
     *
     * @param x the input [N, C, H, W], on this backend
     * @param gamma the per-channel scale [C], of x's type
     * @param beta the per-channel shift [C], of x's type
     * @param eps added to the variance before the square root, such as 1e-5
     * @return y [N, C, H, W] and the statistics, new tensors of x's type
     */
    BatchNormResult batchNormTraining(Tensor x, Tensor gamma, Tensor beta, double eps);

    /**
     * Gradients of {@link #batchNormTraining} given the output gradient and the saved mean and invStd.
     *
     * @param gradOut the gradient of y [N, C, H, W]
     * @param x the forward input [N, C, H, W]
     * @param mean the batch mean [C] that {@link #batchNormTraining} returned
     * @param invStd the [C] inverse standard deviation that {@link #batchNormTraining} returned
     * @param gamma the per-channel scale [C] of the forward pass
     * @return dx [N, C, H, W], dGamma [C] and dBeta [C], new tensors of x's type
     */
    BatchNormGrads batchNormBackward(Tensor gradOut, Tensor x, Tensor mean, Tensor invStd, Tensor gamma);

    /** Releases what the backend holds (device memory, kernels); the CPU backend holds nothing. */
    @Override
    default void close() {
    }
}

package io.github.cola4j.tensor;

import java.util.Arrays;

/**
 * Runs tensor ops on the storage it owns. {@link Tensor} does shape checking and views itself and hands
 * every op that touches elements to the backend that holds its inputs, so a new device plugs in here without
 * changes to {@code Tensor} or to code built on it.
 *
 * <p>Inputs may be arbitrary strided views; outputs are fresh contiguous tensors of this backend.
 */
public interface Backend extends AutoCloseable {

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
     * Concatenation of same-typed parts along {@code axis}; shapes already checked.
     *
     * @param parts at least one tensor, all of one type and rank and on this backend
     * @param axis the axis to join along, in [0, rank)
     * @param outShape the shape of the result: the parts' sizes along {@code axis} added up
     * @return a new tensor of {@code outShape}, the parts copied in order
     */
    Tensor concat(Tensor[] parts, int axis, int[] outShape);

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
     * Batch normalisation of x [N, C, H, W] with batch statistics, in one fused pass after the statistics:
     * returns {y, mean, invStd, variance}, each statistic of shape [C], where variance is the biased batch
     * variance and invStd = 1 / sqrt(variance + eps).
     *
     * @param x the input [N, C, H, W], on this backend
     * @param gamma the per-channel scale [C], of x's type
     * @param beta the per-channel shift [C], of x's type
     * @param eps added to the variance before the square root, such as 1e-5
     * @return four new tensors of x's type: y [N, C, H, W], then mean, invStd and variance, each [C]
     */
    Tensor[] batchNormTraining(Tensor x, Tensor gamma, Tensor beta, double eps);

    /**
     * Gradients of {@link #batchNormTraining}: returns {dx, dGamma, dBeta} given the output gradient and the
     * saved mean and invStd.
     *
     * @param gradOut the gradient of y [N, C, H, W]
     * @param x the forward input [N, C, H, W]
     * @param mean the batch mean [C] that {@link #batchNormTraining} returned
     * @param invStd the [C] inverse standard deviation that {@link #batchNormTraining} returned
     * @param gamma the per-channel scale [C] of the forward pass
     * @return three new tensors of x's type: dx [N, C, H, W], dGamma [C] and dBeta [C]
     */
    Tensor[] batchNormBackward(Tensor gradOut, Tensor x, Tensor mean, Tensor invStd, Tensor gamma);

    /**
     * Whether {@link #batchNormSiluTraining} and {@link #batchNormSiluBackward} are fused here (fewer passes over
     * the activations than batch norm and SiLU as separate ops). Modules use the fused pair only when this is
     * true; the default implementations compose the separate ops and are correct but not faster.
     *
     * @return true when this backend overrides the pair with fused kernels; false by default
     */
    default boolean fusesBatchNormSilu() {
        return false;
    }

    /**
     * SiLU of {@link #batchNormTraining}: returns {silu(y), mean, invStd, variance}, the batch-norm output y not
     * being kept.
     *
     * @param x the input [N, C, H, W], on this backend
     * @param gamma the per-channel scale [C], of x's type
     * @param beta the per-channel shift [C], of x's type
     * @param eps added to the variance before the square root
     * @return four new tensors of x's type: silu(y) [N, C, H, W], then mean, invStd and variance, each [C]
     */
    default Tensor[] batchNormSiluTraining(Tensor x, Tensor gamma, Tensor beta, double eps) {
        Tensor[] r = batchNormTraining(x, gamma, beta, eps);
        return new Tensor[] {r[0].silu(), r[1], r[2], r[3]};
    }

    /**
     * Gradients of {@link #batchNormSiluTraining}: returns {dx, dGamma, dBeta} given the output gradient and the
     * saved mean and invStd (the pre-activation is recomputed from x, gamma and beta).
     *
     * @param gradOut the gradient of silu(y) [N, C, H, W]
     * @param x the forward input [N, C, H, W]
     * @param mean the batch mean [C] that {@link #batchNormSiluTraining} returned
     * @param invStd the [C] inverse standard deviation that {@link #batchNormSiluTraining} returned
     * @param gamma the per-channel scale [C] of the forward pass
     * @param beta the per-channel shift [C] of the forward pass
     * @return three new tensors of x's type: dx [N, C, H, W], dGamma [C] and dBeta [C]
     */
    default Tensor[] batchNormSiluBackward(Tensor gradOut, Tensor x, Tensor mean, Tensor invStd, Tensor gamma,
            Tensor beta) {
        int c = x.shape()[1];
        int[] cs = {1, c, 1, 1};
        Tensor pre = x.sub(mean.reshape(cs)).mul(invStd.mul(gamma).reshape(cs)).add(beta.reshape(cs));
        Tensor g = gradOut.mul(pre.apply(UnaryOp.SILU_GRAD, 0, 0));
        return batchNormBackward(g, x, mean, invStd, gamma);
    }

    /**
     * Batch norm in evaluation: {@code y = (x - mean) / sqrt(var + eps) * gamma + beta} per channel of x
     * [N, C, H, W], with the running statistics {@code mean} and {@code var} and the affine {@code gamma} and
     * {@code beta}, all [C] and of x's type. Backends may do it in one pass; the default composes element-wise
     * ops.
     *
     * @param x the input [N, C, H, W], on this backend
     * @param mean the running mean [C]
     * @param var the running variance [C]
     * @param gamma the per-channel scale [C]
     * @param beta the per-channel shift [C]
     * @param eps added to the variance before the square root
     * @return a new tensor of x's shape and type
     */
    default Tensor batchNormInference(Tensor x, Tensor mean, Tensor var, Tensor gamma, Tensor beta, double eps) {
        int[] cs = {1, x.dim(1), 1, 1};
        Tensor invStd = var.reshape(cs).add(eps).sqrt().pow(-1);
        return x.sub(mean.reshape(cs)).mul(invStd).mul(gamma.reshape(cs)).add(beta.reshape(cs));
    }

    /**
     * Updates batch norm's running statistics in place after a training batch with {@code count} values per
     * channel: {@code runningMean = (1 - momentum) * runningMean + momentum * mean} and
     * {@code runningVar = (1 - momentum) * runningVar + momentum * biasedVar * count / (count - 1)} (the unbiased
     * variance, as PyTorch keeps). All [C]; the running tensors keep their type.
     *
     * @param runningMean the running mean [C], overwritten
     * @param runningVar the running (unbiased) variance [C], overwritten
     * @param mean the batch mean [C], read only
     * @param biasedVar the biased batch variance [C] as {@link #batchNormTraining} returns it, read only
     * @param momentum weight of the batch statistics, in [0, 1] (PyTorch's default is 0.1)
     * @param count values per channel in the batch, N * H * W; more than 1, as the unbiased variance divides by
     *     {@code count - 1}
     */
    default void batchNormRunningStats(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor biasedVar,
            double momentum, double count) {
        Tensor unbiased = biasedVar.mul(count / (count - 1)).to(runningVar.dtype());
        runningMean.assign(runningMean.mul(1 - momentum).add(mean.to(runningMean.dtype()).mul(momentum)));
        runningVar.assign(runningVar.mul(1 - momentum).add(unbiased.mul(momentum)));
    }

    /**
     * Every tensor multiplied by {@code factor}, as new tensors (gradient clipping scales all gradients at
     * once). Backends may do it in one pass; the default multiplies tensor by tensor.
     *
     * @param xs the tensors, of any shapes and types; read only
     * @param factor the common factor
     * @return a new array of new tensors, in the order of {@code xs}, each of its input's shape and type
     */
    default Tensor[] scaleAll(Tensor[] xs, double factor) {
        Tensor[] out = new Tensor[xs.length];
        for (int i = 0; i < xs.length; i++) {
            out[i] = xs[i].mul(factor);
        }
        return out;
    }

    /**
     * Softmax cross-entropy of {@code logits} [N, C] against class indices {@code labels} with label smoothing
     * {@code labelSmoothing} (eps), the target of row i being {@code (1 - eps) * onehot(labels[i]) + eps / C}.
     * Returns {loss, gradLogits}: loss is the 0-d mean over rows of {@code -sum_c target[c] * logSoftmax[c]};
     * gradLogits [N, C] is {@code (softmax - target) / N}, the gradient of the loss for an upstream gradient
     * of 1. Both have the logits' type and live on this backend.
     *
     * <p>The caller has checked the input: logits are 2-d with N, C &gt; 0, there are N labels, each in [0, C),
     * and eps lies in [0, 1]. The default implementation composes a stable log-softmax with element-wise ops
     * and a sum against a host-built target; a backend may fuse it into fewer passes.
     *
     * @param logits the scores [N, C], on this backend
     * @param labels the class of each row, N values in [0, C); read only
     * @param labelSmoothing eps in [0, 1]; 0 for plain one-hot targets
     * @return two new tensors: the 0-d mean loss and gradLogits [N, C]
     */
    default Tensor[] softmaxCrossEntropy(Tensor logits, int[] labels, double labelSmoothing) {
        int n = logits.dim(0);
        int c = logits.dim(1);
        double[] t = new double[n * c];
        double off = labelSmoothing / c;
        if (off != 0) {
            Arrays.fill(t, off);
        }
        for (int i = 0; i < n; i++) {
            t[i * c + labels[i]] += 1 - labelSmoothing;
        }
        Tensor target = Tensor.wrap(fromHost(logits.dtype(), t), n, c);
        Tensor logProbs = logits.logSoftmax(1);
        Tensor loss = logProbs.mul(target).sum().mul(-1.0 / n);
        Tensor grad = logProbs.exp().sub(target).mul(1.0 / n);
        return new Tensor[] {loss, grad};
    }

    /**
     * One Adam update of several parameters, in place: {@code params[i]}, {@code expAvg[i]} and
     * {@code expAvgSq[i]} are overwritten, {@code grads[i]} is read; {@code steps[i]} is parameter i's update count
     * t including this update. All four tensors of one index have one shape and type; moments start as zeros.
     * Backends may fuse the whole update into one pass (the OpenCL backend: one launch for all parameters); the
     * default composes element-wise ops per parameter, in the order of {@link AdamCoefficients}' formulas.
     *
     * @param params the parameters, updated in place
     * @param grads their gradients, read only
     * @param expAvg the first moments, updated in place
     * @param expAvgSq the second moments, updated in place
     * @param steps each parameter's update count t, this update included, so at least 1
     * @param c the hyper-parameters, shared by all parameters
     */
    default void adamUpdate(Tensor[] params, Tensor[] grads, Tensor[] expAvg, Tensor[] expAvgSq, long[] steps,
            AdamCoefficients c) {
        for (int i = 0; i < params.length; i++) {
            Tensor p = params[i];
            Tensor g = c.l2Decay() ? grads[i].add(p.mul(c.weightDecay())) : grads[i];
            expAvg[i].assign(expAvg[i].mul(c.beta1()).add(g.mul(1 - c.beta1())));
            expAvgSq[i].assign(expAvgSq[i].mul(c.beta2()).add(g.mul(g).mul(1 - c.beta2())));
            Tensor denom = expAvgSq[i].sqrt().mul(c.inverseBias2Root(steps[i])).add(c.eps());
            Tensor base = c.shrinks() ? p.mul(1 - c.lr() * c.weightDecay()) : p;
            p.assign(base.sub(expAvg[i].div(denom).mul(c.stepSize(steps[i]))));
        }
    }

    /**
     * The sum of the squares of every element of every tensor (the squared global norm that gradient clipping
     * needs), accumulated in double across tensors. Backends may do it in one pass with one transfer.
     *
     * @param xs the tensors, of any shapes and types
     * @return the sum over all elements of all tensors; 0 for none
     */
    default double sumOfSquares(Tensor[] xs) {
        double s = 0;
        for (Tensor x : xs) {
            s += x.mul(x).sum().item();
        }
        return s;
    }

    /** Releases what the backend holds (device memory, kernels); the CPU backend holds nothing. */
    @Override
    default void close() {
    }
}

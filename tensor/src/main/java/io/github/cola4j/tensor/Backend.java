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

    /** Short name for logs, such as "cpu" or "opencl:NVIDIA H100". */
    String name();

    /** A fresh zero-filled storage. */
    Storage allocate(DType dtype, int size);

    /** A storage holding a copy of these host values, converted to {@code dtype}. */
    Storage fromHost(DType dtype, double[] values);

    /** A storage holding a copy of these host values, converted to {@code dtype}. */
    Storage fromHost(DType dtype, float[] values);

    /** The elements of {@code x} in row-major order, as float32 on the host. */
    float[] toFloatArray(Tensor x);

    /** The elements of {@code x} in row-major order, as float64 on the host. */
    double[] toDoubleArray(Tensor x);

    /** A contiguous copy of {@code x} (any view) in {@code dtype}. */
    Tensor copy(Tensor x, DType dtype);

    /** Writes {@code source} into the elements of {@code target}, in place; both any view of one shape. */
    void assign(Tensor target, Tensor source);

    /**
     * {@code op} applied to every element of {@code x}, with the op's scalar parameters {@code p} and {@code q}
     * (ignored by ops without them).
     */
    Tensor unary(UnaryOp op, Tensor x, double p, double q);

    /** {@code a op b} with both already broadcast to {@code outShape} (strides of 0 on broadcast axes). */
    Tensor binary(BinaryOp op, Tensor a, Tensor b, int[] outShape);

    /** Reduces over sorted, distinct {@code axes}; the result keeps reduced axes with size 1. */
    Tensor reduce(ReduceOp op, Tensor x, int[] axes);

    /** Index of the largest element along {@code axis} (first on ties); reduced axis kept with size 1. */
    Tensor argmax(Tensor x, int axis);

    /** Batched matrix product of [B, m, k] and [B, k, n] views (any strides) into [B, m, n]. */
    Tensor matmul(Tensor a, Tensor b);

    /** Softmax or log-softmax along {@code axis}. */
    Tensor softmax(Tensor x, int axis, boolean log);

    /** Concatenation of same-typed parts along {@code axis}; shapes already checked. */
    Tensor concat(Tensor[] parts, int axis, int[] outShape);

    /** conv2d of x [N, C, H, W] with w [O, C/groups, kH, kW] and an optional bias [O]. */
    Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dOptions o);

    /** Gradient of conv2d with respect to its input. */
    Tensor conv2dBackwardInput(Tensor gradOut, Tensor w, int[] inputShape, Conv2dOptions o);

    /** Gradient of conv2d with respect to its weight. */
    Tensor conv2dBackwardWeight(Tensor gradOut, Tensor x, int[] weightShape, Conv2dOptions o);

    /** Windowed max (or average) pooling of x [N, C, H, W]. */
    Tensor pool2d(Tensor x, Pool2dOptions o, boolean max);

    /** Gradient of pool2d with respect to its input; max pooling routes to the first maximum of each window. */
    Tensor pool2dBackward(Tensor gradOut, Tensor x, Pool2dOptions o, boolean max);

    /**
     * Batch normalisation of x [N, C, H, W] with batch statistics, in one fused pass after the statistics:
     * returns {y, mean, invStd, variance}, each statistic of shape [C], where variance is the biased batch
     * variance and invStd = 1 / sqrt(variance + eps).
     */
    Tensor[] batchNormTraining(Tensor x, Tensor gamma, Tensor beta, double eps);

    /**
     * Gradients of {@link #batchNormTraining}: returns {dx, dGamma, dBeta} given the output gradient and the
     * saved mean and invStd.
     */
    Tensor[] batchNormBackward(Tensor gradOut, Tensor x, Tensor mean, Tensor invStd, Tensor gamma);

    /**
     * Whether {@link #batchNormSiluTraining} and {@link #batchNormSiluBackward} are fused here (fewer passes over
     * the activations than batch norm and SiLU as separate ops). Modules use the fused pair only when this is
     * true; the default implementations compose the separate ops and are correct but not faster.
     */
    default boolean fusesBatchNormSilu() {
        return false;
    }

    /**
     * SiLU of {@link #batchNormTraining}: returns {silu(y), mean, invStd, variance}, the batch-norm output y not
     * being kept.
     */
    default Tensor[] batchNormSiluTraining(Tensor x, Tensor gamma, Tensor beta, double eps) {
        Tensor[] r = batchNormTraining(x, gamma, beta, eps);
        return new Tensor[] {r[0].silu(), r[1], r[2], r[3]};
    }

    /**
     * Gradients of {@link #batchNormSiluTraining}: returns {dx, dGamma, dBeta} given the output gradient and the
     * saved mean and invStd (the pre-activation is recomputed from x, gamma and beta).
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

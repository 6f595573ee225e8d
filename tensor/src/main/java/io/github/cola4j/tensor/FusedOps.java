package io.github.cola4j.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Operations a backend may fuse into fewer passes (or launches) than their composition of primitives. Every
 * default here is that composition, written with {@link Tensor} ops, so it runs on whatever backend holds the
 * arguments: a new backend is correct without overriding anything and faster for what it overrides.
 *
 * <p>Callers have checked shapes and types; all tensors of one call live on one backend.
 */
public interface FusedOps {

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
     * Whether the fused pair is the faster choice for an input of this shape (a backend may fuse only where it
     * pays, large feature maps for instance); modules ask this before taking the fused pair.
     *
     * @param shape the input's shape [N, C, H, W]
     * @return {@link #fusesBatchNormSilu()} by default
     */
    default boolean fusesBatchNormSilu(int[] shape) {
        return fusesBatchNormSilu();
    }

    /**
     * SiLU of {@link Backend#batchNormTraining}, the batch-norm output itself not being kept.
     *
     * @param x the input [N, C, H, W], on this backend
     * @param gamma the per-channel scale [C], of x's type
     * @param beta the per-channel shift [C], of x's type
     * @param eps added to the variance before the square root
     * @return silu(y) [N, C, H, W] as {@code y}, and the batch statistics, new tensors of x's type
     */
    default BatchNormResult batchNormSiluTraining(Tensor x, Tensor gamma, Tensor beta, double eps) {
        BatchNormResult r = x.batchNormTraining(gamma, beta, eps);
        return r.withY(r.y().silu());
    }

    /**
     * Gradients of {@link #batchNormSiluTraining} given the output gradient and the saved mean and invStd (the
     * pre-activation is recomputed from x, gamma and beta).
     *
     * @param gradOut the gradient of silu(y) [N, C, H, W]
     * @param x the forward input [N, C, H, W]
     * @param mean the batch mean [C] that {@link #batchNormSiluTraining} returned
     * @param invStd the [C] inverse standard deviation that {@link #batchNormSiluTraining} returned
     * @param gamma the per-channel scale [C] of the forward pass
     * @param beta the per-channel shift [C] of the forward pass
     * @return dx [N, C, H, W], dGamma [C] and dBeta [C], new tensors of x's type
     */
    default BatchNormGrads batchNormSiluBackward(Tensor gradOut, Tensor x, Tensor mean, Tensor invStd, Tensor gamma,
            Tensor beta) {
        int c = x.shape()[1];
        int[] cs = {1, c, 1, 1};
        Tensor pre = x.sub(mean.reshape(cs)).mul(invStd.mul(gamma).reshape(cs)).add(beta.reshape(cs));
        Tensor g = gradOut.mul(pre.apply(UnaryOp.SILU_GRAD, 0, 0));
        return x.batchNormBackward(g, mean, invStd, gamma);
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
     * @param biasedVar the biased batch variance [C] as {@link Backend#batchNormTraining} returns it, read only
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
     * Batch norm's training forward ({@link Backend#batchNormTraining}, or {@link #batchNormSiluTraining} when
     * {@code silu}) followed by {@link #batchNormRunningStats} with the batch's mean and biased variance and
     * {@code count = N * H * W}: a backend may update the running statistics in the same pass (one launch where the
     * composition takes two). The default is that composition.
     *
     * @param x the input [N, C, H, W], on this backend, with N * H * W more than 1
     * @param gamma the per-channel scale [C], of x's type
     * @param beta the per-channel shift [C], of x's type
     * @param eps added to the variance before the square root
     * @param silu true for SiLU of the batch-norm output, as {@link #batchNormSiluTraining} returns it
     * @param runningMean the running mean [C], updated in place
     * @param runningVar the running (unbiased) variance [C], updated in place
     * @param momentum weight of the batch statistics, in [0, 1]
     * @return what {@link Backend#batchNormTraining} (or {@link #batchNormSiluTraining}) returns
     */
    default BatchNormResult batchNormTrainingUpdating(Tensor x, Tensor gamma, Tensor beta, double eps, boolean silu,
            Tensor runningMean, Tensor runningVar, double momentum) {
        BatchNormResult r = silu ? x.backend().batchNormSiluTraining(x, gamma, beta, eps)
                : x.batchNormTraining(gamma, beta, eps);
        int[] s = x.shape();
        double count = (double) s[0] * s[2] * s[3];
        runningMean.backend().batchNormRunningStats(runningMean, runningVar, r.mean(), r.variance(), momentum, count);
        return r;
    }

    /**
     * {@code silu(conv2d(x, w, bias))}, for inference (no gradient is taken through it): a backend may apply the
     * SiLU to each block of the convolution's output while it is in cache rather than in a pass of its own. The
     * default composes the two ops.
     *
     * @param x the input [N, C, H, W], on this backend
     * @param w the weight [O, C/groups, kH, kW], of x's type
     * @param bias the bias [O], or null for none
     * @param o stride, padding, dilation and groups
     * @return a new tensor [N, O, outH, outW] of x's type
     */
    default Tensor conv2dSilu(Tensor x, Tensor w, Tensor bias, Conv2dOptions o) {
        return x.conv2d(w, bias, o).silu();
    }

    /**
     * {@code a * b + c}: a residual block's end, with {@code a} the branch, {@code b} a per-sample scale (stochastic
     * depth's mask, broadcast) and {@code c} the skip. A backend may do it in one pass; the default composes a
     * product and a sum.
     *
     * @param a the branch, of the result's shape
     * @param b the scale, broadcast to a's shape (such as [N, 1, 1, 1])
     * @param c the skip, of a's shape
     * @return a new tensor of a's shape and type
     */
    default Tensor multiplyAdd(Tensor a, Tensor b, Tensor c) {
        return a.mul(b).add(c);
    }

    /**
     * Squeeze-excitation of x [N, C, H, W]: {@code pooled = mean of x over H and W},
     * {@code z1 = conv1x1(pooled, w1, b1)}, {@code hidden = silu(z1)},
     * {@code gate = sigmoid(conv1x1(hidden, w2, b2))} (1x1 convolutions with stride 1, no padding, one group) and
     * {@code y = x * gate}. A backend may compute it in fewer passes; the default composes the ops.
     *
     * @param x the input [N, C, H, W]
     * @param w1 the first convolution's weight [S, C, 1, 1]
     * @param b1 its bias [S]
     * @param w2 the second convolution's weight [C, S, 1, 1]
     * @param b2 its bias [C]
     * @return y and the intermediate values, new tensors of x's type
     */
    default SqueezeExcitationResult squeezeExcitation(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
        Conv2dOptions o = Conv2dOptions.defaults();
        Tensor pooled = x.mean(true, 2, 3);
        Tensor z1 = pooled.conv2d(w1, b1, o);
        Tensor hidden = z1.silu();
        Tensor gate = hidden.conv2d(w2, b2, o).sigmoid();
        return new SqueezeExcitationResult(x.mul(gate), pooled, z1, hidden, gate);
    }

    /**
     * The backward of {@link #squeezeExcitation}: with {@code dz2 = sum over H, W of gradOut * x} times the
     * sigmoid's gradient at the gate, back through the second convolution and SiLU to {@code dz1}, and
     * {@code dPooled} from it through the first convolution, the input's gradient is
     * {@code gradOut * gate + dPooled / (H * W)}; the weights' and biases' gradients are those of the two 1x1
     * convolutions. A backend may do it in fewer passes; the default composes the ops.
     *
     * @param gradOut the gradient of y [N, C, H, W]
     * @param x the input [N, C, H, W] of the forward pass
     * @param forward what {@link #squeezeExcitation} returned for x
     * @param w1 the first convolution's weight [S, C, 1, 1]
     * @param w2 the second convolution's weight [C, S, 1, 1]
     * @return the gradients, new tensors of gradOut's type
     */
    default SqueezeExcitationGrads squeezeExcitationBackward(Tensor gradOut, Tensor x, SqueezeExcitationResult forward,
            Tensor w1, Tensor w2) {
        Conv2dOptions o = Conv2dOptions.defaults();
        Tensor gate = forward.gate();
        Tensor dz2 = gradOut.mul(x).sum(true, 2, 3).apply(BinaryOp.SIGMOID_BACKWARD, gate);
        Tensor dz1 = dz2.conv2dBackwardInput(w2, forward.hidden().shape(), o).apply(BinaryOp.SILU_BACKWARD,
                forward.z1());
        Tensor dPooled = dz1.conv2dBackwardInput(w1, forward.pooled().shape(), o);
        Tensor dx = gradOut.mul(gate).add(dPooled.div((double) x.dim(2) * x.dim(3)));
        return new SqueezeExcitationGrads(dx, dz1.conv2dBackwardWeight(forward.pooled(), w1.shape(), o),
                dz1.sum(false, 0, 2, 3), dz2.conv2dBackwardWeight(forward.hidden(), w2.shape(), o),
                dz2.sum(false, 0, 2, 3));
    }

    /**
     * Every tensor multiplied by {@code factor}, as new tensors (gradient clipping scales all gradients at
     * once). Backends may do it in one pass; the default multiplies tensor by tensor.
     *
     * @param xs the tensors, of any shapes and types; read only
     * @param factor the common factor
     * @return new tensors, in the order of {@code xs}, each of its input's shape and type
     */
    default List<Tensor> scaleAll(List<Tensor> xs, double factor) {
        List<Tensor> out = new ArrayList<>(xs.size());
        for (Tensor x : xs) {
            out.add(x.mul(factor));
        }
        return out;
    }

    /**
     * Softmax cross-entropy of {@code logits} [N, C] against class indices {@code labels} with label smoothing
     * {@code labelSmoothing} (eps), the target of row i being {@code (1 - eps) * onehot(labels[i]) + eps / C}.
     * The loss is the 0-d mean over rows of {@code -sum_c target[c] * logSoftmax[c]}; its gradient [N, C] is
     * {@code (softmax - target) / N}, for an upstream gradient of 1. Both have the logits' type and backend.
     *
     * <p>The caller has checked the input: logits are 2-d with N, C &gt; 0, there are N labels, each in [0, C),
     * and eps lies in [0, 1]. The default composes a stable log-softmax with element-wise ops and a sum against
     * a host-built target; a backend may fuse it into fewer passes.
     *
     * @param logits the scores [N, C], on this backend
     * @param labels the class of each row, N values in [0, C); read only
     * @param labelSmoothing eps in [0, 1]; 0 for plain one-hot targets
     * @return the 0-d mean loss and the gradient of the logits [N, C], new tensors
     */
    default LossAndGrad softmaxCrossEntropy(Tensor logits, int[] labels, double labelSmoothing) {
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
        Tensor target = Tensor.wrap(logits.backend().fromHost(logits.dtype(), t), n, c);
        Tensor logProbs = logits.logSoftmax(1);
        Tensor loss = logProbs.mul(target).sum().mul(-1.0 / n);
        Tensor grad = logProbs.exp().sub(target).mul(1.0 / n);
        return new LossAndGrad(loss, grad);
    }

    /**
     * One Adam update of several parameters, in place: parameter i, its first and its second moment are
     * overwritten, its gradient is read; {@code steps[i]} is parameter i's update count t including this update.
     * All four tensors of one index have one shape and type; moments start as zeros. Backends may fuse the whole
     * update into one pass (the OpenCL backend: one launch for all parameters); the default composes
     * element-wise ops per parameter, in the order of {@link AdamCoefficients}' formulas.
     *
     * @param params the parameters, updated in place
     * @param grads their gradients, read only
     * @param expAvg the first moments, updated in place
     * @param expAvgSq the second moments, updated in place
     * @param steps each parameter's update count t, this update included, so at least 1
     * @param c the hyper-parameters, shared by all parameters
     */
    default void adamUpdate(List<Tensor> params, List<Tensor> grads, List<Tensor> expAvg, List<Tensor> expAvgSq,
            long[] steps, AdamCoefficients c) {
        for (int i = 0; i < params.size(); i++) {
            adamUpdateOne(params.get(i), grads.get(i), expAvg.get(i), expAvgSq.get(i), steps[i], c);
        }
    }

    /**
     * The composed Adam update of one parameter, as {@link #adamUpdate} does it by default; backends that fuse
     * only some parameters (dense ones, say) call it for the rest.
     *
     * @param p the parameter, updated in place
     * @param grad its gradient, read only
     * @param expAvg its first moment, updated in place
     * @param expAvgSq its second moment, updated in place
     * @param step the update count t, this update included
     * @param c the hyper-parameters
     */
    static void adamUpdateOne(Tensor p, Tensor grad, Tensor expAvg, Tensor expAvgSq, long step,
            AdamCoefficients c) {
        Tensor g = c.l2Decay() ? grad.add(p.mul(c.weightDecay())) : grad;
        expAvg.assign(expAvg.mul(c.beta1()).add(g.mul(1 - c.beta1())));
        expAvgSq.assign(expAvgSq.mul(c.beta2()).add(g.mul(g).mul(1 - c.beta2())));
        Tensor denom = expAvgSq.sqrt().mul(c.inverseBias2Root(step)).add(c.eps());
        Tensor base = c.shrinks() ? p.mul(1 - c.lr() * c.weightDecay()) : p;
        p.assign(base.sub(expAvg.div(denom).mul(c.stepSize(step))));
    }

    /**
     * The sum of the squares of every element of every tensor (the squared global norm that gradient clipping
     * needs), accumulated in double across tensors. Backends may do it in one pass with one transfer.
     *
     * @param xs the tensors, of any shapes and types
     * @return the sum over all elements of all tensors; 0 for none
     */
    default double sumOfSquares(List<Tensor> xs) {
        double s = 0;
        for (Tensor x : xs) {
            s += x.mul(x).sum().item();
        }
        return s;
    }
}

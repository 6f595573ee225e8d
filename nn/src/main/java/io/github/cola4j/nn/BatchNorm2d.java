package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.BatchNormGrads;
import io.github.cola4j.tensor.BatchNormResult;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.TensorException;

/**
 * Batch normalisation over [N, C, H, W], as PyTorch's {@code nn.BatchNorm2d}: batch statistics (biased variance)
 * in training, which also update the running mean and the running unbiased variance with {@code momentum};
 * running statistics in evaluation. Training mode is one fused op with a hand-written backward.
 */
public final class BatchNorm2d extends Module {
    private final int channels;
    private final double eps;
    private final double momentum;
    private final Variable weight;
    private final Variable bias;

    /**
     * Batch norm over {@code channels} channels with PyTorch's defaults: eps 1e-5, momentum 0.1.
     *
     * @param channels C, the size of axis 1 of the [N, C, H, W] input
     */
    public BatchNorm2d(int channels) {
        this(channels, 1e-5, 0.1);
    }

    /**
     * Batch norm over {@code channels} channels; {@code eps} is added to the variance, {@code momentum} weighs the
     * new batch in the running statistics.
     *
     * @param channels C, the size of axis 1 of the [N, C, H, W] input
     * @param eps added to the variance before the square root, for stability (PyTorch's default 1e-5)
     * @param momentum the new batch's weight: {@code running = (1 - momentum) * running + momentum * batch}
     *     (PyTorch's default 0.1)
     */
    public BatchNorm2d(int channels, double eps, double momentum) {
        this.channels = channels;
        this.eps = eps;
        this.momentum = momentum;
        this.weight = registerParameter("weight", Tensor.ones(channels));
        this.bias = registerParameter("bias", Tensor.zeros(channels));
        registerBuffer("running_mean", Tensor.zeros(channels), false);
        registerBuffer("running_var", Tensor.ones(channels), false);
        registerBuffer("num_batches_tracked", Tensor.scalar(DType.FLOAT64, 0), true);
    }

    @Override
    public Variable forward(Variable x) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] != channels) {
            throw TensorException.shapes("BatchNorm2d(" + channels + ")", "input must be [N, " + channels + ", H, W]", s);
        }
        int[] cs = {1, channels, 1, 1};
        if (!isTraining()) {
            return evalForward(x, cs);
        }
        return trainingForward(x);
    }

    /**
     * Evaluation mode as a per-channel affine map {@code y = x * scale + shift}, from the running statistics, for a
     * preceding convolution to fold into its weights at inference.
     */
    record InferenceAffine(Tensor scale, Tensor shift) {
    }

    /** Channels normalised (the size of the running statistics). */
    int channels() {
        return channels;
    }

    /** This layer's evaluation-mode map in {@code dtype}; see {@link InferenceAffine}. */
    InferenceAffine inferenceAffine(DType dtype) {
        Tensor scale = weight.value().to(dtype).div(buffer("running_var").to(dtype).add(eps).sqrt());
        Tensor shift = bias.value().to(dtype).sub(buffer("running_mean").to(dtype).mul(scale));
        return new InferenceAffine(scale, shift);
    }

    /** The running statistics in one backend op (one device launch); the backward is composed, as it is rare. */
    private Variable evalForward(Variable xv, int[] cs) {
        Tensor x = xv.value();
        Tensor rm = buffer("running_mean").to(x.dtype());
        Tensor rv = buffer("running_var").to(x.dtype());
        Tensor gamma = weight.value().to(x.dtype());
        Tensor y = x.backend().batchNormInference(x, rm, rv, gamma, bias.value().to(x.dtype()), eps);
        return Variable.fromOp("batchNorm2dEval", y, g -> {
            Tensor invStd = rv.add(eps).sqrt().pow(-1);
            Tensor xhat = x.sub(rm.reshape(cs)).mul(invStd.reshape(cs));
            return new Tensor[] {g.mul(gamma.mul(invStd).reshape(cs)), g.mul(xhat).sum(false, 0, 2, 3),
                g.sum(false, 0, 2, 3)};
        }, xv, weight, bias);
    }

    /**
     * SiLU of the training-mode output in one fused backend op when the backend fuses the pair (see
     * {@link io.github.cola4j.tensor.FusedOps#fusesBatchNormSilu(int[])}); null when it does not apply (evaluation
     * mode, or a backend that does not fuse the pair for this shape), and the caller runs the two modules
     * separately.
     */
    Variable trainingForwardSilu(Variable xv) {
        Tensor x = xv.value();
        int[] s = x.shape();
        if (!isTraining() || s.length != 4 || !x.backend().fusesBatchNormSilu(s) || s[1] != channels
                || (double) s[0] * s[2] * s[3] <= 1) {
            return null;
        }
        Tensor gamma = weight.value().to(x.dtype());
        Tensor beta = bias.value().to(x.dtype());
        BatchNormResult r = trainingStatistics(x, gamma, beta, true);
        Tensor mean = r.mean();
        Tensor invStd = r.invStd();
        return Variable.fromOp("batchNorm2dSilu", r.y(), g -> {
            BatchNormGrads d = x.backend().batchNormSiluBackward(g, x, mean, invStd, gamma, beta);
            return new Tensor[] {d.dx(), d.dGamma(), d.dBeta()};
        }, xv, weight, bias);
    }

    private Variable trainingForward(Variable xv) {
        Tensor x = xv.value();
        int[] s = x.shape();
        double m = (double) s[0] * s[2] * s[3];
        if (m <= 1) {
            throw TensorException.shapes("BatchNorm2d", "needs more than one value per channel in training", s);
        }
        Tensor gamma = weight.value().to(x.dtype());
        BatchNormResult r = trainingStatistics(x, gamma, bias.value().to(x.dtype()), false);
        Tensor mean = r.mean();
        Tensor invStd = r.invStd();
        return Variable.fromOp("batchNorm2d", r.y(), g -> {
            BatchNormGrads d = x.batchNormBackward(g, mean, invStd, gamma);
            return new Tensor[] {d.dx(), d.dGamma(), d.dBeta()};
        }, xv, weight, bias);
    }

    /**
     * The training forward (SiLU fused when {@code silu}) and the running statistics' update in place, in one op
     * that a backend may run as one launch (buffers are never aliased: loading copies).
     */
    private BatchNormResult trainingStatistics(Tensor x, Tensor gamma, Tensor beta, boolean silu) {
        BatchNormResult r = x.backend().batchNormTrainingUpdating(x, gamma, beta, eps, silu,
                buffer("running_mean"), buffer("running_var"), momentum);
        setBuffer("num_batches_tracked", buffer("num_batches_tracked").add(1));
        return r;
    }

    /**
     * The learned per-channel scale, shape [C], initially ones.
     *
     * @return the parameter itself (state key {@code weight})
     */
    public Variable weight() {
        return weight;
    }

    /**
     * The learned per-channel shift, shape [C], initially zeros.
     *
     * @return the parameter itself (state key {@code bias})
     */
    public Variable bias() {
        return bias;
    }

    /**
     * The running mean used in evaluation, shape [C].
     *
     * @return the {@code running_mean} buffer itself, not a copy: each training step updates it in place
     */
    public Tensor runningMean() {
        return buffer("running_mean");
    }

    /**
     * The running unbiased variance used in evaluation, shape [C].
     *
     * @return the {@code running_var} buffer itself, not a copy: each training step updates it in place
     */
    public Tensor runningVar() {
        return buffer("running_var");
    }

    @Override
    public String toString() {
        return "BatchNorm2d(" + channels + ", eps=" + eps + ", momentum=" + momentum + ")";
    }
}

package io.github.cola4j.opencl;

import static io.github.cola4j.opencl.OpenClBackend.CPU;
import static io.github.cola4j.opencl.OpenClBackend.onDevice;
import static io.github.cola4j.opencl.TrainingOps.float32;

import io.github.cola4j.tensor.BatchNormGrads;
import io.github.cola4j.tensor.BatchNormResult;
import io.github.cola4j.tensor.Tensor;
import java.lang.ref.Reference;
import java.util.function.Function;

/**
 * Host code of {@link BatchNormKernels}: batch norm in training (statistics and the normalising pass, with SiLU
 * fused when asked), its backward, evaluation with the running statistics, and their update. Training forward and
 * backward are one launch each (a work group per channel), or two each when {@link OpenClBackend#bnTwoPass}.
 */
final class BatchNormOps {
    /** Per element: the statistics' sum and sum of squares (add, multiply-add). */
    private static final long STATS_FLOPS = 3;
    /** Per element: (x - mean) * invStd * gamma + beta. */
    private static final long NORMALISE_FLOPS = 4;
    /** Per element: SiLU, y / (1 + exp(-y)). */
    private static final long SILU_FLOPS = 4;
    /** Per element: the normalised x recomputed and the two gradient sums. */
    private static final long GRAD_SUMS_FLOPS = 5;
    /** Per element: the normalised x recomputed and dx from the sums. */
    private static final long GRAD_DX_FLOPS = 8;
    /** Per element and pass: SiLU's derivative recomputed from x. */
    private static final long SILU_GRAD_FLOPS = 9;
    /** Per element in evaluation: the running statistics' scale (with its square root) and the affine map. */
    private static final long EVAL_FLOPS = 6;

    private final OpenClBackend backend;
    private final Launcher l;
    private final DeviceKernel k;

    BatchNormOps(OpenClBackend backend, Launcher l) {
        this.backend = backend;
        this.l = l;
        this.k = l.k;
    }

    BatchNormResult batchNormTraining(Tensor x, Tensor gamma, Tensor beta, double eps) {
        if (!onDevice(x, gamma, beta)) {
            return statsOnCpu("batchNormTraining", c -> CPU.batchNormTraining(c[0], c[1], c[2], eps), x, gamma,
                    beta);
        }
        return batchNorm(x, gamma, beta, eps, false, null, null, 0);
    }

    /**
     * Training forward (with SiLU when {@code silu}) and the running statistics' update in the same launch, when
     * the one-launch kernel runs and every tensor is a float32 device tensor (the running ones contiguous); null
     * otherwise, and the caller composes the two ops.
     */
    BatchNormResult batchNormTrainingUpdating(Tensor x, Tensor gamma, Tensor beta, double eps, boolean silu,
            Tensor runningMean, Tensor runningVar, double momentum) {
        Tensor[] ts = {x, gamma, beta, runningMean, runningVar};
        int[] s = x.shape();
        double count = s.length == 4 ? (double) s[0] * s[2] * s[3] : 0;
        if (backend.bnTwoPass || !onDevice(ts) || !float32(ts) || s.length != 4 || count <= 1
                || !runningMean.isContiguous() || !runningVar.isContiguous()
                || runningMean.size() != s[1] || runningVar.size() != s[1]) {
            return null;
        }
        k.setRunningMean(backend.off(runningMean));
        k.setRunningVar(backend.off(runningVar));
        k.setKeep((float) (1 - momentum));
        k.setMomentum((float) momentum);
        k.setUnbias((float) (count / (count - 1)));
        return batchNorm(x, gamma, beta, eps, silu, runningMean, runningVar, 1);
    }

    /** Batch norm and SiLU in the same element-wise pass after the statistics. */
    BatchNormResult batchNormSiluTraining(Tensor x, Tensor gamma, Tensor beta, double eps) {
        if (!onDevice(x, gamma, beta)) {
            return statsOnCpu("batchNormSiluTraining", c -> CPU.batchNormSiluTraining(c[0], c[1], c[2], eps),
                    x, gamma, beta);
        }
        return batchNorm(x, gamma, beta, eps, true, null, null, 0);
    }

    /** {@link OpenClBackend#onCpu} for the batch-norm forward ops, whose results travel as one record. */
    private BatchNormResult statsOnCpu(String op, Function<Tensor[], BatchNormResult> f, Tensor... inputs) {
        Tensor[] r = backend.onCpu(op, c -> {
            BatchNormResult b = f.apply(c);
            return new Tensor[] {b.y(), b.mean(), b.invStd(), b.variance()};
        }, inputs);
        return new BatchNormResult(r[0], r[1], r[2], r[3]);
    }

    /** {@link OpenClBackend#onCpu} for the batch-norm backward ops. */
    private BatchNormGrads gradsOnCpu(String op, Function<Tensor[], BatchNormGrads> f, Tensor... inputs) {
        Tensor[] r = backend.onCpu(op, c -> {
            BatchNormGrads g = f.apply(c);
            return new Tensor[] {g.dx(), g.dGamma(), g.dBeta()};
        }, inputs);
        return new BatchNormGrads(r[0], r[1], r[2]);
    }

    /**
     * The training forward; with {@code updateRunning} 1 the kernel also updates the running statistics, whose
     * arguments the caller has set.
     */
    private BatchNormResult batchNorm(Tensor x, Tensor gamma, Tensor beta, double eps, boolean silu,
            Tensor runningMean, Tensor runningVar, int updateRunning) {
        int[] s = x.shape();
        int c = s[1];
        Tensor xd = backend.dense(x);
        Tensor gd = backend.dense(gamma);
        Tensor bd = backend.dense(beta);
        Tensor mean = backend.output(c);
        Tensor invStd = backend.output(c);
        Tensor var = backend.output(c);
        Tensor y = backend.output(s);
        if (c > 0) {
            k.bnShape(s[0], c, s[2] * s[3]);
            k.setBnX(backend.off(xd));
            k.setBnMean(backend.off(mean));
            k.setBnInvStd(backend.off(invStd));
            k.setBnVar(backend.off(var));
            k.setBnEps((float) eps);
            k.setBnGamma(backend.off(gd));
            k.setBnBeta(backend.off(bd));
            k.setBnOut(backend.off(y));
            k.setBnSilu(silu ? 1 : 0);
            k.setBnUpdateRunning(updateRunning);
            long n = y.size();
            long apply = NORMALISE_FLOPS + (silu ? SILU_FLOPS : 0);
            if (!backend.bnTwoPass && backend.bnRows()) {
                k.items = c;
                l.launch(DeviceKernel.OP_BN_FORWARD_ROWS, l.range1(c), n * (STATS_FLOPS + apply)
                        + 7L * c * updateRunning, Launcher.bytes(2 * n + 5L * c + 4L * c * updateRunning));
            } else if (!backend.bnTwoPass) {
                l.launch(DeviceKernel.OP_BN_FORWARD, l.groups(c), n * (STATS_FLOPS + apply) + 7L * c * updateRunning,
                        Launcher.bytes(2 * n + 5L * c + 4L * c * updateRunning));
            } else {
                l.launch(DeviceKernel.OP_BN_STATS, l.groups(c), n * STATS_FLOPS, Launcher.bytes(n + 3L * c));
                if (n > 0) {
                    k.items = (int) n;
                    l.launch(DeviceKernel.OP_BN_APPLY, l.range1((int) n), n * apply, Launcher.bytes(2 * n + 4L * c));
                }
            }
        }
        Reference.reachabilityFence(new Tensor[] {runningMean, runningVar});
        return new BatchNormResult(y, mean, invStd, var);
    }

    BatchNormGrads batchNormBackward(Tensor gradOut, Tensor x, Tensor mean, Tensor invStd,
            Tensor gamma) {
        if (!onDevice(gradOut, x, mean, invStd, gamma)) {
            return gradsOnCpu("batchNormBackward", c -> CPU.batchNormBackward(c[0], c[1], c[2], c[3], c[4]),
                    gradOut, x, mean, invStd, gamma);
        }
        return batchNormBack(gradOut, x, mean, invStd, gamma, null);
    }

    /** The SiLU gradient is applied on the fly in both passes of the batch-norm backward (no extra pass). */
    BatchNormGrads batchNormSiluBackward(Tensor gradOut, Tensor x, Tensor mean,
            Tensor invStd, Tensor gamma, Tensor beta) {
        if (!onDevice(gradOut, x, mean, invStd, gamma, beta)) {
            return gradsOnCpu("batchNormSiluBackward",
                    c -> CPU.batchNormSiluBackward(c[0], c[1], c[2], c[3], c[4], c[5]),
                    gradOut, x, mean, invStd, gamma, beta);
        }
        return batchNormBack(gradOut, x, mean, invStd, gamma, beta);
    }

    /** Batch-norm backward; with beta non-null, of SiLU(batch norm). */
    private BatchNormGrads batchNormBack(Tensor gradOut, Tensor x, Tensor mean, Tensor invStd, Tensor gamma,
            Tensor beta) {
        int[] s = x.shape();
        int c = s[1];
        Tensor gd = backend.dense(gradOut);
        Tensor xd = backend.dense(x);
        Tensor md = backend.dense(mean);
        Tensor id = backend.dense(invStd);
        Tensor gam = backend.dense(gamma);
        Tensor bet = beta == null ? null : backend.dense(beta);
        Tensor dBeta = backend.output(c);
        Tensor dGamma = backend.output(c);
        Tensor dx = backend.output(s);
        if (c > 0) {
            k.bnShape(s[0], c, s[2] * s[3]);
            k.setBnX(backend.off(xd));
            k.setBnGradOut(backend.off(gd));
            k.setBnDBeta(backend.off(dBeta));
            k.setBnMean(backend.off(md));
            k.setBnInvStd(backend.off(id));
            k.setBnDGamma(backend.off(dGamma));
            k.setBnGamma(backend.off(gam));
            k.setBnBeta(bet == null ? 0 : backend.off(bet));
            k.setBnSilu(bet == null ? 0 : 1);
            k.setBnDx(backend.off(dx));
            long n = dx.size();
            long siluGrad = bet == null ? 0 : SILU_GRAD_FLOPS;
            if (!backend.bnTwoPass && backend.bnRows()) {
                k.items = c;
                l.launch(DeviceKernel.OP_BN_BACKWARD_ROWS, l.range1(c), n * (GRAD_SUMS_FLOPS + GRAD_DX_FLOPS
                        + 2 * siluGrad), Launcher.bytes(3 * n + 6L * c));
            } else if (!backend.bnTwoPass) {
                l.launch(DeviceKernel.OP_BN_BACKWARD, l.groups(c), n * (GRAD_SUMS_FLOPS + GRAD_DX_FLOPS + 2 * siluGrad),
                        Launcher.bytes(3 * n + 6L * c));
            } else {
                l.launch(DeviceKernel.OP_BN_BACK_STATS, l.groups(c), n * (GRAD_SUMS_FLOPS + siluGrad),
                        Launcher.bytes(2 * n + 6L * c));
                if (n > 0) {
                    k.items = (int) n;
                    l.launch(DeviceKernel.OP_BN_BACK_APPLY, l.range1((int) n), n * (GRAD_DX_FLOPS + siluGrad),
                            Launcher.bytes(3 * n + 6L * c));
                }
            }
        }
        return new BatchNormGrads(dx, dGamma, dBeta);
    }

    /** One launch: each element normalised with its channel's running statistics and affine parameters. */
    Tensor batchNormInference(Tensor x, Tensor mean, Tensor var, Tensor gamma, Tensor beta,
            double eps) {
        Tensor[] ts = {x, mean, var, gamma, beta};
        if (!onDevice(ts) || !float32(ts) || x.rank() != 4) {
            return backend.compositeBatchNormInference(x, mean, var, gamma, beta, eps);
        }
        Tensor xd = backend.dense(x);
        Tensor md = backend.dense(mean);
        Tensor vd = backend.dense(var);
        Tensor gd = backend.dense(gamma);
        Tensor bd = backend.dense(beta);
        Tensor out = backend.output(x.shape());
        if (out.size() > 0) {
            k.setBnX(backend.off(xd));
            k.setBnMean(backend.off(md));
            k.setBnOut(backend.off(out));
            k.setBnVar(backend.off(vd));
            k.setBnGamma(backend.off(gd));
            k.setBnBeta(backend.off(bd));
            k.bnShape(x.dim(0), x.dim(1), x.dim(2) * x.dim(3));
            k.setBnEps((float) eps);
            k.items = out.size();
            l.launch(DeviceKernel.OP_BN_EVAL, l.range1(k.items), (long) k.items * EVAL_FLOPS,
                    Launcher.bytes(2L * k.items + 4L * x.dim(1)));
        }
        Reference.reachabilityFence(new Tensor[] {xd, md, vd, gd, bd});
        return out;
    }

    /** One launch for both running statistics when all four are float32 device tensors, else the composition. */
    void batchNormRunningStats(Tensor runningMean, Tensor runningVar, Tensor mean,
            Tensor biasedVar, double momentum, double count) {
        Tensor[] ts = {runningMean, runningVar, mean, biasedVar};
        if (!onDevice(ts) || !float32(ts) || !runningMean.isContiguous() || !runningVar.isContiguous()) {
            backend.compositeBatchNormRunningStats(runningMean, runningVar, mean, biasedVar, momentum, count);
            return;
        }
        Tensor m = backend.dense(mean);
        Tensor v = backend.dense(biasedVar);
        k.setRunningMean(backend.off(runningMean));
        k.setRunningVar(backend.off(runningVar));
        k.setBnMean(backend.off(m));
        k.setBnVar(backend.off(v));
        k.setKeep((float) (1 - momentum));
        k.setMomentum((float) momentum);
        k.setUnbias((float) (count / (count - 1)));
        k.items = runningMean.size();
        if (k.items > 0) {
            l.launch(DeviceKernel.OP_BN_RUNNING_STATS, l.range1(k.items), 7L * k.items, Launcher.bytes(6L * k.items));
        }
        Reference.reachabilityFence(m);
        Reference.reachabilityFence(v);
    }
}

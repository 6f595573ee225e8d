package io.github.cola4j.opencl;

/**
 * Batch-norm kernels over x [N, C, HW] (dense): training statistics and the normalising pass (with SiLU fused in
 * when {@link #bnSilu()} is 1), the backward's per-channel sums and input gradient (SiLU' recomputed from x when
 * fused), evaluation with the running statistics, and the running statistics' update.
 */
abstract class BatchNormKernels extends WindowCpuKernels {
    /** Arena offset of x. */
    final int bnX() {
        return arg0;
    }

    /** Sets {@link #bnX()}. */
    final void setBnX(int v) {
        arg0 = v;
    }

    /** Arena offset of the output gradient (backward). */
    final int bnGradOut() {
        return arg1;
    }

    /** Sets {@link #bnGradOut()}. */
    final void setBnGradOut(int v) {
        arg1 = v;
    }

    /** Arena offset of gamma. */
    final int bnGamma() {
        return arg2;
    }

    /** Sets {@link #bnGamma()}. */
    final void setBnGamma(int v) {
        arg2 = v;
    }

    /** Arena offset of beta. */
    final int bnBeta() {
        return arg3;
    }

    /** Sets {@link #bnBeta()}. */
    final void setBnBeta(int v) {
        arg3 = v;
    }

    /** Arena offset of the per-channel mean (batch mean, or running mean in evaluation). */
    final int bnMean() {
        return arg4;
    }

    /** Sets {@link #bnMean()}. */
    final void setBnMean(int v) {
        arg4 = v;
    }

    /** Arena offset of the per-channel 1 / sqrt(variance + eps). */
    final int bnInvStd() {
        return arg5;
    }

    /** Sets {@link #bnInvStd()}. */
    final void setBnInvStd(int v) {
        arg5 = v;
    }

    /** Arena offset of the per-channel variance (biased batch variance, or running variance in evaluation). */
    final int bnVar() {
        return arg6;
    }

    /** Sets {@link #bnVar()}. */
    final void setBnVar(int v) {
        arg6 = v;
    }

    /** Arena offset of y. */
    final int bnOut() {
        return arg7;
    }

    /** Sets {@link #bnOut()}. */
    final void setBnOut(int v) {
        arg7 = v;
    }

    /** Arena offset of the input gradient dx. */
    final int bnDx() {
        return arg8;
    }

    /** Sets {@link #bnDx()}. */
    final void setBnDx(int v) {
        arg8 = v;
    }

    /** Arena offset of the gamma gradient. */
    final int bnDGamma() {
        return arg9;
    }

    /** Sets {@link #bnDGamma()}. */
    final void setBnDGamma(int v) {
        arg9 = v;
    }

    /** Arena offset of the beta gradient. */
    final int bnDBeta() {
        return arg10;
    }

    /** Sets {@link #bnDBeta()}. */
    final void setBnDBeta(int v) {
        arg10 = v;
    }

    /** Samples N. */
    final int bnBatch() {
        return arg11;
    }

    /** Channels C. */
    final int bnChannels() {
        return arg12;
    }

    /** Elements per channel plane (H * W). */
    final int bnPlane() {
        return arg13;
    }

    /** 1 when SiLU follows the batch norm (fused), else 0. */
    final int bnSilu() {
        return arg14;
    }

    /** Sets {@link #bnSilu()}. */
    final void setBnSilu(int v) {
        arg14 = v;
    }

    /**
     * 1 when {@link #bnForward} also updates the running statistics ({@link #runningMean()}...) with the batch's,
     * as {@link #bnRunningStats} would; 0 otherwise.
     */
    final int bnUpdateRunning() {
        return arg17;
    }

    /** Sets {@link #bnUpdateRunning()}. */
    final void setBnUpdateRunning(int v) {
        arg17 = v;
    }

    /** The variance's epsilon. */
    final float bnEps() {
        return farg0;
    }

    /** Sets {@link #bnEps()}. */
    final void setBnEps(float v) {
        farg0 = v;
    }

    /** Running statistics: arena offset of the running mean, updated in place. */
    final int runningMean() {
        return arg15;
    }

    /** Sets {@link #runningMean()}. */
    final void setRunningMean(int v) {
        arg15 = v;
    }

    /** Running statistics: arena offset of the running variance, updated in place. */
    final int runningVar() {
        return arg16;
    }

    /** Sets {@link #runningVar()}. */
    final void setRunningVar(int v) {
        arg16 = v;
    }

    /** Running statistics: the weight of the old value, 1 - momentum. */
    final float keep() {
        return farg1;
    }

    /** Sets {@link #keep()}. */
    final void setKeep(float v) {
        farg1 = v;
    }

    /** Running statistics: the weight of the batch's value. */
    final float momentum() {
        return farg2;
    }

    /** Sets {@link #momentum()}. */
    final void setMomentum(float v) {
        farg2 = v;
    }

    /** Running statistics: count / (count - 1), which turns the biased batch variance into the unbiased one. */
    final float unbias() {
        return farg3;
    }

    /** Sets {@link #unbias()}. */
    final void setUnbias(float v) {
        farg3 = v;
    }

    BatchNormKernels(int capacity) {
        super(capacity);
    }

    /**
     * The layout of x for the next batch-norm launch.
     *
     * @param n samples
     * @param c channels
     * @param plane elements per channel plane
     */
    final void bnShape(int n, int c, int plane) {
        arg11 = n;
        arg12 = c;
        arg13 = plane;
    }

    // ---------------------------------------------------------------- kernel code

    /**
     * The mean of channel {@code c} of bnX, summed by the calling work group (every work item gets it; the group's
     * reduction buffer is free again on return).
     */
    final float channelMean(int c, int l, int hw, int count) {
        float s = 0f;
        for (int j = l; j < count; j += GROUP) {
            s += mem[bnX() + ((j / hw) * bnChannels() + c) * hw + j % hw];
        }
        red[l] = s;
        localBarrier();
        reduceLocal(l, REDUCE_SUM, 0);
        float mu = red[0] / (float) count;
        localBarrier();
        return mu;
    }

    /** The biased variance of channel {@code c} of bnX around {@code mu}, by the calling work group (all get it). */
    final float channelVariance(int c, int l, int hw, int count, float mu) {
        float v = 0f;
        for (int j = l; j < count; j += GROUP) {
            float d = mem[bnX() + ((j / hw) * bnChannels() + c) * hw + j % hw] - mu;
            v += d * d;
        }
        red[l] = v;
        localBarrier();
        reduceLocal(l, REDUCE_SUM, 0);
        return red[0] / (float) count;
    }

    /** One work group per channel: mean (bnMean), invStd (bnInvStd), biased variance (bnVar). */
    final void bnStats() {
        int c = getGroupId();
        int l = getLocalId();
        int hw = bnPlane();
        int count = bnBatch() * hw;
        float mu = channelMean(c, l, hw, count);
        float var = channelVariance(c, l, hw, count, mu);
        if (l == 0) {
            mem[bnMean() + c] = mu;
            mem[bnInvStd() + c] = 1f / sqrt(var + bnEps());
            mem[bnVar() + c] = var;
        }
    }

    /** y (bnOut) = (x - mean) * invStd * gamma + beta, and SiLU of that when bnSilu is 1. */
    final void bnApply() {
        int i = getGlobalId();
        if (i < items) {
            int c = (i / bnPlane()) % bnChannels();
            float scale = mem[bnGamma() + c] * mem[bnInvStd() + c];
            float y = (mem[bnX() + i] - mem[bnMean() + c]) * scale + mem[bnBeta() + c];
            if (bnSilu() == 1) {
                y = y * sigmoid(y);
            }
            mem[bnOut() + i] = y;
        }
    }

    /**
     * Batch norm in evaluation, one work item per element: y (bnOut) = (x - running mean (bnMean)) /
     * sqrt(running variance (bnVar) + eps) * gamma + beta.
     */
    final void bnEval() {
        int i = getGlobalId();
        if (i < items) {
            int c = (i / bnPlane()) % bnChannels();
            float invStd = 1f / sqrt(mem[bnVar() + c] + bnEps());
            mem[bnOut() + i] = (mem[bnX() + i] - mem[bnMean() + c]) * invStd * mem[bnGamma() + c] + mem[bnBeta() + c];
        }
    }

    /**
     * The gradient reaching the batch-norm output at element idx of channel c: gradOut itself, or when bnSilu is
     * 1 gradOut times SiLU' of the recomputed pre-activation (x - mean) * invStd * gamma + beta.
     */
    final float bnGradIn(int idx, int c) {
        float gv = mem[bnGradOut() + idx];
        if (bnSilu() == 1) {
            float z = (mem[bnX() + idx] - mem[bnMean() + c]) * mem[bnInvStd() + c] * mem[bnGamma() + c] + mem[bnBeta() + c];
            gv = gv * siluGrad(z);
        }
        return gv;
    }

    /** One work group per channel: dBeta = sum g, dGamma = sum g (x - mean) * invStd. */
    final void bnBackStats() {
        int c = getGroupId();
        int l = getLocalId();
        int hw = bnPlane();
        int count = bnBatch() * hw;
        float mu = mem[bnMean() + c];
        float sg = 0f;
        float sgx = 0f;
        for (int j = l; j < count; j += GROUP) {
            int idx = ((j / hw) * bnChannels() + c) * hw + j % hw;
            float gv = bnGradIn(idx, c);
            sg += gv;
            sgx += gv * (mem[bnX() + idx] - mu);
        }
        red[l] = sg;
        red2[l] = sgx;
        localBarrier();
        reduceLocal(l, REDUCE_SUM, 1);
        if (l == 0) {
            mem[bnDBeta() + c] = red[0];
            mem[bnDGamma() + c] = red2[0] * mem[bnInvStd() + c];
        }
    }

    /** dx = gamma*is * g - gamma*is*dBeta/m - gamma*is*is*dGamma/m * (x - mean), one work item per element. */
    final void bnBackApply() {
        int i = getGlobalId();
        if (i < items) {
            int c = (i / bnPlane()) % bnChannels();
            float m = (float) (bnBatch() * bnPlane());
            float is = mem[bnInvStd() + c];
            float gi = mem[bnGamma() + c] * is;
            float dx = gi * bnGradIn(i, c) - gi * mem[bnDBeta() + c] / m
                    - gi * is * mem[bnDGamma() + c] / m * (mem[bnX() + i] - mem[bnMean() + c]);
            mem[bnDx() + i] = dx;
        }
    }

    /**
     * {@link #bnStats} and {@link #bnApply} in one launch: one work group per channel computes the channel's
     * statistics, writes them, and normalises the channel (SiLU too when bnSilu is 1); with bnUpdateRunning 1 it
     * also updates the running statistics as {@link #bnRunningStats} does. The values are those of the separate
     * launches.
     */
    final void bnForward() {
        int c = getGroupId();
        int l = getLocalId();
        int hw = bnPlane();
        int count = bnBatch() * hw;
        float mu = channelMean(c, l, hw, count);
        float var = channelVariance(c, l, hw, count, mu);
        float invStd = 1f / sqrt(var + bnEps());
        if (l == 0) {
            mem[bnMean() + c] = mu;
            mem[bnInvStd() + c] = invStd;
            mem[bnVar() + c] = var;
            if (bnUpdateRunning() == 1) {
                mem[runningMean() + c] = mem[runningMean() + c] * keep() + mu * momentum();
                mem[runningVar() + c] = mem[runningVar() + c] * keep() + var * unbias() * momentum();
            }
        }
        float scale = mem[bnGamma() + c] * invStd;
        float shift = mem[bnBeta() + c];
        for (int j = l; j < count; j += GROUP) {
            int idx = ((j / hw) * bnChannels() + c) * hw + j % hw;
            float y = (mem[bnX() + idx] - mu) * scale + shift;
            if (bnSilu() == 1) {
                y = y * sigmoid(y);
            }
            mem[bnOut() + idx] = y;
        }
    }

    /**
     * {@link #bnBackStats} and {@link #bnBackApply} in one launch: one work group per channel sums the channel's
     * gradients, writes dBeta and dGamma, and computes the channel's dx. The values are those of the two launches.
     */
    final void bnBackward() {
        int c = getGroupId();
        int l = getLocalId();
        int hw = bnPlane();
        int count = bnBatch() * hw;
        float mu = mem[bnMean() + c];
        float sg = 0f;
        float sgx = 0f;
        for (int j = l; j < count; j += GROUP) {
            int idx = ((j / hw) * bnChannels() + c) * hw + j % hw;
            float gv = bnGradIn(idx, c);
            sg += gv;
            sgx += gv * (mem[bnX() + idx] - mu);
        }
        red[l] = sg;
        red2[l] = sgx;
        localBarrier();
        reduceLocal(l, REDUCE_SUM, 1);
        float is = mem[bnInvStd() + c];
        float dBeta = red[0];
        float dGamma = red2[0] * is;
        if (l == 0) {
            mem[bnDBeta() + c] = dBeta;
            mem[bnDGamma() + c] = dGamma;
        }
        float m = (float) count;
        float gi = mem[bnGamma() + c] * is;
        for (int j = l; j < count; j += GROUP) {
            int idx = ((j / hw) * bnChannels() + c) * hw + j % hw;
            mem[bnDx() + idx] = gi * bnGradIn(idx, c) - gi * dBeta / m - gi * is * dGamma / m * (mem[bnX() + idx] - mu);
        }
    }

    /**
     * {@link #bnForward} for CPU devices: one work item per channel (items = channels) walks the channel's planes
     * three times (mean, variance, normalisation), with 4 partial sums per pass added at the end; no local memory,
     * no barriers and no division per element.
     */
    final void bnForwardRows() {
        int c = getGlobalId();
        if (c < items) {
            int hw = bnPlane();
            int count = bnBatch() * hw;
            int step = bnChannels() * hw;
            int first = bnX() + c * hw;
            float s0 = 0f;
            float s1 = 0f;
            float s2 = 0f;
            float s3 = 0f;
            for (int nb = 0; nb < bnBatch(); nb++) {
                int base = first + nb * step;
                int p = 0;
                for (; p + 3 < hw; p += 4) {
                    s0 += mem[base + p];
                    s1 += mem[base + p + 1];
                    s2 += mem[base + p + 2];
                    s3 += mem[base + p + 3];
                }
                for (; p < hw; p++) {
                    s0 += mem[base + p];
                }
            }
            float mu = ((s0 + s1) + (s2 + s3)) / (float) count;
            s0 = 0f;
            s1 = 0f;
            s2 = 0f;
            s3 = 0f;
            for (int nb = 0; nb < bnBatch(); nb++) {
                int base = first + nb * step;
                int p = 0;
                for (; p + 3 < hw; p += 4) {
                    float d0 = mem[base + p] - mu;
                    float d1 = mem[base + p + 1] - mu;
                    float d2 = mem[base + p + 2] - mu;
                    float d3 = mem[base + p + 3] - mu;
                    s0 += d0 * d0;
                    s1 += d1 * d1;
                    s2 += d2 * d2;
                    s3 += d3 * d3;
                }
                for (; p < hw; p++) {
                    float d = mem[base + p] - mu;
                    s0 += d * d;
                }
            }
            float var = ((s0 + s1) + (s2 + s3)) / (float) count;
            float invStd = 1f / sqrt(var + bnEps());
            mem[bnMean() + c] = mu;
            mem[bnInvStd() + c] = invStd;
            mem[bnVar() + c] = var;
            if (bnUpdateRunning() == 1) {
                mem[runningMean() + c] = mem[runningMean() + c] * keep() + mu * momentum();
                mem[runningVar() + c] = mem[runningVar() + c] * keep() + var * unbias() * momentum();
            }
            float scale = mem[bnGamma() + c] * invStd;
            float shift = mem[bnBeta() + c];
            int out = bnOut() - bnX();
            for (int nb = 0; nb < bnBatch(); nb++) {
                int base = first + nb * step;
                for (int p = 0; p < hw; p++) {
                    float y = (mem[base + p] - mu) * scale + shift;
                    if (bnSilu() == 1) {
                        y = y * sigmoid(y);
                    }
                    mem[out + base + p] = y;
                }
            }
        }
    }

    /**
     * {@link #bnBackward} for CPU devices: one work item per channel (items = channels) sums the channel's
     * gradients (2 partial sums each) and then writes its dx; no local memory, no barriers, no division per element.
     * With SiLU, the first pass stores each element's gradient through SiLU (g * silu'(z), as {@link #bnGradIn})
     * in dx, which the second pass reads back instead of evaluating the exponential again; the channel's
     * statistics are held in registers (the arena is written in the loops, so the compiler would reload them).
     */
    final void bnBackwardRows() {
        int c = getGlobalId();
        if (c < items) {
            int hw = bnPlane();
            int count = bnBatch() * hw;
            int step = bnChannels() * hw;
            int first = c * hw;
            int xAt = bnX();
            int gAt = bnGradOut();
            int dxAt = bnDx();
            boolean silu = bnSilu() == 1;
            float mu = mem[bnMean() + c];
            float is = mem[bnInvStd() + c];
            float gamma = mem[bnGamma() + c];
            float beta = mem[bnBeta() + c];
            float sg0 = 0f;
            float sg1 = 0f;
            float sgx0 = 0f;
            float sgx1 = 0f;
            for (int nb = 0; nb < bnBatch(); nb++) {
                int base = first + nb * step;
                int p = 0;
                for (; p + 1 < hw; p += 2) {
                    float x0 = mem[xAt + base + p];
                    float x1 = mem[xAt + base + p + 1];
                    float g0 = mem[gAt + base + p];
                    float g1 = mem[gAt + base + p + 1];
                    if (silu) {
                        g0 = g0 * siluGrad((x0 - mu) * is * gamma + beta);
                        g1 = g1 * siluGrad((x1 - mu) * is * gamma + beta);
                        mem[dxAt + base + p] = g0;
                        mem[dxAt + base + p + 1] = g1;
                    }
                    sg0 += g0;
                    sg1 += g1;
                    sgx0 += g0 * (x0 - mu);
                    sgx1 += g1 * (x1 - mu);
                }
                for (; p < hw; p++) {
                    float x0 = mem[xAt + base + p];
                    float g0 = mem[gAt + base + p];
                    if (silu) {
                        g0 = g0 * siluGrad((x0 - mu) * is * gamma + beta);
                        mem[dxAt + base + p] = g0;
                    }
                    sg0 += g0;
                    sgx0 += g0 * (x0 - mu);
                }
            }
            float dBeta = sg0 + sg1;
            float dGamma = (sgx0 + sgx1) * is;
            mem[bnDBeta() + c] = dBeta;
            mem[bnDGamma() + c] = dGamma;
            float m = (float) count;
            float gi = gamma * is;
            float shift = gi * dBeta / m;
            float k = gi * is * dGamma / m;
            // the gradients reaching the batch norm's output: stored in dx by the first pass with SiLU
            int dAt = silu ? dxAt : gAt;
            for (int nb = 0; nb < bnBatch(); nb++) {
                int base = first + nb * step;
                for (int p = 0; p < hw; p++) {
                    int idx = base + p;
                    mem[dxAt + idx] = gi * mem[dAt + idx] - shift - k * (mem[xAt + idx] - mu);
                }
            }
        }
    }

    /**
     * The running statistics in place, one work item per channel: running mean = running mean * keep + batch mean
     * (bnMean) * momentum; running variance = running variance * keep + (biased variance (bnVar) * unbias) *
     * momentum.
     */
    final void bnRunningStats() {
        int c = getGlobalId();
        if (c < items) {
            mem[runningMean() + c] = mem[runningMean() + c] * keep() + mem[bnMean() + c] * momentum();
            mem[runningVar() + c] = mem[runningVar() + c] * keep() + mem[bnVar() + c] * unbias() * momentum();
        }
    }
}

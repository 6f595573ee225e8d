package io.github.cola4j.opencl;

import static io.github.cola4j.opencl.CopyOps.fits;
import static io.github.cola4j.opencl.OpenClBackend.CPU;
import static io.github.cola4j.opencl.OpenClBackend.onDevice;

import io.github.cola4j.tensor.AdamCoefficients;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.FusedOps;
import io.github.cola4j.tensor.LossAndGrad;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.TensorException;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Host code of {@link TrainingKernels}: the optimiser's multi-tensor ops (Adam over every parameter, scaling and
 * sums of squares for gradient clipping), each one launch over a segment table, and the fused softmax
 * cross-entropy.
 */
final class TrainingOps {
    private final OpenClBackend backend;
    private final Launcher l;
    private final DeviceKernel k;

    TrainingOps(OpenClBackend backend, Launcher l) {
        this.backend = backend;
        this.l = l;
        this.k = l.k;
    }

    static boolean float32(Tensor... ts) {
        for (Tensor t : ts) {
            if (t.dtype() != DType.FLOAT32) {
                return false;
            }
        }
        return true;
    }

    /** Room for {@code count} segments in the kernel's tables; a new array only when they have to grow. */
    private void segmentTables(int count) {
        if (k.segs.length < count * DeviceKernel.SEG) {
            k.segs = new int[Math.max(count, 2 * k.segs.length / DeviceKernel.SEG) * DeviceKernel.SEG];
        }
        if (k.scal.length < DeviceKernel.SCAL_HEADER + 2 * count) {
            k.scal = new float[DeviceKernel.SCAL_HEADER + 2 * (k.segs.length / DeviceKernel.SEG)];
        }
    }

    /**
     * One launch updates every float32 parameter on the device: the kernel finds each element's parameter in a
     * segment table that travels like {@code meta}. Others (float64, non-contiguous) take the composition.
     */
    void adamUpdate(List<Tensor> params, List<Tensor> grads, List<Tensor> expAvg,
            List<Tensor> expAvgSq, long[] steps, AdamCoefficients c) {
        List<Integer> fused = new ArrayList<>();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            Tensor g = grads.get(i);
            Tensor m = expAvg.get(i);
            Tensor v = expAvgSq.get(i);
            boolean ok = onDevice(p, g, m, v) && float32(p, g, m, v) && p.isContiguous() && m.isContiguous()
                    && v.isContiguous() && fits(g);
            if (ok && p.size() > 0) {
                fused.add(i);
            } else if (!ok) {
                FusedOps.adamUpdateOne(p, g, m, v, steps[i], c);
            }
        }
        if (fused.isEmpty()) {
            return;
        }
        segmentTables(fused.size());
        Tensor[] denseGrads = new Tensor[fused.size()];
        long total = 0;
        for (int s = 0; s < fused.size(); s++) {
            int i = fused.get(s);
            denseGrads[s] = backend.dense(grads.get(i));
            int at = s * DeviceKernel.SEG;
            k.segs[at] = backend.off(params.get(i));
            k.segs[at + 1] = backend.off(denseGrads[s]);
            k.segs[at + 2] = backend.off(expAvg.get(i));
            k.segs[at + 3] = backend.off(expAvgSq.get(i));
            k.segs[at + 4] = (int) total;
            k.scal[DeviceKernel.SCAL_HEADER + 2 * s] = (float) c.stepSize(steps[i]);
            k.scal[DeviceKernel.SCAL_HEADER + 2 * s + 1] = (float) c.inverseBias2Root(steps[i]);
            total += params.get(i).size();
        }
        if (total > Integer.MAX_VALUE - DeviceKernel.WIDTH) {
            throw new TensorException(backend.name() + ": adamUpdate over " + total + " elements exceeds one launch");
        }
        k.scal[0] = (float) c.beta1();
        k.scal[1] = (float) (1 - c.beta1());
        k.scal[2] = (float) c.beta2();
        k.scal[3] = (float) (1 - c.beta2());
        k.scal[4] = (float) c.eps();
        k.scal[5] = (float) c.weightDecay();
        k.scal[6] = (float) (1 - c.lr() * c.weightDecay());
        k.put(k.segs);
        k.put(k.scal);
        k.setSegments(fused.size());
        k.setL2Decay(c.l2Decay() ? 1 : 0);
        k.setDecoupledDecay(c.shrinks() ? 1 : 0);
        k.items = (int) total;
        int run = backend.segmentRunLength();
        k.setSegmentRun(run);
        // per element: both moments, the bias-corrected step and the decay; parameter, gradient and moments each
        // read and the parameter and moments written
        l.launch(DeviceKernel.OP_ADAM, l.range1((int) ((total + run - 1) / run)), 14 * total,
                Launcher.bytes(7 * total));
        // the dense gradient copies must not be collected (their arena ranges reused) before the launch
        Reference.reachabilityFence(denseGrads);
    }

    /** One launch over every float32 device tensor (the segment table maps each element to its tensor). */
    List<Tensor> scaleAll(List<Tensor> xs, double factor) {
        Tensor[] out = new Tensor[xs.size()];
        List<Integer> fused = new ArrayList<>();
        for (int i = 0; i < out.length; i++) {
            Tensor x = xs.get(i);
            if (onDevice(x) && float32(x) && fits(x)) {
                fused.add(i);
            } else {
                out[i] = x.mul(factor);
            }
        }
        segmentTables(fused.size());
        Tensor[] sources = new Tensor[fused.size()];
        long total = 0;
        for (int s = 0; s < fused.size(); s++) {
            int i = fused.get(s);
            sources[s] = backend.dense(xs.get(i));
            out[i] = backend.output(xs.get(i).shape());
            int at = s * DeviceKernel.SEG;
            k.segs[at] = backend.off(sources[s]);
            k.segs[at + 1] = backend.off(out[i]);
            k.segs[at + 4] = (int) total;
            total += xs.get(i).size();
        }
        if (total > Integer.MAX_VALUE - DeviceKernel.WIDTH) {
            throw new TensorException(backend.name() + ": scaleAll over " + total + " elements exceeds one launch");
        }
        if (total > 0) {
            k.put(k.segs);
            k.setSegments(fused.size());
            k.setScaleFactor((float) factor);
            k.items = (int) total;
            int run = backend.segmentRunLength();
            k.setSegmentRun(run);
            l.launch(DeviceKernel.OP_SCALE_ALL, l.range1((int) ((total + run - 1) / run)), total,
                    Launcher.bytes(2 * total));
        }
        Reference.reachabilityFence(sources);
        return Arrays.asList(out);
    }

    /**
     * One launch of partial sums (a work group per {@link DeviceKernel#SQ_CHUNK} elements of each float32 device
     * tensor) and one download of the partials, added in double here; other tensors take the composition.
     */
    double sumOfSquares(List<Tensor> xs) {
        double sum = 0;
        List<Tensor> dev = new ArrayList<>();
        for (Tensor x : xs) {
            if (onDevice(x) && float32(x) && fits(x)) {
                if (x.size() > 0) {
                    dev.add(backend.dense(x));
                }
            } else {
                sum += backend.compositeSumOfSquares(List.of(x));
            }
        }
        if (dev.isEmpty()) {
            return sum;
        }
        segmentTables(dev.size());
        long groups = 0;
        for (int s = 0; s < dev.size(); s++) {
            Tensor x = dev.get(s);
            int at = s * DeviceKernel.SEG;
            k.segs[at] = backend.off(x);
            k.segs[at + 1] = x.size();
            k.segs[at + 4] = (int) groups;
            groups += (x.size() + DeviceKernel.SQ_CHUNK - 1) / DeviceKernel.SQ_CHUNK;
        }
        Tensor partials = backend.output((int) groups);
        k.put(k.segs);
        k.setSegments(dev.size());
        k.setPartialSums(backend.off(partials));
        long elements = 0;
        for (Tensor x : dev) {
            elements += x.size();
        }
        l.launch(DeviceKernel.OP_SUM_SQUARES, l.groups((int) groups), 2 * elements, Launcher.bytes(elements + groups));
        // dense copies made above must keep their arena ranges until the launch has read them
        Reference.reachabilityFence(dev);
        for (float f : backend.transfers.download(partials)) {
            sum += f;
        }
        return sum;
    }

    // ---------------------------------------------------------------- fused softmax cross-entropy

    /** Class counts up to which labels travel exactly as floats. */
    private static final int CE_MAX_CLASSES = 1 << 24;

    /**
     * Softmax cross-entropy on the device: the labels go up as floats (N of them, the op's only transfer), one
     * launch with a work item per row writes the row's loss and gradient row, and one work group averages the
     * row losses into the 0-d loss, which stays on the device. float64 (host) logits run on the CPU backend.
     */
    LossAndGrad softmaxCrossEntropy(Tensor logits, int[] labels, double labelSmoothing) {
        if (!onDevice(logits)) {
            Tensor[] r = backend.onCpu("softmaxCrossEntropy", c -> {
                LossAndGrad lg = CPU.softmaxCrossEntropy(c[0], labels, labelSmoothing);
                return new Tensor[] {lg.loss(), lg.grad()};
            }, logits);
            return new LossAndGrad(r[0], r[1]);
        }
        int n = logits.dim(0);
        int c = logits.dim(1);
        if (n == 0 || c == 0 || c > CE_MAX_CLASSES) {
            return backend.compositeSoftmaxCrossEntropy(logits, labels, labelSmoothing);
        }
        Tensor x = backend.dense(logits);
        float[] lab = new float[n];
        for (int i = 0; i < n; i++) {
            lab[i] = labels[i];
        }
        OpenClStorage labelStore = backend.newDevice(n);
        backend.transfers.upload(lab, labelStore.base);
        Tensor grad = backend.output(n, c);
        Tensor rowLoss = backend.output(n);
        Tensor loss = backend.output();
        double off = labelSmoothing / c;
        k.setCeOffTarget((float) off);
        k.setCeOnTarget((float) (off + (1 - labelSmoothing)));
        k.setCeClasses(c);
        k.items = n;
        k.setCeLogits(backend.off(x));
        k.setCeLabels(labelStore.base);
        k.setCeGrad(backend.off(grad));
        k.setCeRowLoss(backend.off(rowLoss));
        // per logit: the row maximum, exp, the sum, the loss term and the gradient (exp again)
        l.launch(DeviceKernel.OP_CE_ROWS, l.range1(n), 10L * n * c, Launcher.bytes(2L * n * c + 2L * n));
        k.setCeLoss(backend.off(loss));
        l.launch(DeviceKernel.OP_CE_REDUCE, l.groups(1), n, Launcher.bytes(n + 1L));
        Reference.reachabilityFence(labelStore);
        Reference.reachabilityFence(rowLoss);
        Reference.reachabilityFence(x);
        return new LossAndGrad(loss, grad);
    }
}

package io.github.cola4j.tensor.cpu;

import io.github.cola4j.tensor.AdamCoefficients;
import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.BatchNormGrads;
import io.github.cola4j.tensor.BatchNormResult;
import io.github.cola4j.tensor.BinaryOp;
import io.github.cola4j.tensor.Conv2dOptions;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.FusedOps;
import io.github.cola4j.tensor.MemoryScope;
import io.github.cola4j.tensor.Pool2dOptions;
import io.github.cola4j.tensor.ReduceOp;
import io.github.cola4j.tensor.Shape;
import io.github.cola4j.tensor.SqueezeExcitationGrads;
import io.github.cola4j.tensor.SqueezeExcitationResult;
import io.github.cola4j.tensor.Storage;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.UnaryOp;
import java.util.List;

/**
 * The pure-Java backend. float32 runs the fast kernels (blocked SGEMM, direct depthwise convolution,
 * vectorisable element-wise loops) on the shared {@link Parallel} pool; float64 runs plain reference loops,
 * which is what gradient checking needs.
 */
public final class CpuBackend implements Backend {
    /** Smallest feature map (H x W) where fusing batch norm and SiLU pays; see {@link #fusesBatchNormSilu(int[])}. */
    static final int FUSED_MIN_PLANE = 64;
    /** The one instance. */
    public static final CpuBackend INSTANCE = new CpuBackend();

    private CpuBackend() {
    }

    @Override
    public String name() {
        return "cpu";
    }

    // ---------------------------------------------------------------- storage

    /**
     * The state of the pool that released CPU arrays go back to and large allocations are taken from.
     *
     * @return the pool's capacity, the bytes it holds now and its hit and miss counts so far
     */
    public static PoolStats poolStats() {
        return ArrayPool.SHARED.stats();
    }

    /** Zero-filled; large arrays come from the pool of released storage when it has one of this size. */
    @Override
    public Storage allocate(DType dtype, int size) {
        return dtype == DType.FLOAT32 ? new CpuStorage(ArrayPool.SHARED.floats(size, true))
                : new CpuStorage(ArrayPool.SHARED.doubles(size, true));
    }

    /** As {@link #allocate} without the zero fill of a pooled array: the caller writes every element. */
    @Override
    public Storage allocateForOverwrite(DType dtype, int size) {
        return dtype == DType.FLOAT32 ? new CpuStorage(ArrayPool.SHARED.floats(size, false))
                : new CpuStorage(ArrayPool.SHARED.doubles(size, false));
    }

    @Override
    public Storage fromHost(DType dtype, double[] values) {
        if (dtype == DType.FLOAT64) {
            double[] d = ArrayPool.SHARED.doubles(values.length, false);
            System.arraycopy(values, 0, d, 0, values.length);
            return new CpuStorage(d);
        }
        float[] f = ArrayPool.SHARED.floats(values.length, false);
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return new CpuStorage(f);
    }

    @Override
    public Storage fromHost(DType dtype, float[] values) {
        if (dtype == DType.FLOAT32) {
            float[] f = ArrayPool.SHARED.floats(values.length, false);
            System.arraycopy(values, 0, f, 0, values.length);
            return new CpuStorage(f);
        }
        double[] d = ArrayPool.SHARED.doubles(values.length, false);
        for (int i = 0; i < d.length; i++) {
            d[i] = values[i];
        }
        return new CpuStorage(d);
    }

    private static CpuStorage cpu(Tensor t) {
        if (!(t.storage() instanceof CpuStorage s)) {
            throw new IllegalArgumentException("tensor lives on " + t.backend().name() + ", not on the CPU");
        }
        return s;
    }

    private static boolean isDense(Tensor t) {
        return t.offset() == 0 && t.isContiguous() && t.storage().size() == t.size();
    }

    /** Exactly the elements of {@code t} in row-major order: its own array when it already is that. */
    static float[] denseFloats(Tensor t) {
        Tensor d = isDense(t) && t.dtype() == DType.FLOAT32 ? t : INSTANCE.copy(t, DType.FLOAT32);
        return cpu(d).floats();
    }

    /** Exactly the elements of {@code t} in row-major order: its own array when it already is that. */
    static double[] denseDoubles(Tensor t) {
        Tensor d = isDense(t) && t.dtype() == DType.FLOAT64 ? t : INSTANCE.copy(t, DType.FLOAT64);
        return cpu(d).doubles();
    }

    @Override
    public float[] toFloatArray(Tensor x) {
        // the caller owns the array: no scope may hand it to the pool
        return cpu(MemoryScope.retain(copy(x, DType.FLOAT32))).floats();
    }

    @Override
    public double[] toDoubleArray(Tensor x) {
        return cpu(MemoryScope.retain(copy(x, DType.FLOAT64))).doubles();
    }

    // ---------------------------------------------------------------- optimiser

    /** Fused per parameter when the parameter and its moments are whole dense arrays, else the composition. */
    @Override
    public void adamUpdate(List<Tensor> params, List<Tensor> grads, List<Tensor> expAvg, List<Tensor> expAvgSq,
            long[] steps, AdamCoefficients c) {
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            Tensor g = grads.get(i);
            Tensor m = expAvg.get(i);
            Tensor v = expAvgSq.get(i);
            DType dt = p.dtype();
            boolean fused = isDense(p) && isDense(m) && isDense(v) && m.dtype() == dt && v.dtype() == dt
                    && g.dtype() == dt;
            if (!fused) {
                FusedOps.adamUpdateOne(p, g, m, v, steps[i], c);
            } else if (dt == DType.FLOAT32) {
                AdamKernels.update(cpu(p).floats(), denseFloats(g), cpu(m).floats(), cpu(v).floats(), c, steps[i]);
            } else {
                AdamKernels.update(cpu(p).doubles(), denseDoubles(g), cpu(m).doubles(), cpu(v).doubles(), c,
                        steps[i]);
            }
        }
    }

    /** A zero-filled result, for kernels that accumulate into it. */
    private static Tensor output(DType dtype, int[] shape) {
        return Tensor.wrap(INSTANCE.allocate(dtype, Shape.size(shape)), shape);
    }

    /**
     * The output of a convolution pass: the float32 kernels write every element (their tests start from NaN), so
     * a pooled array needs no zero fill; the float64 reference accumulates into zeros.
     */
    private static Tensor convOutput(DType dtype, int[] shape) {
        return dtype == DType.FLOAT32 ? overwritten(dtype, shape) : output(dtype, shape);
    }

    /** A result of undefined contents, for kernels that write every element. */
    private static Tensor overwritten(DType dtype, int[] shape) {
        return Tensor.wrap(INSTANCE.allocateForOverwrite(dtype, Shape.size(shape)), shape);
    }

    private static Tensor fromDoubles(DType dtype, double[] values, int[] shape) {
        return Tensor.wrap(dtype == DType.FLOAT64 ? new CpuStorage(values) : INSTANCE.fromHost(dtype, values), shape);
    }

    // ---------------------------------------------------------------- copies

    @Override
    public Tensor copy(Tensor x, DType dtype) {
        Tensor out = overwritten(dtype, x.shape());
        copyInto(x, out);
        return out;
    }

    @Override
    public void assign(Tensor target, Tensor source) {
        if (!java.util.Arrays.equals(target.shape(), source.shape())) {
            throw io.github.cola4j.tensor.TensorException.shapes("assign", "shapes differ",
                    target.shape(), source.shape());
        }
        copyInto(source, target);
    }

    /** Strided copy (with type conversion) between two views of the same shape. */
    static void copyInto(Tensor src, Tensor dst) {
        StridedLoop loop = new StridedLoop(src.shape(), src.strides(), dst.strides());
        int ss = loop.innerStride(0);
        int ds = loop.innerStride(1);
        int n = loop.inner;
        int so = src.offset();
        int dO = dst.offset();
        CpuStorage s = cpu(src);
        CpuStorage d = cpu(dst);
        Parallel.forRange(loop.rows, loop.grain(), (from, to) -> {
            for (int r = from; r < to; r++) {
                int a = so + loop.rowOffset(0, r);
                int b = dO + loop.rowOffset(1, r);
                if (src.dtype() == DType.FLOAT32 && dst.dtype() == DType.FLOAT32) {
                    float[] x = s.floats();
                    float[] y = d.floats();
                    if (ss == 1 && ds == 1) {
                        System.arraycopy(x, a, y, b, n);
                    } else {
                        for (int i = 0; i < n; i++) {
                            y[b + i * ds] = x[a + i * ss];
                        }
                    }
                } else if (src.dtype() == DType.FLOAT64 && dst.dtype() == DType.FLOAT64) {
                    double[] x = s.doubles();
                    double[] y = d.doubles();
                    if (ss == 1 && ds == 1) {
                        System.arraycopy(x, a, y, b, n);
                    } else {
                        for (int i = 0; i < n; i++) {
                            y[b + i * ds] = x[a + i * ss];
                        }
                    }
                } else if (src.dtype() == DType.FLOAT32) {
                    float[] x = s.floats();
                    double[] y = d.doubles();
                    for (int i = 0; i < n; i++) {
                        y[b + i * ds] = x[a + i * ss];
                    }
                } else {
                    double[] x = s.doubles();
                    float[] y = d.floats();
                    for (int i = 0; i < n; i++) {
                        y[b + i * ds] = (float) x[a + i * ss];
                    }
                }
            }
        });
    }

    // ---------------------------------------------------------------- element-wise

    @Override
    public Tensor unary(UnaryOp op, Tensor x, double p, double q) {
        Tensor in = x.contiguous();
        Tensor out = overwritten(x.dtype(), x.shape());
        int off = in.offset();
        int n = x.size();
        if (x.dtype() == DType.FLOAT32) {
            float[] a = cpu(in).floats();
            float[] y = cpu(out).floats();
            float fp = (float) p;
            float fq = (float) q;
            if (off == 0) {
                Parallel.forRange(n, 32768, (from, to) -> ElementwiseKernels.unary(op, a, y, from, to, fp, fq));
            } else {
                float[] shifted = denseFloats(in);
                Parallel.forRange(n, 32768, (from, to) -> ElementwiseKernels.unary(op, shifted, y, from, to, fp, fq));
            }
        } else {
            double[] a = denseDoubles(in);
            double[] y = cpu(out).doubles();
            Parallel.forRange(n, 32768, (from, to) -> ElementwiseKernels.unary(op, a, y, from, to, p, q));
        }
        return out;
    }

    @Override
    public Tensor binary(BinaryOp op, Tensor a, Tensor b, int[] outShape) {
        Tensor out = overwritten(a.dtype(), outShape);
        StridedLoop loop = new StridedLoop(outShape, a.strides(), b.strides());
        int sa = loop.innerStride(0);
        int sb = loop.innerStride(1);
        int n = loop.inner;
        int ao = a.offset();
        int bo = b.offset();
        if (a.dtype() == DType.FLOAT32) {
            float[] x = cpu(a).floats();
            float[] z = cpu(b).floats();
            float[] y = cpu(out).floats();
            Parallel.forRange(loop.rows, loop.grain(), (from, to) -> {
                for (int r = from; r < to; r++) {
                    ElementwiseKernels.binaryRun(op, x, ao + loop.rowOffset(0, r), sa,
                            z, bo + loop.rowOffset(1, r), sb, y, r * n, n);
                }
            });
        } else {
            double[] x = cpu(a).doubles();
            double[] z = cpu(b).doubles();
            double[] y = cpu(out).doubles();
            Parallel.forRange(loop.rows, loop.grain(), (from, to) -> {
                for (int r = from; r < to; r++) {
                    ElementwiseKernels.binaryRun(op, x, ao + loop.rowOffset(0, r), sa,
                            z, bo + loop.rowOffset(1, r), sb, y, r * n, n);
                }
            });
        }
        return out;
    }

    // ---------------------------------------------------------------- reductions

    /** x with the given sorted axes moved last, as a dense row-major array of rows of length {@code len}. */
    private static Tensor axesLast(Tensor x, int[] axes) {
        int r = x.rank();
        int[] order = new int[r];
        boolean[] reduced = new boolean[r];
        for (int a : axes) {
            reduced[a] = true;
        }
        int k = 0;
        for (int i = 0; i < r; i++) {
            if (!reduced[i]) {
                order[k++] = i;
            }
        }
        for (int a : axes) {
            order[k++] = a;
        }
        return x.permute(order);
    }

    private static int[] keptShape(int[] shape, int[] axes) {
        int[] s = shape.clone();
        for (int a : axes) {
            s[a] = 1;
        }
        return s;
    }

    @Override
    public Tensor reduce(ReduceOp op, Tensor x, int[] axes) {
        int[] shape = x.shape();
        int[] strides = x.strides();
        int[] outShape = keptShape(shape, axes);
        boolean[] reduced = new boolean[shape.length];
        for (int a : axes) {
            reduced[a] = true;
        }
        int nk = shape.length - axes.length;
        int[] keptDims = new int[nk];
        int[] keptStrides = new int[nk];
        int[] redDims = new int[axes.length];
        int[] redStrides = new int[axes.length];
        for (int i = 0, k = 0, r = 0; i < shape.length; i++) {
            if (reduced[i]) {
                redDims[r] = shape[i];
                redStrides[r++] = strides[i];
            } else {
                keptDims[k] = shape[i];
                keptStrides[k++] = strides[i];
            }
        }
        // Reads x in place: each output walks its reduced axes (merged into long runs where they are contiguous).
        StridedLoop red = new StridedLoop(redDims, redStrides);
        int outN = Shape.size(outShape);
        int count = Shape.size(redDims);
        double[] out = new double[outN];
        int base = x.offset();
        CpuStorage st = cpu(x);
        int grain = Math.max(1, 32768 / Math.max(1, count));
        Parallel.forRange(outN, grain, (from, to) -> {
            for (int o = from; o < to; o++) {
                int off = base;
                int rem = o;
                for (int i = nk - 1; i >= 0; i--) {
                    off += (rem % keptDims[i]) * keptStrides[i];
                    rem /= keptDims[i];
                }
                out[o] = x.dtype() == DType.FLOAT32
                        ? ReduceKernels.reduce(op, st.floats(), off, red, count)
                        : ReduceKernels.reduce(op, st.doubles(), off, red, count);
            }
        });
        return fromDoubles(x.dtype(), out, outShape);
    }

    @Override
    public Tensor argmax(Tensor x, int axis) {
        int[] outShape = keptShape(x.shape(), new int[] {axis});
        int rows = Shape.size(outShape);
        int n = x.dim(axis);
        double[] in = denseDoubles(axesLast(x, new int[] {axis}));
        double[] out = new double[rows];
        for (int r = 0; r < rows; r++) {
            out[r] = ReduceKernels.argmaxRow(in, r * n, n);
        }
        return fromDoubles(x.dtype(), out, outShape);
    }

    @Override
    public Tensor softmax(Tensor x, int axis, boolean log) {
        int r = x.rank();
        Tensor moved = x.transpose(axis, r - 1);
        int n = x.dim(axis);
        int rows = n == 0 ? 0 : x.size() / n;
        int[] movedShape = moved.shape();
        Tensor result;
        if (x.dtype() == DType.FLOAT32) {
            float[] in = denseFloats(moved);
            float[] out = ArrayPool.SHARED.floats(in.length, false);
            Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, n)), (from, to) -> {
                for (int i = from; i < to; i++) {
                    ReduceKernels.softmaxRow(in, out, i * n, n, log);
                }
            });
            result = Tensor.wrap(new CpuStorage(out), movedShape);
        } else {
            double[] in = denseDoubles(moved);
            double[] out = ArrayPool.SHARED.doubles(in.length, false);
            Parallel.forRange(rows, Math.max(1, 8192 / Math.max(1, n)), (from, to) -> {
                for (int i = from; i < to; i++) {
                    ReduceKernels.softmaxRow(in, out, i * n, n, log);
                }
            });
            result = Tensor.wrap(new CpuStorage(out), movedShape);
        }
        // outputs are fresh contiguous tensors (the Backend contract): along an inner axis, lay it out again
        Tensor back = result.transpose(axis, r - 1);
        return axis == r - 1 ? back : copy(back, back.dtype());
    }

    // ---------------------------------------------------------------- matrix product

    @Override
    public Tensor matmul(Tensor a, Tensor b) {
        int nb = a.dim(0);
        int m = a.dim(1);
        int k = a.dim(2);
        int n = b.dim(2);
        Tensor out = overwritten(a.dtype(), new int[] {nb, m, n}); // beta 0 overwrites
        if (m == 0 || n == 0 || nb == 0) {
            return out;
        }
        Tensor ma = MatrixLayout.usable(a) ? a : a.copy();
        Tensor mb = MatrixLayout.usable(b) ? b : b.copy();
        MatrixLayout la = MatrixLayout.of(ma);
        MatrixLayout lb = MatrixLayout.of(mb);
        for (int i = 0; i < nb; i++) {
            int aOff = ma.offset() + i * ma.strides()[0];
            int bOff = mb.offset() + i * mb.strides()[0];
            if (a.dtype() == DType.FLOAT32) {
                Sgemm.gemm(la.transposed(), lb.transposed(), m, n, k, 1f, cpu(ma).floats(), aOff, la.ld(),
                        cpu(mb).floats(), bOff, lb.ld(), 0f, cpu(out).floats(), i * m * n, n);
            } else {
                Dgemm.gemm(la.transposed(), lb.transposed(), m, n, k, 1.0, cpu(ma).doubles(), aOff, la.ld(),
                        cpu(mb).doubles(), bOff, lb.ld(), 0.0, cpu(out).doubles(), i * m * n, n);
            }
        }
        return out;
    }

    // ---------------------------------------------------------------- convolution

    private static Conv2dGeometry geometry(int[] x, int[] w, Conv2dOptions o) {
        return new Conv2dGeometry(x[0], x[1], x[2], x[3], w[0], w[2], w[3], o.strideH(), o.strideW(),
                o.padH(), o.padW(), o.dilationH(), o.dilationW(), o.groups());
    }

    private static int[] outShape(Conv2dGeometry g) {
        return new int[] {g.batch(), g.outChannels(), g.outH(), g.outW()};
    }

    @Override
    public Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dOptions o) {
        Conv2dGeometry g = geometry(x.shape(), w.shape(), o);
        Tensor out = convOutput(x.dtype(), outShape(g));
        if (x.dtype() == DType.FLOAT32) {
            Conv2dKernels.forward(denseFloats(x), denseFloats(w), bias == null ? null : denseFloats(bias), g,
                    cpu(out).floats());
        } else {
            Conv2dReference.forward(denseDoubles(x), denseDoubles(w), bias == null ? null : denseDoubles(bias), g,
                    cpu(out).doubles());
        }
        return out;
    }

    /** float32: SiLU applied to each block of the output as the convolution finishes it. */
    @Override
    public Tensor conv2dSilu(Tensor x, Tensor w, Tensor bias, Conv2dOptions o) {
        if (x.dtype() != DType.FLOAT32) {
            return Backend.super.conv2dSilu(x, w, bias, o);
        }
        Conv2dGeometry g = geometry(x.shape(), w.shape(), o);
        Tensor out = convOutput(x.dtype(), outShape(g));
        Conv2dKernels.forward(denseFloats(x), denseFloats(w), bias == null ? null : denseFloats(bias), g,
                cpu(out).floats(), true);
        return out;
    }

    @Override
    public Tensor conv2dBackwardInput(Tensor gradOut, Tensor w, int[] inputShape, Conv2dOptions o) {
        Conv2dGeometry g = geometry(inputShape, w.shape(), o);
        Tensor out = convOutput(gradOut.dtype(), inputShape);
        if (gradOut.dtype() == DType.FLOAT32) {
            Conv2dKernels.backwardInput(denseFloats(gradOut), denseFloats(w), g, cpu(out).floats());
        } else {
            Conv2dReference.backwardInput(denseDoubles(gradOut), denseDoubles(w), g, cpu(out).doubles());
        }
        return out;
    }

    @Override
    public Tensor conv2dBackwardWeight(Tensor gradOut, Tensor x, int[] weightShape, Conv2dOptions o) {
        Conv2dGeometry g = geometry(x.shape(), weightShape, o);
        Tensor out = convOutput(gradOut.dtype(), weightShape);
        if (gradOut.dtype() == DType.FLOAT32) {
            Conv2dKernels.backwardWeight(denseFloats(gradOut), denseFloats(x), g, cpu(out).floats());
        } else {
            Conv2dReference.backwardWeight(denseDoubles(gradOut), denseDoubles(x), g, cpu(out).doubles());
        }
        return out;
    }

    // ---------------------------------------------------------------- batch norm

    @Override
    public BatchNormResult batchNormTraining(Tensor x, Tensor gamma, Tensor beta, double eps) {
        return batchNorm(x, gamma, beta, eps, false);
    }

    /** Batch norm and SiLU fused for float32 (one pass writes the output); float64 composes the two ops. */
    @Override
    public boolean fusesBatchNormSilu() {
        return true;
    }

    /**
     * Fused where a channel's feature map holds at least {@value #FUSED_MIN_PLANE} values: on smaller maps the
     * per-run vector tails cost more than the passes that fusion saves (measured on EfficientNet-B0's 7 x 4 and
     * 4 x 2 maps), and the separate ops run over whole tensors instead.
     */
    @Override
    public boolean fusesBatchNormSilu(int[] shape) {
        return shape.length == 4 && shape[2] * shape[3] >= FUSED_MIN_PLANE;
    }

    @Override
    public BatchNormResult batchNormSiluTraining(Tensor x, Tensor gamma, Tensor beta, double eps) {
        return x.dtype() == DType.FLOAT32 ? batchNorm(x, gamma, beta, eps, true)
                : Backend.super.batchNormSiluTraining(x, gamma, beta, eps);
    }

    private BatchNormResult batchNorm(Tensor x, Tensor gamma, Tensor beta, double eps, boolean silu) {
        int[] s = x.shape();
        int c = s[1];
        int hw = s[2] * s[3];
        double[] mean = new double[c];
        double[] invStd = new double[c];
        double[] variance = new double[c];
        Tensor y = overwritten(x.dtype(), s);
        if (x.dtype() == DType.FLOAT32) {
            BatchNormKernels.forward(denseFloats(x), denseFloats(gamma), denseFloats(beta), s[0], c, hw, eps, silu,
                    cpu(y).floats(), mean, invStd, variance);
        } else {
            BatchNormKernels.forward(denseDoubles(x), denseDoubles(gamma), denseDoubles(beta), s[0], c, hw, eps,
                    cpu(y).doubles(), mean, invStd, variance);
        }
        int[] cs = {c};
        return new BatchNormResult(y, fromDoubles(x.dtype(), mean, cs), fromDoubles(x.dtype(), invStd, cs),
                fromDoubles(x.dtype(), variance, cs));
    }

    @Override
    public BatchNormGrads batchNormBackward(Tensor gradOut, Tensor x, Tensor mean, Tensor invStd, Tensor gamma) {
        int[] s = x.shape();
        int c = s[1];
        int hw = s[2] * s[3];
        double[] dGamma = new double[c];
        double[] dBeta = new double[c];
        Tensor dx = overwritten(x.dtype(), s);
        if (x.dtype() == DType.FLOAT32) {
            BatchNormKernels.backward(denseFloats(gradOut), denseFloats(x), denseDoubles(mean), denseDoubles(invStd),
                    denseFloats(gamma), s[0], c, hw, cpu(dx).floats(), dGamma, dBeta);
        } else {
            BatchNormKernels.backward(denseDoubles(gradOut), denseDoubles(x), denseDoubles(mean), denseDoubles(invStd),
                    denseDoubles(gamma), s[0], c, hw, cpu(dx).doubles(), dGamma, dBeta);
        }
        int[] cs = {c};
        return new BatchNormGrads(dx, fromDoubles(x.dtype(), dGamma, cs), fromDoubles(x.dtype(), dBeta, cs));
    }

    @Override
    public BatchNormGrads batchNormSiluBackward(Tensor gradOut, Tensor x, Tensor mean, Tensor invStd, Tensor gamma,
            Tensor beta) {
        if (x.dtype() != DType.FLOAT32) {
            return Backend.super.batchNormSiluBackward(gradOut, x, mean, invStd, gamma, beta);
        }
        int[] s = x.shape();
        int c = s[1];
        double[] dGamma = new double[c];
        double[] dBeta = new double[c];
        Tensor dx = overwritten(x.dtype(), s);
        BatchNormKernels.backwardSilu(denseFloats(gradOut), denseFloats(x), denseDoubles(mean), denseDoubles(invStd),
                denseFloats(gamma), denseFloats(beta), s[0], c, s[2] * s[3], cpu(dx).floats(), dGamma, dBeta);
        int[] cs = {c};
        return new BatchNormGrads(dx, fromDoubles(DType.FLOAT32, dGamma, cs), fromDoubles(DType.FLOAT32, dBeta, cs));
    }

    /**
     * float32: the plane means and the gated input in one pass each ({@link SqueezeExcitationKernels}); the two
     * 1x1 convolutions on the pooled [N, C, 1, 1] are the composition's.
     */
    @Override
    public SqueezeExcitationResult squeezeExcitation(Tensor x, Tensor w1, Tensor b1, Tensor w2, Tensor b2) {
        if (x.dtype() != DType.FLOAT32) {
            return Backend.super.squeezeExcitation(x, w1, b1, w2, b2);
        }
        int[] s = x.shape();
        int n = s[0];
        int c = s[1];
        int hw = s[2] * s[3];
        float[] xs = denseFloats(x);
        Tensor pooled = overwritten(DType.FLOAT32, new int[] {n, c, 1, 1});
        SqueezeExcitationKernels.planeMeans(xs, n * c, hw, cpu(pooled).floats());
        // 1x1 convolutions of [N, C, 1, 1]: plain products (Conv2dKernels)
        Conv2dOptions o = Conv2dOptions.defaults();
        Tensor z1 = pooled.conv2d(w1, b1, o);
        Tensor hidden = z1.silu();
        Tensor gate = hidden.conv2d(w2, b2, o).sigmoid();
        Tensor y = overwritten(DType.FLOAT32, s);
        SqueezeExcitationKernels.planeScale(xs, denseFloats(gate), n * c, hw, cpu(y).floats());
        return new SqueezeExcitationResult(y, pooled, z1, hidden, gate);
    }

    /**
     * float32: the composition's small middle part (two 1x1 convolutions on [N, C, 1, 1]) as it is, and its two
     * passes over whole activations fused ({@link SqueezeExcitationKernels}).
     */
    @Override
    public SqueezeExcitationGrads squeezeExcitationBackward(Tensor gradOut, Tensor x, SqueezeExcitationResult forward,
            Tensor w1, Tensor w2) {
        if (x.dtype() != DType.FLOAT32 || gradOut.dtype() != DType.FLOAT32) {
            return Backend.super.squeezeExcitationBackward(gradOut, x, forward, w1, w2);
        }
        int[] s = x.shape();
        int planes = s[0] * s[1];
        int hw = s[2] * s[3];
        float[] g = denseFloats(gradOut);
        Tensor dots = overwritten(DType.FLOAT32, forward.gate().shape());
        SqueezeExcitationKernels.planeDots(g, denseFloats(x), planes, hw, cpu(dots).floats());
        Conv2dOptions o = Conv2dOptions.defaults();
        Tensor gate = forward.gate();
        Tensor dz2 = dots.apply(BinaryOp.SIGMOID_BACKWARD, gate);
        Tensor dz1 = dz2.conv2dBackwardInput(w2, forward.hidden().shape(), o).apply(BinaryOp.SILU_BACKWARD,
                forward.z1());
        Tensor shift = dz1.conv2dBackwardInput(w1, forward.pooled().shape(), o).div((double) hw);
        Tensor dx = overwritten(DType.FLOAT32, s);
        SqueezeExcitationKernels.planeAffine(g, denseFloats(gate), denseFloats(shift), planes, hw, cpu(dx).floats());
        return new SqueezeExcitationGrads(dx, dz1.conv2dBackwardWeight(forward.pooled(), w1.shape(), o),
                dz1.sum(false, 0, 2, 3), dz2.conv2dBackwardWeight(forward.hidden(), w2.shape(), o),
                dz2.sum(false, 0, 2, 3));
    }

    // ---------------------------------------------------------------- pooling

    @Override
    public Tensor pool2d(Tensor x, Pool2dOptions o, boolean max) {
        int[] s = x.shape();
        int[] outShape = {s[0], s[1], o.outH(s[2]), o.outW(s[3])};
        double[] y = new double[Shape.size(outShape)];
        PoolKernels.forward(denseDoubles(x), s, o, max, y);
        return fromDoubles(x.dtype(), y, outShape);
    }

    @Override
    public Tensor pool2dBackward(Tensor gradOut, Tensor x, Pool2dOptions o, boolean max) {
        int[] s = x.shape();
        double[] dx = new double[x.size()];
        PoolKernels.backward(denseDoubles(gradOut), denseDoubles(x), s, o, max, dx);
        return fromDoubles(x.dtype(), dx, s);
    }
}

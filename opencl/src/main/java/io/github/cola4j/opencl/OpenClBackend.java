package io.github.cola4j.opencl;

import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import io.github.cola4j.tensor.AdamCoefficients;
import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.BatchNormGrads;
import io.github.cola4j.tensor.BatchNormResult;
import io.github.cola4j.tensor.BinaryOp;
import io.github.cola4j.tensor.Conv2dOptions;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.LossAndGrad;
import io.github.cola4j.tensor.Pool2dOptions;
import io.github.cola4j.tensor.ReduceOp;
import io.github.cola4j.tensor.Shape;
import io.github.cola4j.tensor.SqueezeExcitationGrads;
import io.github.cola4j.tensor.SqueezeExcitationResult;
import io.github.cola4j.tensor.Storage;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.TensorException;
import io.github.cola4j.tensor.UnaryOp;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs tensor ops on one OpenCL device through Aparapi, with float32 tensors resident on the device.
 *
 * <p>All float32 tensors of a backend live in one device arena, the array field of a single {@link DeviceKernel}
 * (explicit buffer mode): each op is a launch of that kernel with the op chosen by a field, reading and writing
 * arena offsets, so results stay on the device until a caller reads them ({@link Tensor#toFloatArray}). Uploads
 * and downloads move only the tensor's own elements through a staging array. Storage returns to the arena when
 * its tensors are garbage collected; {@link #close()} releases the device memory and the kernel.
 *
 * <p>float64 tensors (gradient checking) are kept on the host and their ops run on the CPU backend; they are
 * never sent to the device. The few edge cases without a device kernel copy their inputs to the CPU backend and
 * the result back; {@link #stats()} counts these host round trips per op.
 *
 * <p>This class holds the backend's state and its {@link Backend} methods; the work is split by job: device
 * discovery and the self-test ({@code DeviceDiscovery}), launches ({@code Launcher}), their counters
 * ({@code LaunchStats}), the arena ({@code DeviceMemory}), transfers ({@code Transfers}), and each kernel family's
 * host code next to its kernel ({@code CopyOps}, {@code ElementwiseOps}, {@code ReductionOps}, {@code GemmOps},
 * {@code WindowOps}, {@code BatchNormOps}, {@code TrainingOps}).
 *
 * <p>Every launch checks that Aparapi really ran it on OpenCL: a fall back to its Java thread pool raises
 * {@link OpenClUnavailableException} instead of running silently. The backend is thread-safe (one lock).
 */
public final class OpenClBackend implements Backend {
    private static final Logger LOG = System.getLogger("io.github.cola4j");
    /** Initial arena size in floats; 4M floats (16 MiB) is a humongous object for G1, so the GC never moves it. */
    public static final String ARENA_PROPERTY = "cola4j.opencl.arenaFloats";
    private static final int DEFAULT_ARENA = 1 << 22;
    /** Arena size (floats) from which a nearly full arena runs the GC before growing. */
    public static final String COLLECT_PROPERTY = "cola4j.opencl.arenaCollectFloats";
    private static final int MAX_ARENA = Integer.MAX_VALUE - 64;
    /** The CPU backend that float64 tensors and the host fallbacks run on. */
    static final Backend CPU = Backends.cpu();

    private final OpenCLDevice device;
    /** Whether the device is a CPU (PoCL): some ops then use kernels written for CPU devices. */
    final boolean cpuDevice;
    /** The largest arena, in floats, the device and Java allow; tests lower it to reach the limit. */
    long maxArenaFloats;
    private final DeviceKernel k;
    private final String name;
    private boolean closed;
    private boolean disposed;

    /** The backend's counters. */
    final LaunchStats stats = new LaunchStats();
    /** Launches of the kernel. */
    final Launcher launcher;
    /** The arena's ranges. */
    final DeviceMemory memory;
    /** Uploads and downloads. */
    final Transfers transfers;
    private final CopyOps copies;
    private final ElementwiseOps elementwise;
    private final SqueezeExcitationOps squeezeExcitation;
    private final ReductionOps reductions;
    /** The SGEMM's host code, which the convolutions use too. */
    final GemmOps gemms;
    private final WindowOps windows;
    private final BatchNormOps batchNorms;
    private final TrainingOps training;

    private OpenClBackend(OpenCLDevice device, int arenaFloats) {
        this.device = device;
        this.cpuDevice = device.getType() == Device.TYPE.CPU;
        // one device buffer holds the arena: the device caps its size, and Java arrays cap it below 2^31 floats
        long deviceMax = device.getMaxMemAllocSize() / Float.BYTES;
        this.maxArenaFloats = deviceMax > 0 ? Math.min(MAX_ARENA, deviceMax) : MAX_ARENA;
        this.k = new DeviceKernel(arenaFloats);
        this.k.setExplicit(true);
        this.name = "opencl:" + device.getName().trim();
        this.launcher = new Launcher(device, k, stats);
        this.memory = new DeviceMemory(this, k, stats, Integer.getInteger(COLLECT_PROPERTY, 1 << 26));
        this.transfers = new Transfers(this, launcher, stats);
        this.copies = new CopyOps(this, launcher);
        this.elementwise = new ElementwiseOps(this, launcher);
        this.squeezeExcitation = new SqueezeExcitationOps(this, launcher);
        this.reductions = new ReductionOps(this, launcher);
        this.gemms = new GemmOps(this, launcher);
        this.windows = new WindowOps(this, launcher);
        this.batchNorms = new BatchNormOps(this, launcher);
        this.training = new TrainingOps(this, launcher);
    }

    // ---------------------------------------------------------------- creation

    /**
     * A backend on the first OpenCL device found (GPUs first; only GPUs when {@code gpuOnly}) whose name contains
     * {@code deviceFilter} (any device when null or empty). Builds the kernels and checks them on a small
     * example before returning.
     *
     * @param gpuOnly only consider GPU devices
     * @param deviceFilter part of the device name to look for, case-insensitive; null or empty for any device
     * @return a ready backend holding the device's kernel and arena until {@link #close()}
     * @throws OpenClUnavailableException naming the reason when there is no usable device
     */
    public static OpenClBackend create(boolean gpuOnly, String deviceFilter) {
        OpenCLDevice chosen = DeviceDiscovery.choose(gpuOnly, deviceFilter);
        OpenClBackend b = new OpenClBackend(chosen, Integer.getInteger(ARENA_PROPERTY, DEFAULT_ARENA));
        try {
            DeviceDiscovery.selfTest(b, chosen);
        } catch (RuntimeException | LinkageError e) {
            b.close();
            if (e instanceof OpenClUnavailableException u) {
                throw u;
            }
            throw new OpenClUnavailableException("the OpenCL kernels failed on " + chosen.getName().trim() + ": " + e, e);
        }
        return b;
    }

    /**
     * OpenCL devices Aparapi can see, GPUs first.
     *
     * @param gpuOnly list GPU devices only
     * @return the devices, empty when the OpenCL library cannot be loaded or there are none
     */
    public static List<OpenCLDevice> devices(boolean gpuOnly) {
        return DeviceDiscovery.devices(gpuOnly);
    }

    // ---------------------------------------------------------------- identity and statistics

    @Override
    public String name() {
        return name;
    }

    /**
     * The OpenCL device, for logs.
     *
     * @return its type, name, platform and global memory, such as {@code "GPU NVIDIA H100 (NVIDIA CUDA, 81008 MiB)"}
     */
    public String deviceDescription() {
        return device.getType() + " " + device.getName().trim() + " (" + device.getOpenCLPlatform().getName().trim()
                + ", " + device.getGlobalMemSize() / (1 << 20) + " MiB)";
    }

    /**
     * What the backend did so far: launches, host-device transfers (counted by this backend, which issues every
     * {@code put}/{@code get}), float64 ops run on the host, per op the host round trips of ops that have
     * no device kernel yet, the arena's size, use and growths (each growth is one download and one upload
     * of the whole arena, counted in the transfers too), and the launches per device kernel (by name, such as
     * {@code "gemm"} or {@code "adam"}; kernels not launched yet are left out) with the wall time spent in them
     * (each launch returns when its kernel has finished, so this is kernel time plus launch overhead).
     *
     * @param launches kernel launches, transfers included
     * @param uploads host-to-device transfers of tensor data
     * @param uploadedFloats floats moved by the uploads
     * @param downloads device-to-host transfers of tensor data
     * @param downloadedFloats floats moved by the downloads
     * @param hostOps ops on float64 tensors, which stay on the host and run on the CPU backend
     * @param roundTrips per op name, the calls that copied device inputs to the host and the result back
     * @param arenaFloats the device arena's size, in floats
     * @param arenaUsedFloats floats of the arena held by live tensors
     * @param arenaGrowths times the arena grew (each a download and an upload of the whole arena)
     * @param launchesByKernel per kernel name, its launches
     * @param nanosByKernel per kernel name, the wall time spent in its launches, in nanoseconds
     * @param flopsByKernel per kernel name, the floating-point operations of its launches, counted by the host
     *     code from each launch's sizes (a multiply-add counts two, exp or log one)
     * @param bytesByKernel per kernel name, the bytes its launches read and write in device memory, each distinct
     *     element of each operand once per launch (the compulsory traffic; re-reads a cache serves are left out)
     */
    public record Stats(long launches, long uploads, long uploadedFloats, long downloads, long downloadedFloats,
            long hostOps, Map<String, Long> roundTrips, long arenaFloats, long arenaUsedFloats, long arenaGrowths,
            Map<String, Long> launchesByKernel, Map<String, Long> nanosByKernel, Map<String, Long> flopsByKernel,
            Map<String, Long> bytesByKernel) {
        /**
         * Host round trips summed over all ops.
         *
         * @return the sum of {@link #roundTrips()}' counts
         */
        public long totalRoundTrips() {
            long t = 0;
            for (long v : roundTrips.values()) {
                t += v;
            }
            return t;
        }
    }

    /**
     * A snapshot of the counters so far.
     *
     * @return the counters since the backend was created; later work does not change the snapshot
     */
    public synchronized Stats stats() {
        return stats.snapshot(memory.arena);
    }

    // ---------------------------------------------------------------- helpers of the op families

    private void checkOpen() {
        if (closed || launcher.failed()) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    /** A new float32 arena range of {@code size} floats, contents undefined. */
    OpenClStorage newDevice(int size) {
        checkOpen();
        return memory.allocate(size);
    }

    /** Returns a storage's range to the arena now ({@link OpenClStorage#release()}). */
    synchronized void release(OpenClStorage s) {
        memory.release(s);
    }

    private static OpenClStorage st(Tensor t) {
        return (OpenClStorage) t.storage();
    }

    /** The arena offset of {@code t}'s first element; fails naming the shape when its storage was released. */
    int off(Tensor t) {
        OpenClStorage s = st(t);
        if (s.isReleased()) {
            throw new IllegalStateException(name + ": a tensor of shape " + Arrays.toString(t.shape())
                    + " is used after its storage was released");
        }
        return s.base + t.offset();
    }

    /** A new dense device tensor of {@code shape}, contents undefined. */
    Tensor output(int... shape) {
        return Tensor.wrap(newDevice(Shape.size(shape)), shape);
    }

    static boolean onDevice(Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null && !st(t).onDevice()) {
                return false;
            }
        }
        return true;
    }

    /** A CPU tensor with the values of {@code t}: a view of host storage, or a download. */
    Tensor toCpu(Tensor t) {
        OpenClStorage s = st(t);
        if (!s.onDevice()) {
            return new Tensor(s.host, t.shape(), t.strides(), t.offset());
        }
        return Tensor.wrap(CPU.fromHost(DType.FLOAT32, transfers.download(t)), t.shape());
    }

    /** A tensor of this backend holding a CPU tensor's values: float32 uploaded, float64 wrapped. */
    Tensor fromCpu(Tensor c) {
        if (c.dtype() == DType.FLOAT64) {
            return new Tensor(new OpenClStorage(this, c.storage()), c.shape(), c.strides(), c.offset());
        }
        return Tensor.wrap(fromHost(DType.FLOAT32, CPU.toFloatArray(c)), c.shape());
    }

    /**
     * Runs an op on the CPU backend: inputs go to the host, results come back. Counts a host round trip for
     * {@code op} when an input was on the device, else (all float64) a host op.
     */
    Tensor[] onCpu(String op, Function<Tensor[], Tensor[]> f, Tensor... inputs) {
        boolean device = false;
        Tensor[] c = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null) {
                device |= st(inputs[i]).onDevice();
                c[i] = toCpu(inputs[i]);
            }
        }
        if (device) {
            if (stats.roundTrip(op)) {
                LOG.log(Level.DEBUG, () -> name + ": " + op + " has no device kernel; it runs on the CPU with a host round trip");
            }
        } else {
            stats.hostOp();
        }
        Tensor[] r = f.apply(c);
        Tensor[] out = new Tensor[r.length];
        for (int i = 0; i < r.length; i++) {
            out[i] = fromCpu(r[i]);
        }
        return out;
    }

    /** A dense float32 device tensor with x's values: x itself when it already is one. */
    Tensor dense(Tensor x) {
        return x.isContiguous() ? x : copy(x, DType.FLOAT32);
    }

    // ---------------------------------------------------------------- storage

    @Override
    public synchronized Storage allocate(DType dtype, int size) {
        if (dtype == DType.FLOAT64) {
            return new OpenClStorage(this, CPU.allocate(dtype, size));
        }
        OpenClStorage s = newDevice(size);
        if (size > 0) {
            k.copyArgs(size, 0, s.base);
            k.setFillValue(0f);
            launcher.launch(DeviceKernel.OP_FILL, launcher.range1(size), 0, Launcher.bytes(size));
        }
        return s;
    }

    /** Device float32 storage skips the fill launch: the caller writes every element before reading any. */
    @Override
    public synchronized Storage allocateForOverwrite(DType dtype, int size) {
        if (dtype == DType.FLOAT64) {
            return allocate(dtype, size);
        }
        return newDevice(size);
    }

    @Override
    public synchronized Storage fromHost(DType dtype, double[] values) {
        if (dtype == DType.FLOAT64) {
            return new OpenClStorage(this, CPU.fromHost(dtype, values));
        }
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        OpenClStorage s = newDevice(f.length);
        transfers.upload(f, s.base);
        return s;
    }

    @Override
    public synchronized Storage fromHost(DType dtype, float[] values) {
        if (dtype == DType.FLOAT64) {
            return new OpenClStorage(this, CPU.fromHost(dtype, values));
        }
        OpenClStorage s = newDevice(values.length);
        transfers.upload(values.clone(), s.base);
        return s;
    }

    @Override
    public synchronized float[] toFloatArray(Tensor x) {
        checkOpen();
        return onDevice(x) ? transfers.download(x) : CPU.toFloatArray(toCpu(x));
    }

    @Override
    public synchronized double[] toDoubleArray(Tensor x) {
        checkOpen();
        if (!onDevice(x)) {
            return CPU.toDoubleArray(toCpu(x));
        }
        float[] f = transfers.download(x);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    // ---------------------------------------------------------------- copies

    /**
     * The same elements in the same order described with fewer axes: see {@link CopyOps#collapse}.
     *
     * @throws TensorException when more than {@link DeviceKernel#MAX_RANK} axes remain, naming the shape
     */
    static int[][] collapse(int[] shape, int[]... strides) {
        return CopyOps.collapse(shape, strides);
    }

    @Override
    public synchronized Tensor copy(Tensor x, DType dtype) {
        checkOpen();
        return copies.copy(x, dtype);
    }

    @Override
    public synchronized void assign(Tensor target, Tensor source) {
        checkOpen();
        copies.assign(target, source);
    }

    @Override
    public synchronized Tensor concat(List<Tensor> parts, int axis, int[] outShape) {
        checkOpen();
        return copies.concat(parts, axis, outShape);
    }

    // ---------------------------------------------------------------- element-wise

    @Override
    public synchronized Tensor unary(UnaryOp op, Tensor x, double p, double q) {
        checkOpen();
        return elementwise.unary(op, x, p, q);
    }

    /** See {@link ElementwiseOps#simpleIndexing}. */
    static int[] simpleIndexing(Tensor t, int[] outShape) {
        return ElementwiseOps.simpleIndexing(t, outShape);
    }

    @Override
    public synchronized Tensor binary(BinaryOp op, Tensor a, Tensor b, int[] outShape) {
        checkOpen();
        return elementwise.binary(op, a, b, outShape);
    }

    /** One launch when all are float32 device tensors and b broadcasts as one run of axes; the composition else. */
    @Override
    public synchronized Tensor multiplyAdd(Tensor a, Tensor b, Tensor c) {
        checkOpen();
        Tensor r = elementwise.multiplyAdd(a, b, c);
        return r != null ? r : Backend.super.multiplyAdd(a, b, c);
    }

    /**
     * One launch on planes of at most 64 values, three on larger ones, when
     * the inputs fit the kernels; the interface's composition otherwise.
     */
    @Override
    public synchronized SqueezeExcitationResult squeezeExcitation(Tensor x, Tensor w1, Tensor b1, Tensor w2,
            Tensor b2) {
        checkOpen();
        SqueezeExcitationResult r = squeezeExcitation.forward(x, w1, b1, w2, b2);
        return r != null ? r : Backend.super.squeezeExcitation(x, w1, b1, w2, b2);
    }

    /**
     * Two launches on planes of at most 64 values, four on larger ones, when
     * the inputs fit the kernels; the interface's composition otherwise.
     */
    @Override
    public synchronized SqueezeExcitationGrads squeezeExcitationBackward(Tensor gradOut, Tensor x,
            SqueezeExcitationResult forward, Tensor w1, Tensor w2) {
        checkOpen();
        SqueezeExcitationGrads r = squeezeExcitation.backward(gradOut, x, forward, w1, w2);
        return r != null ? r : Backend.super.squeezeExcitationBackward(gradOut, x, forward, w1, w2);
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public synchronized Tensor reduce(ReduceOp op, Tensor x, int[] axes) {
        checkOpen();
        return reductions.reduce(op, x, axes);
    }

    @Override
    public synchronized Tensor argmax(Tensor x, int axis) {
        checkOpen();
        return reductions.argmax(x, axis);
    }

    @Override
    public synchronized Tensor softmax(Tensor x, int axis, boolean log) {
        checkOpen();
        return reductions.softmax(x, axis, log);
    }

    // ---------------------------------------------------------------- matrix product

    /** {@link #gemmKernel}: pick by size. */
    static final int GEMM_AUTO = 0;
    /** {@link #gemmKernel}: always the 16 x 16 tiled kernel (one output per item). */
    static final int GEMM_TILED = 1;
    /** {@link #gemmKernel}: always the register-blocked kernel (64 x 64 per work group). */
    static final int GEMM_BLOCKED = 2;
    /**
     * {@link #gemmKernel}: the CPU-device kernels ({@link GemmCpuKernels}) wherever the strides allow, as on a CPU
     * device, else by size.
     */
    static final int GEMM_CPU = 3;
    /** {@link #gemmKernel}: the GPU kernels (by size) even on a CPU device. */
    static final int GEMM_GPU = 4;
    /**
     * Below this many rows or columns of C the 16 x 16 kernel is used: a 64 x 64 block would mostly compute
     * padding, and there are fewer work groups to spread over the device.
     */
    static final int GEMM_BLOCKED_MIN = 32;

    /** Which SGEMM kernel {@link GemmOps#gemm} launches; tests pin one to check both on every shape. */
    volatile int gemmKernel = GEMM_AUTO;

    /**
     * Whether {@link GemmOps#gemm} uses the CPU-device kernels where the operands' strides allow: on a CPU device
     * (PoCL) unless a test pins the GPU kernels, or when a test pins them.
     */
    boolean gemmCpu() {
        int kernel = gemmKernel;
        return kernel == GEMM_CPU || kernel == GEMM_AUTO && cpuDevice;
    }

    /** Whether {@link GemmOps#gemm} uses the register-blocked kernel for an m x n result (when not a CPU kernel). */
    boolean gemmBlocked(int m, int n) {
        if (gemmKernel == GEMM_TILED || gemmKernel == GEMM_BLOCKED) {
            return gemmKernel == GEMM_BLOCKED;
        }
        return m > GEMM_BLOCKED_MIN && n > GEMM_BLOCKED_MIN;
    }

    /** See {@link GemmOps#weightGradParts}. */
    static int weightGradParts(int samples, int outChannels, int inChannels, int targetGroups) {
        return GemmOps.weightGradParts(samples, outChannels, inChannels, targetGroups);
    }

    @Override
    public synchronized Tensor matmul(Tensor a, Tensor b) {
        checkOpen();
        return gemms.matmul(a, b);
    }

    // ---------------------------------------------------------------- convolution and pooling

    /** {@link #windowKernel}: the CPU-device kernels on a CPU device, else the others. */
    static final int WINDOW_AUTO = 0;
    /** {@link #windowKernel}: always the one-item-per-element (per weight group) kernels of {@link WindowKernels}. */
    static final int WINDOW_GPU = 1;
    /** {@link #windowKernel}: the CPU-device kernels of {@link WindowCpuKernels} wherever they apply. */
    static final int WINDOW_CPU = 2;

    /** Which direct-convolution kernels {@code WindowOps} launches; tests pin one to check both. */
    volatile int windowKernel = WINDOW_AUTO;

    /**
     * Whether {@code WindowOps} uses the CPU-device convolution kernels ({@link WindowCpuKernels}) where they apply
     * (one input channel per group).
     */
    boolean windowRows() {
        int kernel = windowKernel;
        return kernel == WINDOW_CPU || kernel == WINDOW_AUTO && cpuDevice;
    }

    @Override
    public synchronized Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dOptions o) {
        checkOpen();
        return windows.conv2d(x, w, bias, o);
    }

    @Override
    public synchronized Tensor conv2dBackwardInput(Tensor gradOut, Tensor w, int[] inputShape, Conv2dOptions o) {
        checkOpen();
        return windows.conv2dBackwardInput(gradOut, w, inputShape, o);
    }

    @Override
    public synchronized Tensor conv2dBackwardWeight(Tensor gradOut, Tensor x, int[] weightShape, Conv2dOptions o) {
        checkOpen();
        return windows.conv2dBackwardWeight(gradOut, x, weightShape, o);
    }

    /** One work item per output element. */
    @Override
    public synchronized Tensor pool2d(Tensor x, Pool2dOptions o, boolean max) {
        checkOpen();
        return windows.pool2d(x, o, max);
    }

    /** One work item per input element, visiting the windows that hold it (max recomputes each one's argmax). */
    @Override
    public synchronized Tensor pool2dBackward(Tensor gradOut, Tensor x, Pool2dOptions o, boolean max) {
        checkOpen();
        return windows.pool2dBackward(gradOut, x, o, max);
    }

    // ---------------------------------------------------------------- batch norm

    /**
     * Whether batch norm in training runs as two launches each way (the statistics over a work group per channel,
     * then a work item per element) instead of one (a work group per channel does both); tests set it to check
     * both. One launch is the default: on a device with many compute units and few channels the two launches may
     * be faster, as the element-wise pass then spreads over the whole device.
     */
    volatile boolean bnTwoPass;

    /**
     * Elements per work item of the one-launch updates over many tensors (Adam, scaleAll); 0 chooses by device:
     * {@value #CPU_SEGMENT_RUN} on a CPU device, where an item that walks a run finds its tensor once instead of
     * searching the segment table for every element, and 1 on a GPU. Tests pin other lengths to check them.
     */
    volatile int segmentRun;

    /** {@link #segmentRun} on CPU devices. */
    static final int CPU_SEGMENT_RUN = 4096;

    /** The elements per work item of Adam and scaleAll on this device (see {@link #segmentRun}). */
    int segmentRunLength() {
        int run = segmentRun;
        return run > 0 ? run : cpuDevice ? CPU_SEGMENT_RUN : 1;
    }

    /** {@link #bnKernel}: one work item per channel on a CPU device, else a work group per channel. */
    static final int BN_AUTO = 0;
    /** {@link #bnKernel}: always a work group per channel (local-memory reductions). */
    static final int BN_GPU = 1;
    /** {@link #bnKernel}: always one work item per channel ({@code bnForwardRows}, {@code bnBackwardRows}). */
    static final int BN_CPU = 2;

    /** Which one-launch batch-norm kernels {@code BatchNormOps} uses; tests pin one to check both. */
    volatile int bnKernel = BN_AUTO;

    /** Whether the one-launch batch norm runs one work item per channel (CPU devices, or pinned by a test). */
    boolean bnRows() {
        int kernel = bnKernel;
        return kernel == BN_CPU || kernel == BN_AUTO && cpuDevice;
    }

    @Override
    public synchronized BatchNormResult batchNormTraining(Tensor x, Tensor gamma, Tensor beta, double eps) {
        checkOpen();
        return batchNorms.batchNormTraining(x, gamma, beta, eps);
    }

    @Override
    public boolean fusesBatchNormSilu() {
        return true;
    }

    /** Batch norm and SiLU in the same element-wise pass after the statistics. */
    @Override
    public synchronized BatchNormResult batchNormSiluTraining(Tensor x, Tensor gamma, Tensor beta, double eps) {
        checkOpen();
        return batchNorms.batchNormSiluTraining(x, gamma, beta, eps);
    }

    @Override
    public synchronized BatchNormGrads batchNormBackward(Tensor gradOut, Tensor x, Tensor mean, Tensor invStd,
            Tensor gamma) {
        checkOpen();
        return batchNorms.batchNormBackward(gradOut, x, mean, invStd, gamma);
    }

    /** The SiLU gradient is applied on the fly in both passes of the batch-norm backward (no extra pass). */
    @Override
    public synchronized BatchNormGrads batchNormSiluBackward(Tensor gradOut, Tensor x, Tensor mean,
            Tensor invStd, Tensor gamma, Tensor beta) {
        checkOpen();
        return batchNorms.batchNormSiluBackward(gradOut, x, mean, invStd, gamma, beta);
    }

    /** One launch: each element normalised with its channel's running statistics and affine parameters. */
    @Override
    public synchronized Tensor batchNormInference(Tensor x, Tensor mean, Tensor var, Tensor gamma, Tensor beta,
            double eps) {
        checkOpen();
        return batchNorms.batchNormInference(x, mean, var, gamma, beta, eps);
    }

    /** The interface's composition of {@link #batchNormInference}, for inputs its kernel does not take. */
    Tensor compositeBatchNormInference(Tensor x, Tensor mean, Tensor var, Tensor gamma, Tensor beta, double eps) {
        return Backend.super.batchNormInference(x, mean, var, gamma, beta, eps);
    }

    /** One launch for both running statistics when all four are float32 device tensors, else the composition. */
    @Override
    public synchronized void batchNormRunningStats(Tensor runningMean, Tensor runningVar, Tensor mean,
            Tensor biasedVar, double momentum, double count) {
        checkOpen();
        batchNorms.batchNormRunningStats(runningMean, runningVar, mean, biasedVar, momentum, count);
    }

    /**
     * Batch norm's training forward (SiLU fused when asked) updates the running statistics in the same launch
     * when every tensor is a float32 device tensor; other inputs, and the two-launch kernels, take the composition.
     */
    @Override
    public synchronized BatchNormResult batchNormTrainingUpdating(Tensor x, Tensor gamma, Tensor beta, double eps,
            boolean silu, Tensor runningMean, Tensor runningVar, double momentum) {
        checkOpen();
        BatchNormResult r = batchNorms.batchNormTrainingUpdating(x, gamma, beta, eps, silu, runningMean, runningVar,
                momentum);
        return r != null ? r : Backend.super.batchNormTrainingUpdating(x, gamma, beta, eps, silu, runningMean,
                runningVar, momentum);
    }

    /** The interface's composition of {@link #batchNormRunningStats}, for inputs its kernel does not take. */
    void compositeBatchNormRunningStats(Tensor runningMean, Tensor runningVar, Tensor mean, Tensor biasedVar,
            double momentum, double count) {
        Backend.super.batchNormRunningStats(runningMean, runningVar, mean, biasedVar, momentum, count);
    }

    // ---------------------------------------------------------------- training-step ops

    /**
     * One launch updates every float32 parameter on the device: the kernel finds each element's parameter in a
     * segment table that travels like {@code meta}. Others (float64, non-contiguous) take the composition.
     */
    @Override
    public synchronized void adamUpdate(List<Tensor> params, List<Tensor> grads, List<Tensor> expAvg,
            List<Tensor> expAvgSq, long[] steps, AdamCoefficients c) {
        checkOpen();
        training.adamUpdate(params, grads, expAvg, expAvgSq, steps, c);
    }

    /** One launch over every float32 device tensor (the segment table maps each element to its tensor). */
    @Override
    public synchronized List<Tensor> scaleAll(List<Tensor> xs, double factor) {
        checkOpen();
        return training.scaleAll(xs, factor);
    }

    /**
     * One launch of partial sums (a work group per {@link DeviceKernel#SQ_CHUNK} elements of each float32 device
     * tensor) and one download of the partials, added in double here; other tensors take the composition.
     */
    @Override
    public synchronized double sumOfSquares(List<Tensor> xs) {
        checkOpen();
        return training.sumOfSquares(xs);
    }

    /** The interface's composition of {@link #sumOfSquares}, for tensors its kernel does not take. */
    double compositeSumOfSquares(List<Tensor> xs) {
        return Backend.super.sumOfSquares(xs);
    }

    /**
     * Softmax cross-entropy on the device: the labels go up as floats (N of them, the op's only transfer), one
     * launch with a work item per row writes the row's loss and gradient row, and one work group averages the
     * row losses into the 0-d loss, which stays on the device. float64 (host) logits run on the CPU backend.
     */
    @Override
    public synchronized LossAndGrad softmaxCrossEntropy(Tensor logits, int[] labels, double labelSmoothing) {
        checkOpen();
        return training.softmaxCrossEntropy(logits, labels, labelSmoothing);
    }

    /** The interface's composition of {@link #softmaxCrossEntropy}, for logits its kernels do not take. */
    LossAndGrad compositeSoftmaxCrossEntropy(Tensor logits, int[] labels, double labelSmoothing) {
        return Backend.super.softmaxCrossEntropy(logits, labels, labelSmoothing);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Releases the device buffers and the compiled kernel; tensors of this backend become unusable. */
    @Override
    public synchronized void close() {
        closed = true;
        if (!disposed) {
            disposed = true;
            k.dispose();
            memory.clear();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

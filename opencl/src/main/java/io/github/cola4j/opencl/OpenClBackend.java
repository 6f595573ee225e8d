package io.github.cola4j.opencl;

import com.aparapi.Range;
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
import io.github.cola4j.tensor.FusedOps;
import io.github.cola4j.tensor.LossAndGrad;
import io.github.cola4j.tensor.Pool2dOptions;
import io.github.cola4j.tensor.ReduceOp;
import io.github.cola4j.tensor.Shape;
import io.github.cola4j.tensor.Storage;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.TensorException;
import io.github.cola4j.tensor.UnaryOp;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.lang.ref.PhantomReference;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * never sent to the device. Ops without a device kernel yet (argmax, pooling windows) copy their inputs to the
 * CPU backend and the result back; {@link #stats()} counts these host round trips per op.
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
    private final int collectFrom = Integer.getInteger(COLLECT_PROPERTY, 1 << 26);
    private static final int MAX_ARENA = Integer.MAX_VALUE - 64;
    private static final Backend CPU = Backends.cpu();

    private final OpenCLDevice device;
    /** The largest arena, in floats, the device and Java allow; tests lower it to reach the limit. */
    long maxArenaFloats;
    private final DeviceKernel k;
    private final Arena arena;
    private final ReferenceQueue<OpenClStorage> released = new ReferenceQueue<>();
    private final Set<Slot> slots = new HashSet<>();
    private final String name;
    private boolean closed;
    private boolean disposed;

    private long launches;
    /** Launches per op code of {@link DeviceKernel}. */
    private final long[] launchesByOp = new long[DeviceKernel.OP_NAMES.length];
    /** Wall time spent in launches per op code (Aparapi's execute returns when the kernel has finished). */
    private final long[] nanosByOp = new long[DeviceKernel.OP_NAMES.length];
    private long uploads;
    private long uploadedFloats;
    private long downloads;
    private long downloadedFloats;
    private long hostOps;
    private long arenaGrowths;
    private final Map<String, Long> roundTrips = new TreeMap<>();
    private final Set<String> warnedRoundTrips = new HashSet<>();

    /** A live device allocation: returned to the arena when its storage is unreachable. */
    private static final class Slot extends PhantomReference<OpenClStorage> {
        final int base;
        final int size;

        Slot(OpenClStorage s, ReferenceQueue<OpenClStorage> q) {
            super(s, q);
            this.base = s.base;
            this.size = s.size();
        }
    }

    private OpenClBackend(OpenCLDevice device, int arenaFloats) {
        this.device = device;
        // one device buffer holds the arena: the device caps its size, and Java arrays cap it below 2^31 floats
        long deviceMax = device.getMaxMemAllocSize() / Float.BYTES;
        this.maxArenaFloats = deviceMax > 0 ? Math.min(MAX_ARENA, deviceMax) : MAX_ARENA;
        this.k = new DeviceKernel(arenaFloats);
        this.k.setExplicit(true);
        this.arena = new Arena(k.mem.length);
        this.name = "opencl:" + device.getName().trim();
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
        List<OpenCLDevice> found = devices(gpuOnly);
        OpenCLDevice chosen = null;
        for (OpenCLDevice d : found) {
            if (chosen == null && (deviceFilter == null || deviceFilter.isEmpty()
                    || d.getName().toLowerCase(Locale.ROOT).contains(deviceFilter.toLowerCase(Locale.ROOT)))) {
                chosen = d;
            }
        }
        if (chosen == null) {
            String what = gpuOnly ? "no OpenCL GPU" : "no OpenCL device";
            if (deviceFilter != null && !deviceFilter.isEmpty()) {
                what += " whose name contains '" + deviceFilter + "'";
            }
            throw new OpenClUnavailableException(what + " found" + (found.isEmpty() ? "" : " (devices: " + names(found) + ")"));
        }
        OpenClBackend b = new OpenClBackend(chosen, Integer.getInteger(ARENA_PROPERTY, DEFAULT_ARENA));
        try {
            b.selfTest();
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
        List<OpenCLDevice> r = new ArrayList<>();
        try {
            r.addAll(OpenCLDevice.listDevices(Device.TYPE.GPU));
            if (!gpuOnly) {
                r.addAll(OpenCLDevice.listDevices(Device.TYPE.ACC));
                r.addAll(OpenCLDevice.listDevices(Device.TYPE.CPU));
            }
        } catch (RuntimeException | LinkageError e) {
            throw new OpenClUnavailableException("the OpenCL library could not be loaded: " + e, e);
        }
        return r;
    }

    private static String names(List<OpenCLDevice> ds) {
        List<String> n = new ArrayList<>();
        for (OpenCLDevice d : ds) {
            n.add(d.getType() + " " + d.getName().trim());
        }
        return String.join(", ", n);
    }

    /** Compiles the program (first launch) and checks a few ops against known values. */
    private void selfTest() {
        Tensor a = Tensor.wrap(fromHost(DType.FLOAT32, new float[] {1, 2, 3, 4}), 2, 2);
        Tensor b = Tensor.wrap(fromHost(DType.FLOAT32, new float[] {5, 6, 7, 8}), 2, 2);
        float[] prod = matmul(a.reshape(1, 2, 2), b.reshape(1, 2, 2)).toFloatArray();
        float[] sum = binary(BinaryOp.ADD, a, b.t(), new int[] {2, 2}).toFloatArray();
        float[] want = {19, 22, 43, 50};
        float[] wantSum = {6, 9, 9, 12};
        if (!Arrays.equals(prod, want) || !Arrays.equals(sum, wantSum)) {
            throw new OpenClUnavailableException("the OpenCL kernels give wrong results on " + device.getName().trim()
                    + ": " + Arrays.toString(prod) + " " + Arrays.toString(sum));
        }
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
     */
    public record Stats(long launches, long uploads, long uploadedFloats, long downloads, long downloadedFloats,
            long hostOps, Map<String, Long> roundTrips, long arenaFloats, long arenaUsedFloats, long arenaGrowths,
            Map<String, Long> launchesByKernel, Map<String, Long> nanosByKernel) {
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
        return new Stats(launches, uploads, uploadedFloats, downloads, downloadedFloats, hostOps,
                Map.copyOf(roundTrips), arena.capacity(), arena.used(), arenaGrowths, byKernel(launchesByOp), byKernel(nanosByOp));
    }

    private Map<String, Long> byKernel(long[] perOp) {
        Map<String, Long> m = new TreeMap<>();
        for (int op = 0; op < perOp.length; op++) {
            if (launchesByOp[op] > 0) {
                m.put(DeviceKernel.OP_NAMES[op], perOp[op]);
            }
        }
        return m;
    }

    // ---------------------------------------------------------------- arena and transfers

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException(name + " is closed");
        }
    }

    private void drainReleased() {
        Reference<? extends OpenClStorage> r;
        while ((r = released.poll()) != null) {
            Slot s = (Slot) r;
            if (slots.remove(s)) {
                arena.release(s.base, s.size);
            }
        }
    }

    private OpenClStorage newDevice(int size) {
        checkOpen();
        drainReleased();
        int base = arena.allocate(size);
        double growAt = 0.9;
        if (base < 0 || (arena.used() > arena.capacity() * 0.9 && arena.capacity() >= collectFrom)) {
            // Unreachable tensors hold most of a full arena during training: collect them before growing (a
            // full collection costs tens of milliseconds, so small arenas just grow).
            if (base >= 0) {
                arena.release(base, size);
            }
            collectReleased();
            base = arena.allocate(size);
            // After a collection, grow when the live tensors fill three quarters of the arena, so that the
            // next collection is at least 15% of the arena's allocations away.
            growAt = 0.75;
        }
        if (base < 0 || arena.used() > arena.capacity() * growAt) {
            if (base >= 0) {
                arena.release(base, size);
            }
            grow(size);
            base = arena.allocate(size);
        }
        OpenClStorage s = new OpenClStorage(this, base, size);
        Slot slot = new Slot(s, released);
        slots.add(slot);
        s.slot = slot;
        return s;
    }

    /** Returns a storage's range to the arena now ({@link OpenClStorage#release()}). */
    synchronized void release(OpenClStorage s) {
        if (s.isReleased()) {
            return;
        }
        s.markReleased();
        Slot slot = (Slot) s.slot;
        if (slots.remove(slot)) {
            slot.clear();
            arena.release(slot.base, slot.size);
        }
    }

    /** Runs the garbage collector and returns the ranges of the storages it found unreachable to the arena. */
    private void collectReleased() {
        System.gc();
        try {
            // The reference handler thread enqueues what the collection found after it ends: wait for the
            // first, then take the rest until the queue stays empty for a few milliseconds.
            Reference<? extends OpenClStorage> r = released.remove(100);
            while (r != null) {
                Slot s = (Slot) r;
                if (slots.remove(s)) {
                    arena.release(s.base, s.size);
                }
                r = released.remove(5);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        drainReleased();
    }

    /** A bigger arena: the device contents come to the host once and go to a new device buffer. */
    private void grow(int size) {
        long want = Math.max((long) arena.capacity() * 2, (long) arena.capacity() + Arena.rounded(size));
        int cap = (int) Math.min(want, maxArenaFloats);
        if (cap - arena.capacity() < Arena.rounded(size)) {
            throw new TensorException(String.format(Locale.ROOT, "%s: out of device memory for a tensor of %d "
                    + "floats: the arena holds %d MB with %d MB in use, and one device buffer may hold at most %d MB",
                    name, size, mb(arena.capacity()), mb(arena.used()), mb(maxArenaFloats)));
        }
        float[] bigger;
        try {
            bigger = new float[cap];
        } catch (OutOfMemoryError e) {
            throw new TensorException(String.format(Locale.ROOT, "%s: the Java heap cannot hold the %d MB host copy "
                    + "of a grown device arena (Aparapi mirrors each device buffer in a Java array); give the JVM "
                    + "more heap with -Xmx (for ./cola4j: COLA4J_JAVA_OPTS=-Xmx...)", name, mb(cap)));
        }
        k.get(k.mem);
        arenaGrowths++;
        downloads++;
        downloadedFloats += k.mem.length;
        System.arraycopy(k.mem, 0, bigger, 0, k.mem.length);
        k.mem = bigger;
        k.put(bigger);
        uploads++;
        uploadedFloats += arena.capacity();
        LOG.log(Level.DEBUG, () -> name + ": arena grows to " + cap + " floats");
        arena.grow(cap);
    }

    private static long mb(long floats) {
        return floats * Float.BYTES >> 20;
    }

    private Range range1(int n) {
        int w = DeviceKernel.WIDTH;
        return Range.create(device, (n + w - 1) / w * w, w);
    }

    private Range groups(int count) {
        return Range.create(device, count * DeviceKernel.GROUP, DeviceKernel.GROUP);
    }

    private void launch(int op, Range range) {
        k.op = op;
        long t0 = System.nanoTime();
        k.execute(range);
        nanosByOp[op] += System.nanoTime() - t0;
        if (!k.isRunningCL()) {
            closed = true;
            throw new OpenClUnavailableException("Aparapi ran the kernel on " + k.getTargetDevice()
                    + " instead of OpenCL (the program did not build or the device failed); see Aparapi's log");
        }
        launches++;
        launchesByOp[op]++;
    }

    private void putMeta() {
        k.put(k.meta);
    }

    private void metaShape(int[] shape) {
        k.meta[0] = shape.length;
        System.arraycopy(shape, 0, k.meta, DeviceKernel.META_SHAPE, shape.length);
    }

    private void metaStrides(int slot, int[] strides) {
        System.arraycopy(strides, 0, k.meta, slot, strides.length);
    }

    private static OpenClStorage st(Tensor t) {
        return (OpenClStorage) t.storage();
    }

    private int off(Tensor t) {
        OpenClStorage s = st(t);
        if (s.isReleased()) {
            throw new IllegalStateException(name + ": a tensor of shape " + Arrays.toString(t.shape())
                    + " is used after its storage was released");
        }
        return s.base + t.offset();
    }

    private void upload(float[] values, int base) {
        if (values.length == 0) {
            return;
        }
        k.stage = values;
        k.put(values);
        k.copyArgs(values.length, 0, base);
        launch(DeviceKernel.OP_UPLOAD, range1(values.length));
        uploads++;
        uploadedFloats += values.length;
    }

    private float[] download(Tensor t) {
        int n = t.size();
        if (n == 0) {
            return new float[0];
        }
        float[] out = new float[n];
        int[][] c = collapse(t.shape(), t.strides());
        metaShape(c[0]);
        metaStrides(DeviceKernel.META_A, c[1]);
        putMeta();
        k.stage = out;
        k.copyArgs(n, off(t), 0);
        launch(DeviceKernel.OP_DOWNLOAD, range1(n));
        k.get(out);
        downloads++;
        downloadedFloats += n;
        return out;
    }

    private Tensor output(int... shape) {
        return Tensor.wrap(newDevice(Shape.size(shape)), shape);
    }

    private static boolean onDevice(Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null && !st(t).onDevice()) {
                return false;
            }
        }
        return true;
    }

    /** A CPU tensor with the values of {@code t}: a view of host storage, or a download. */
    private Tensor toCpu(Tensor t) {
        OpenClStorage s = st(t);
        if (!s.onDevice()) {
            return new Tensor(s.host, t.shape(), t.strides(), t.offset());
        }
        return Tensor.wrap(CPU.fromHost(DType.FLOAT32, download(t)), t.shape());
    }

    /** A tensor of this backend holding a CPU tensor's values: float32 uploaded, float64 wrapped. */
    private Tensor fromCpu(Tensor c) {
        if (c.dtype() == DType.FLOAT64) {
            return new Tensor(new OpenClStorage(this, c.storage()), c.shape(), c.strides(), c.offset());
        }
        return Tensor.wrap(fromHost(DType.FLOAT32, CPU.toFloatArray(c)), c.shape());
    }

    /**
     * Runs an op on the CPU backend: inputs go to the host, results come back. Counts a host round trip for
     * {@code op} when an input was on the device, else (all float64) a host op.
     */
    private Tensor[] onCpu(String op, Function<Tensor[], Tensor[]> f, Tensor... inputs) {
        boolean device = false;
        Tensor[] c = new Tensor[inputs.length];
        for (int i = 0; i < inputs.length; i++) {
            if (inputs[i] != null) {
                device |= st(inputs[i]).onDevice();
                c[i] = toCpu(inputs[i]);
            }
        }
        if (device) {
            roundTrips.merge(op, 1L, Long::sum);
            if (warnedRoundTrips.add(op)) {
                LOG.log(Level.DEBUG, () -> name + ": " + op + " has no device kernel; it runs on the CPU with a host round trip");
            }
        } else {
            hostOps++;
        }
        Tensor[] r = f.apply(c);
        Tensor[] out = new Tensor[r.length];
        for (int i = 0; i < r.length; i++) {
            out[i] = fromCpu(r[i]);
        }
        return out;
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
            k.fillValue = 0f;
            launch(DeviceKernel.OP_FILL, range1(size));
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
        upload(f, s.base);
        return s;
    }

    @Override
    public synchronized Storage fromHost(DType dtype, float[] values) {
        if (dtype == DType.FLOAT64) {
            return new OpenClStorage(this, CPU.fromHost(dtype, values));
        }
        OpenClStorage s = newDevice(values.length);
        upload(values.clone(), s.base);
        return s;
    }

    @Override
    public synchronized float[] toFloatArray(Tensor x) {
        checkOpen();
        return onDevice(x) ? download(x) : CPU.toFloatArray(toCpu(x));
    }

    @Override
    public synchronized double[] toDoubleArray(Tensor x) {
        checkOpen();
        if (!onDevice(x)) {
            return CPU.toDoubleArray(toCpu(x));
        }
        float[] f = download(x);
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    // ---------------------------------------------------------------- copies

    /**
     * The same elements in the same order described with fewer axes: axes of size 1 dropped and neighbours merged
     * where every operand steps over them as over one axis. Returns {shape, strides of each operand}; a tensor of
     * one element gives shape [1].
     *
     * @throws TensorException when more than {@link DeviceKernel#MAX_RANK} axes remain, naming the shape
     */
    static int[][] collapse(int[] shape, int[]... strides) {
        int r = shape.length;
        int[] cs = new int[r];
        int[][] cst = new int[strides.length][r];
        int k = 0;
        for (int d = r - 1; d >= 0; d--) {
            if (shape[d] == 1) {
                continue;
            }
            boolean merge = k > 0;
            for (int o = 0; o < strides.length && merge; o++) {
                merge = strides[o][d] == (long) cst[o][k - 1] * cs[k - 1];
            }
            if (merge) {
                cs[k - 1] *= shape[d];
            } else {
                cs[k] = shape[d];
                for (int o = 0; o < strides.length; o++) {
                    cst[o][k] = strides[o][d];
                }
                k++;
            }
        }
        if (k == 0) {
            int[][] one = new int[strides.length + 1][];
            one[0] = new int[] {1};
            for (int o = 0; o < strides.length; o++) {
                one[o + 1] = new int[] {1};
            }
            return one;
        }
        if (k > DeviceKernel.MAX_RANK) {
            throw TensorException.shapes("opencl", "a view that needs more than " + DeviceKernel.MAX_RANK
                    + " axes of strides cannot be copied on the device; make it contiguous on fewer axes", shape);
        }
        int[][] out = new int[strides.length + 1][k];
        for (int i = 0; i < k; i++) {
            out[0][i] = cs[k - 1 - i];
            for (int o = 0; o < strides.length; o++) {
                out[o + 1][i] = cst[o][k - 1 - i];
            }
        }
        return out;
    }

    /** Strided copy between two device views of one shape (any rank whose collapsed form has at most 8 axes). */
    private void copyInto(Tensor src, Tensor dst) {
        int n = src.size();
        if (n == 0) {
            return;
        }
        int[][] c = collapse(src.shape(), src.strides(), dst.strides());
        metaShape(c[0]);
        metaStrides(DeviceKernel.META_A, c[1]);
        metaStrides(DeviceKernel.META_C, c[2]);
        putMeta();
        k.copyArgs(n, off(src), off(dst));
        launch(DeviceKernel.OP_COPY, range1(n));
    }

    private static boolean fits(Tensor... ts) {
        for (Tensor t : ts) {
            if (t != null && t.rank() > DeviceKernel.MAX_RANK) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized Tensor copy(Tensor x, DType dtype) {
        checkOpen();
        if (onDevice(x) && dtype == DType.FLOAT32) {
            Tensor out = output(x.shape());
            copyInto(x, out);
            return out;
        }
        if (onDevice(x) && dtype == DType.FLOAT64) {
            // float64 lives on the host: this is a download, not a round trip
            return fromCpu(CPU.copy(toCpu(x), DType.FLOAT64));
        }
        return onCpu("copy", c -> new Tensor[] {CPU.copy(c[0], dtype)}, x)[0];
    }

    /** A dense float32 device tensor with x's values: x itself when it already is one. */
    private Tensor dense(Tensor x) {
        return x.isContiguous() ? x : copy(x, DType.FLOAT32);
    }

    @Override
    public synchronized void assign(Tensor target, Tensor source) {
        checkOpen();
        if (!Arrays.equals(target.shape(), source.shape())) {
            throw TensorException.shapes("assign", "shapes differ", target.shape(), source.shape());
        }
        if (!onDevice(target)) {
            CPU.assign(toCpu(target), toCpu(source));
            return;
        }
        Tensor src = source;
        if (!onDevice(src)) {
            src = Tensor.wrap(fromHost(DType.FLOAT32, CPU.toFloatArray(toCpu(src))), src.shape());
        } else if (src.storage() == target.storage()) {
            src = copy(src, DType.FLOAT32);
        }
        if (!fits(target)) {
            float[] v = download(src);
            Tensor c = Tensor.wrap(CPU.fromHost(DType.FLOAT32, v), src.shape());
            Tensor t = toCpu(target);
            CPU.assign(t, c);
            roundTrips.merge("assign", 1L, Long::sum);
            copyInto(fromCpu(t), target);
            return;
        }
        copyInto(src, target);
    }

    @Override
    public synchronized Tensor concat(List<Tensor> parts, int axis, int[] outShape) {
        checkOpen();
        Tensor[] ps = parts.toArray(new Tensor[0]);
        if (!onDevice(ps) || !fits(ps)) {
            return onCpu("concat", c -> new Tensor[] {CPU.concat(List.of(c), axis, outShape)}, ps)[0];
        }
        Tensor out = output(outShape);
        int at = 0;
        for (Tensor p : parts) {
            int len = p.dim(axis);
            copyInto(p, out.slice(axis, at, at + len));
            at += len;
        }
        return out;
    }

    // ---------------------------------------------------------------- element-wise

    @Override
    public synchronized Tensor unary(UnaryOp op, Tensor x, double p, double q) {
        checkOpen();
        if (!onDevice(x) || !fits(x)) {
            return onCpu("unary", c -> new Tensor[] {CPU.unary(op, c[0], p, q)}, x)[0];
        }
        Tensor in = dense(x);
        Tensor out = output(x.shape());
        int n = x.size();
        if (n > 0) {
            k.unaryOp = DeviceKernel.unaryCode(op);
            k.scalar1 = (float) p;
            k.scalar2 = (float) q;
            k.items = n;
            k.operandA = off(in);
            k.result = off(out);
            launch(DeviceKernel.OP_UNARY, range1(n));
        }
        return out;
    }

    /**
     * {div, mod} when operand {@code t}, broadcast to {@code outShape}, has its element for output i at
     * {@code off(t) + (i / div) % mod}: its non-broadcast axes are one run of axes, laid out row-major with no
     * gaps, and every other axis has stride 0 or size 1. Null otherwise (the general strided kernel then runs).
     */
    static int[] simpleIndexing(Tensor t, int[] outShape) {
        int[] st = t.strides();
        int r = outShape.length;
        if (st.length != r) {
            return null;
        }
        int lo = -1;
        int hi = -1;
        for (int d = 0; d < r; d++) {
            if (outShape[d] != 1 && st[d] != 0) {
                if (lo < 0) {
                    lo = d;
                }
                hi = d + 1;
            }
        }
        if (lo < 0) {
            return new int[] {1, 1};
        }
        long expected = 1;
        for (int d = hi - 1; d >= lo; d--) {
            if (outShape[d] != 1 && (st[d] == 0 || st[d] != expected)) {
                return null;
            }
            expected *= outShape[d];
        }
        long div = 1;
        for (int d = hi; d < r; d++) {
            div *= outShape[d];
        }
        return expected > Integer.MAX_VALUE || div > Integer.MAX_VALUE ? null : new int[] {(int) div, (int) expected};
    }

    @Override
    public synchronized Tensor binary(BinaryOp op, Tensor a, Tensor b, int[] outShape) {
        checkOpen();
        if (!onDevice(a, b) || !fits(a, b)) {
            return onCpu("binary", c -> new Tensor[] {CPU.binary(op, c[0], c[1], outShape)}, a, b)[0];
        }
        Tensor out = output(outShape);
        int n = Shape.size(outShape);
        int[] sa = n > 0 ? simpleIndexing(a, outShape) : null;
        int[] sb = n > 0 ? simpleIndexing(b, outShape) : null;
        if (sa != null && sb != null) {
            k.binaryOp = DeviceKernel.binaryCode(op);
            k.items = n;
            k.operandA = off(a);
            k.aDiv = sa[0];
            k.aMod = sa[1];
            k.operandB = off(b);
            k.bDiv = sb[0];
            k.bMod = sb[1];
            k.result = off(out);
            launch(DeviceKernel.OP_BINARY_SIMPLE, range1(n));
        } else if (n > 0) {
            metaShape(outShape);
            metaStrides(DeviceKernel.META_A, a.strides());
            metaStrides(DeviceKernel.META_B, b.strides());
            putMeta();
            k.binaryOp = DeviceKernel.binaryCode(op);
            k.items = n;
            k.operandA = off(a);
            k.operandB = off(b);
            k.result = off(out);
            launch(DeviceKernel.OP_BINARY, range1(n));
        }
        return out;
    }

    // ---------------------------------------------------------------- reductions

    @Override
    public synchronized Tensor reduce(ReduceOp op, Tensor x, int[] axes) {
        checkOpen();
        if (!onDevice(x) || !fits(x)) {
            return onCpu("reduce", c -> new Tensor[] {CPU.reduce(op, c[0], axes)}, x)[0];
        }
        int[] shape = x.shape();
        int[] strides = x.strides();
        boolean[] reduced = new boolean[shape.length];
        for (int a : axes) {
            reduced[a] = true;
        }
        int[] outShape = shape.clone();
        int nk = shape.length - axes.length;
        int[] keptDims = new int[nk];
        int[] keptStrides = new int[nk];
        int[] redDims = new int[axes.length];
        int[] redStrides = new int[axes.length];
        for (int i = 0, kk = 0, r = 0; i < shape.length; i++) {
            if (reduced[i]) {
                outShape[i] = 1;
                redDims[r] = shape[i];
                redStrides[r++] = strides[i];
            } else {
                keptDims[kk] = shape[i];
                keptStrides[kk++] = strides[i];
            }
        }
        int outputs = Shape.size(keptDims);
        int count = Shape.size(redDims);
        boolean small = count <= DeviceKernel.SMALL_REDUCTION;
        if (!small && (long) outputs * DeviceKernel.GROUP > Integer.MAX_VALUE / 2) {
            return onCpu("reduce", c -> new Tensor[] {CPU.reduce(op, c[0], axes)}, x)[0];
        }
        Tensor out = output(outShape);
        if (outputs == 0) {
            return out;
        }
        metaShape(keptDims);
        metaStrides(DeviceKernel.META_A, keptStrides);
        k.meta[DeviceKernel.META_RED_RANK] = redDims.length;
        System.arraycopy(redDims, 0, k.meta, DeviceKernel.META_RED_SHAPE, redDims.length);
        System.arraycopy(redStrides, 0, k.meta, DeviceKernel.META_RED_A, redStrides.length);
        putMeta();
        k.reduceOp = DeviceKernel.reduceCode(op);
        k.perOutput = count;
        k.reduceIn = off(x);
        k.reduceOut = off(out);
        if (small) {
            k.items = outputs;
            launch(DeviceKernel.OP_REDUCE_SMALL, range1(outputs));
        } else {
            launch(DeviceKernel.OP_REDUCE, groups(outputs));
        }
        return out;
    }

    @Override
    public synchronized Tensor argmax(Tensor x, int axis) {
        checkOpen();
        int len = x.dim(axis);
        if (!onDevice(x) || !fits(x) || len == 0 || len > (1 << 24)) {
            return onCpu("argmax", c -> new Tensor[] {CPU.argmax(c[0], axis)}, x)[0];
        }
        int[] outShape = x.shape();
        outShape[axis] = 1;
        Tensor in = dense(x);
        Tensor out = output(outShape);
        launchRows(DeviceKernel.OP_ARGMAX, in, out, len, innerSize(x.shape(), axis), out.size());
        Reference.reachabilityFence(in);
        return out;
    }

    /** Elements after {@code axis} in a row-major tensor of {@code shape}: the step between neighbours on it. */
    private static int innerSize(int[] shape, int axis) {
        int inner = 1;
        for (int i = axis + 1; i < shape.length; i++) {
            inner *= shape[i];
        }
        return inner;
    }

    /** A row kernel over dense {@code in} viewed as [rows / inner, len, inner], one work item per row. */
    private void launchRows(int op, Tensor in, Tensor out, int len, int inner, int rows) {
        if (rows > 0) {
            k.rowLength = len;
            k.rowInner = inner;
            k.items = rows;
            k.reduceIn = off(in);
            k.reduceOut = off(out);
            launch(op, range1(rows));
        }
    }

    @Override
    public synchronized Tensor softmax(Tensor x, int axis, boolean log) {
        checkOpen();
        if (!onDevice(x) || !fits(x)) {
            return onCpu("softmax", c -> new Tensor[] {CPU.softmax(c[0], axis, log)}, x)[0];
        }
        int[] s = x.shape();
        Tensor in = dense(x);
        Tensor out = output(s);
        int len = s[axis];
        k.logSoftmax = log ? 1 : 0;
        launchRows(DeviceKernel.OP_SOFTMAX, in, out, len, innerSize(s, axis), len == 0 ? 0 : x.size() / len);
        Reference.reachabilityFence(in);
        return out;
    }

    // ---------------------------------------------------------------- matrix product

    /** {@link #gemmKernel}: pick by size. */
    static final int GEMM_AUTO = 0;
    /** {@link #gemmKernel}: always the 16 x 16 tiled kernel (one output per item). */
    static final int GEMM_TILED = 1;
    /** {@link #gemmKernel}: always the register-blocked kernel (64 x 64 per work group). */
    static final int GEMM_BLOCKED = 2;
    /**
     * Below this many rows or columns of C the 16 x 16 kernel is used: a 64 x 64 block would mostly compute
     * padding, and there are fewer work groups to spread over the device.
     */
    static final int GEMM_BLOCKED_MIN = 32;

    /** Which SGEMM kernel {@link #gemm} launches; tests pin one to check both on every shape. */
    volatile int gemmKernel = GEMM_AUTO;

    /** Whether {@link #gemm} uses the register-blocked kernel for an m x n result. */
    boolean gemmBlocked(int m, int n) {
        if (gemmKernel != GEMM_AUTO) {
            return gemmKernel == GEMM_BLOCKED;
        }
        return m > GEMM_BLOCKED_MIN && n > GEMM_BLOCKED_MIN;
    }

    /**
     * out (dense [batch, m, n] at outOffset) = A @ B with element strides as in {@link DeviceKernel}; accumulates
     * into out when {@code accumulate}. Uses the register-blocked kernel when both m and n exceed
     * {@link #GEMM_BLOCKED_MIN}, else the 16 x 16 one.
     */
    private void gemm(int batch, int m, int kk, int n, int aOff, int sab, int sar, int sak, int bOff, int sbb,
            int sbk, int sbc, int outOffset, boolean accumulate) {
        gemm(batch, m, kk, n, aOff, sab, sar, sak, bOff, sbb, sbk, sbc, outOffset, accumulate, Math.max(kk, 1), 0, 0);
    }

    /** As below with an unsplit column axis and C dense [batch, m, n]. */
    private void gemm(int batch, int m, int kk, int n, int aOff, int sab, int sar, int sak, int bOff, int sbb,
            int sbk, int sbc, int outOffset, boolean accumulate, int kInner, int sakOuter, int sbkOuter) {
        gemm(batch, m, kk, n, aOff, sab, sar, sak, bOff, sbb, sbk, sbc, outOffset, accumulate, kInner, sakOuter,
                sbkOuter, Math.max(n, 1), 0, n, 0);
    }

    /**
     * The product with the k axis split as (k / kInner, k % kInner): the outer index steps A by {@code sakOuter}
     * and B by {@code sbkOuter}, the inner one by {@code sak} and {@code sbk}; and the column axis split as
     * (col / nInner, col % nInner): the outer index steps B by {@code sbcOuter} and C by {@code scOuter}, the
     * inner one B by {@code sbc} and C by 1, with C's rows {@code scRow} apart.
     */
    private void gemm(int batch, int m, int kk, int n, int aOff, int sab, int sar, int sak, int bOff, int sbb,
            int sbk, int sbc, int outOffset, boolean accumulate, int kInner, int sakOuter, int sbkOuter, int nInner,
            int sbcOuter, int scRow, int scOuter) {
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        k.gemmOperands(aOff, sab, sar, sak, bOff, sbb, sbk, sbc, outOffset, accumulate);
        k.gemmShape(m, kk, n, kInner, sakOuter, sbkOuter, nInner, sbcOuter, scRow, scOuter);
        int t = DeviceKernel.TILE;
        if (gemmBlocked(m, n)) {
            int bl = DeviceKernel.BLOCK;
            launch(DeviceKernel.OP_GEMM_BLOCKED,
                    Range.create3D(device, (n + bl - 1) / bl * t, (m + bl - 1) / bl * t, batch, t, t, 1));
        } else {
            launch(DeviceKernel.OP_GEMM,
                    Range.create3D(device, (n + t - 1) / t * t, (m + t - 1) / t * t, batch, t, t, 1));
        }
    }

    /**
     * Into how many groups of samples the pointwise weight gradient splits: a divisor of {@code samples}, 1 when
     * the O x C product alone has {@code targetGroups} work groups, more (bounded by the partials' memory) when it
     * has fewer.
     */
    static int weightGradParts(int samples, int outChannels, int inChannels, int targetGroups) {
        int t = DeviceKernel.TILE;
        long groups = (long) ((outChannels + t - 1) / t) * ((inChannels + t - 1) / t);
        long want = (targetGroups + groups - 1) / groups;
        // the partials hold parts x O x C floats: keep them within 4M floats
        long cap = Math.max(1, (4L << 20) / Math.max(1L, (long) outChannels * inChannels));
        int parts = (int) Math.min(samples, Math.min(want, cap));
        while (parts > 1 && samples % parts != 0) {
            parts--;
        }
        return Math.max(1, parts);
    }

    @Override
    public synchronized Tensor matmul(Tensor a, Tensor b) {
        checkOpen();
        if (!onDevice(a, b)) {
            return onCpu("matmul", c -> new Tensor[] {CPU.matmul(c[0], c[1])}, a, b)[0];
        }
        int nb = a.dim(0);
        int m = a.dim(1);
        int kk = a.dim(2);
        int n = b.dim(2);
        Tensor out = output(nb, m, n);
        int[] sa = a.strides();
        int[] sb = b.strides();
        gemm(nb, m, kk, n, off(a), sa[0], sa[1], sa[2], off(b), sb[0], sb[1], sb[2], off(out), false);
        return out;
    }

    // ---------------------------------------------------------------- convolution

    private static boolean pointwise(int[] w, Conv2dOptions o) {
        return w[2] == 1 && w[3] == 1 && o.groups() == 1 && o.strideH() == 1 && o.strideW() == 1
                && o.padH() == 0 && o.padW() == 0;
    }

    private void convGeometry(int[] x, int[] w, Conv2dOptions o, int outH, int outW) {
        k.window(x[2], x[3], outH, outW, w[2], w[3], o.strideH(), o.strideW(), o.padH(), o.padW());
        k.batch = x[0];
        k.inChannels = x[1];
        k.outChannels = w[0];
        k.dilationH = o.dilationH();
        k.dilationW = o.dilationW();
        k.groups = o.groups();
    }

    private static int outSize(int in, int kernel, int stride, int pad, int dil) {
        return (in + 2 * pad - dil * (kernel - 1) - 1) / stride + 1;
    }

    @Override
    public synchronized Tensor conv2d(Tensor x, Tensor w, Tensor bias, Conv2dOptions o) {
        checkOpen();
        if (!onDevice(x, w, bias)) {
            return onCpu("conv2d", c -> new Tensor[] {CPU.conv2d(c[0], c[1], c[2], o)}, x, w, bias)[0];
        }
        int[] xs = x.shape();
        int[] ws = w.shape();
        int oh = outSize(xs[2], ws[2], o.strideH(), o.padH(), o.dilationH());
        int ow = outSize(xs[3], ws[3], o.strideW(), o.padW(), o.dilationW());
        Tensor xd = dense(x);
        Tensor wd = dense(w);
        Tensor bd = bias == null ? null : dense(bias);
        Tensor out = output(xs[0], ws[0], oh, ow);
        if (pointwise(ws, o)) {
            int c = xs[1];
            int hw = xs[2] * xs[3];
            // out[n] (O x HW) = W (O x C) @ x[n] (C x HW)
            pointwiseProduct(xs[0], ws[0], c, hw, off(wd), c, 1, off(xd), off(out));
            if (bd != null) {
                int[] os = out.shape();
                Tensor withBias = binary(BinaryOp.ADD, out, bd.reshape(1, ws[0], 1, 1).expand(os), os);
                return withBias;
            }
            return out;
        }
        int n = out.size();
        if (n > 0) {
            convGeometry(xs, ws, o, oh, ow);
            k.windowX = off(xd);
            k.windowW = off(wd);
            k.windowOut = off(out);
            k.hasBias = bd == null ? 0 : 1;
            k.windowBias = bd == null ? 0 : off(bd);
            k.items = n;
            launch(DeviceKernel.OP_CONV, range1(n));
        }
        return out;
    }

    /**
     * out[n] (rows x HW) = A (rows x k) @ b[n] (k x HW) for n in [0, samples), with A the 1x1 weight (or its
     * transpose) at aOff with row stride {@code sar} and k stride {@code sak}, and b and out dense. The shape of the
     * product follows the images: on 1x1 images (squeeze-excite) it is one product with the samples as rows; on
     * images under 64 pixels one product whose columns are (sample, pixel), so that the blocked kernel gets full
     * blocks; otherwise one product per sample in a batched launch.
     */
    private void pointwiseProduct(int samples, int rows, int kk, int hw, int aOff, int sar, int sak, int bOff,
            int outOff) {
        if (hw == 1) {
            // out (N x rows) = b (N x k) @ A^T (k x rows)
            gemm(1, samples, kk, rows, bOff, 0, kk, 1, aOff, 0, sak, sar, outOff, false);
        } else if (hw < DeviceKernel.BLOCK && samples > 1) {
            gemm(1, rows, kk, samples * hw, aOff, 0, sar, sak, bOff, 0, hw, 1, outOff, false, Math.max(kk, 1), 0, 0,
                    hw, kk * hw, hw, rows * hw);
        } else {
            gemm(samples, rows, kk, hw, aOff, 0, sar, sak, bOff, kk * hw, hw, 1, outOff, false);
        }
    }

    @Override
    public synchronized Tensor conv2dBackwardInput(Tensor gradOut, Tensor w, int[] inputShape, Conv2dOptions o) {
        checkOpen();
        if (!onDevice(gradOut, w)) {
            return onCpu("conv2dBackwardInput",
                    c -> new Tensor[] {CPU.conv2dBackwardInput(c[0], c[1], inputShape, o)}, gradOut, w)[0];
        }
        int[] ws = w.shape();
        int[] gs = gradOut.shape();
        Tensor gd = dense(gradOut);
        Tensor wd = dense(w);
        Tensor dx = output(inputShape);
        if (pointwise(ws, o)) {
            int c = inputShape[1];
            int hw = inputShape[2] * inputShape[3];
            int oc = ws[0];
            // dx[n] (C x HW) = W^T (C x O) @ g[n] (O x HW)
            pointwiseProduct(inputShape[0], c, oc, hw, off(wd), 1, c, off(gd), off(dx));
            return dx;
        }
        int n = dx.size();
        if (n > 0) {
            convGeometry(inputShape, ws, o, gs[2], gs[3]);
            k.windowGrad = off(gd);
            k.windowW = off(wd);
            k.windowOut = off(dx);
            k.items = n;
            launch(DeviceKernel.OP_CONV_BACK_INPUT, range1(n));
        }
        return dx;
    }

    @Override
    public synchronized Tensor conv2dBackwardWeight(Tensor gradOut, Tensor x, int[] weightShape, Conv2dOptions o) {
        checkOpen();
        if (!onDevice(gradOut, x)) {
            return onCpu("conv2dBackwardWeight",
                    c -> new Tensor[] {CPU.conv2dBackwardWeight(c[0], c[1], weightShape, o)}, gradOut, x)[0];
        }
        int[] xs = x.shape();
        int[] gs = gradOut.shape();
        Tensor gd = dense(gradOut);
        Tensor xd = dense(x);
        Tensor dw = output(weightShape);
        if (pointwise(weightShape, o)) {
            int c = xs[1];
            int hw = xs[2] * xs[3];
            int oc = weightShape[0];
            // dW (O x C) = sum over samples n and pixels p of g[n, o, p] x[n, c, p]: one product whose k = (n, p)
            // runs over both. A GPU needs more work groups than a small O x C gives, so the samples split into
            // `parts` groups, each its own product into a partial [parts, O, C], summed by one reduction.
            int nb = xs[0];
            // four work groups per compute unit: 528 on a 132-unit GPU, 8 on a 2-core CPU device
            int parts = weightGradParts(nb, oc, c, 4 * Math.max(1, device.getMaxComputeUnits()));
            int per = nb / parts;
            if (parts == 1) {
                gemm(1, oc, nb * hw, c, off(gd), 0, hw, 1, off(xd), 0, 1, hw, off(dw), false, hw, oc * hw, c * hw);
                return dw;
            }
            Tensor partial = output(parts, oc, c);
            gemm(parts, oc, per * hw, c, off(gd), per * oc * hw, hw, 1, off(xd), per * c * hw, 1, hw, off(partial),
                    false, hw, oc * hw, c * hw);
            return reduce(ReduceOp.SUM, partial, new int[] {0}).reshape(weightShape);
        }
        int weights = dw.size();
        if (weights > 0) {
            if ((long) weights * DeviceKernel.GROUP > Integer.MAX_VALUE / 2) {
                return onCpu("conv2dBackwardWeight",
                        c -> new Tensor[] {CPU.conv2dBackwardWeight(c[0], c[1], weightShape, o)}, gradOut, x)[0];
            }
            convGeometry(xs, weightShape, o, gs[2], gs[3]);
            k.windowGrad = off(gd);
            k.windowX = off(xd);
            k.windowOut = off(dw);
            launch(DeviceKernel.OP_CONV_BACK_WEIGHT, groups(weights));
        }
        return dw;
    }

    // ---------------------------------------------------------------- windowed pooling

    private void poolGeometry(int[] xs, Pool2dOptions o, boolean max) {
        k.window(xs[2], xs[3], o.outH(xs[2]), o.outW(xs[3]), o.kernelH(), o.kernelW(), o.strideH(), o.strideW(),
                o.padH(), o.padW());
        k.maxPool = max ? 1 : 0;
    }

    /** One work item per output element. */
    @Override
    public synchronized Tensor pool2d(Tensor x, Pool2dOptions o, boolean max) {
        checkOpen();
        if (!onDevice(x)) {
            return onCpu("pool2d", c -> new Tensor[] {CPU.pool2d(c[0], o, max)}, x)[0];
        }
        int[] xs = x.shape();
        Tensor in = dense(x);
        Tensor out = output(xs[0], xs[1], o.outH(xs[2]), o.outW(xs[3]));
        if (out.size() > 0) {
            poolGeometry(xs, o, max);
            k.windowX = off(in);
            k.windowOut = off(out);
            k.items = out.size();
            launch(DeviceKernel.OP_POOL, range1(k.items));
        }
        Reference.reachabilityFence(in);
        return out;
    }

    /** One work item per input element, visiting the windows that hold it (max recomputes each one's argmax). */
    @Override
    public synchronized Tensor pool2dBackward(Tensor gradOut, Tensor x, Pool2dOptions o, boolean max) {
        checkOpen();
        if (!onDevice(gradOut, x)) {
            return onCpu("pool2dBackward", c -> new Tensor[] {CPU.pool2dBackward(c[0], c[1], o, max)}, gradOut,
                    x)[0];
        }
        Tensor xd = dense(x);
        Tensor gd = dense(gradOut);
        Tensor dx = output(x.shape());
        if (dx.size() > 0) {
            poolGeometry(x.shape(), o, max);
            k.windowX = off(xd);
            k.windowGrad = off(gd);
            k.windowOut = off(dx);
            k.items = dx.size();
            launch(DeviceKernel.OP_POOL_BACK, range1(k.items));
        }
        Reference.reachabilityFence(new Tensor[] {xd, gd});
        return dx;
    }

    // ---------------------------------------------------------------- batch norm

    @Override
    public synchronized BatchNormResult batchNormTraining(Tensor x, Tensor gamma, Tensor beta, double eps) {
        checkOpen();
        if (!onDevice(x, gamma, beta)) {
            return statsOnCpu("batchNormTraining", c -> CPU.batchNormTraining(c[0], c[1], c[2], eps), x, gamma,
                    beta);
        }
        return batchNorm(x, gamma, beta, eps, false);
    }

    @Override
    public boolean fusesBatchNormSilu() {
        return true;
    }

    /** Batch norm and SiLU in the same element-wise pass after the statistics. */
    @Override
    public synchronized BatchNormResult batchNormSiluTraining(Tensor x, Tensor gamma, Tensor beta, double eps) {
        checkOpen();
        if (!onDevice(x, gamma, beta)) {
            return statsOnCpu("batchNormSiluTraining", c -> CPU.batchNormSiluTraining(c[0], c[1], c[2], eps),
                    x, gamma, beta);
        }
        return batchNorm(x, gamma, beta, eps, true);
    }

    /** {@link #onCpu} for the batch-norm forward ops, whose results travel as one record. */
    private BatchNormResult statsOnCpu(String op, Function<Tensor[], BatchNormResult> f, Tensor... inputs) {
        Tensor[] r = onCpu(op, c -> {
            BatchNormResult b = f.apply(c);
            return new Tensor[] {b.y(), b.mean(), b.invStd(), b.variance()};
        }, inputs);
        return new BatchNormResult(r[0], r[1], r[2], r[3]);
    }

    /** {@link #onCpu} for the batch-norm backward ops. */
    private BatchNormGrads gradsOnCpu(String op, Function<Tensor[], BatchNormGrads> f, Tensor... inputs) {
        Tensor[] r = onCpu(op, c -> {
            BatchNormGrads g = f.apply(c);
            return new Tensor[] {g.dx(), g.dGamma(), g.dBeta()};
        }, inputs);
        return new BatchNormGrads(r[0], r[1], r[2]);
    }

    private BatchNormResult batchNorm(Tensor x, Tensor gamma, Tensor beta, double eps, boolean silu) {
        int[] s = x.shape();
        int c = s[1];
        Tensor xd = dense(x);
        Tensor gd = dense(gamma);
        Tensor bd = dense(beta);
        Tensor mean = output(c);
        Tensor invStd = output(c);
        Tensor var = output(c);
        Tensor y = output(s);
        if (c > 0) {
            k.bnShape(s[0], c, s[2] * s[3]);
            k.bnX = off(xd);
            k.bnMean = off(mean);
            k.bnInvStd = off(invStd);
            k.bnVar = off(var);
            k.bnEps = (float) eps;
            launch(DeviceKernel.OP_BN_STATS, groups(c));
            int n = y.size();
            if (n > 0) {
                k.bnGamma = off(gd);
                k.bnBeta = off(bd);
                k.bnOut = off(y);
                k.items = n;
                k.bnSilu = silu ? 1 : 0;
                launch(DeviceKernel.OP_BN_APPLY, range1(n));
            }
        }
        return new BatchNormResult(y, mean, invStd, var);
    }

    @Override
    public synchronized BatchNormGrads batchNormBackward(Tensor gradOut, Tensor x, Tensor mean, Tensor invStd,
            Tensor gamma) {
        checkOpen();
        if (!onDevice(gradOut, x, mean, invStd, gamma)) {
            return gradsOnCpu("batchNormBackward", c -> CPU.batchNormBackward(c[0], c[1], c[2], c[3], c[4]),
                    gradOut, x, mean, invStd, gamma);
        }
        return batchNormBack(gradOut, x, mean, invStd, gamma, null);
    }

    /** The SiLU gradient is applied on the fly in both passes of the batch-norm backward (no extra pass). */
    @Override
    public synchronized BatchNormGrads batchNormSiluBackward(Tensor gradOut, Tensor x, Tensor mean,
            Tensor invStd, Tensor gamma, Tensor beta) {
        checkOpen();
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
        Tensor gd = dense(gradOut);
        Tensor xd = dense(x);
        Tensor md = dense(mean);
        Tensor id = dense(invStd);
        Tensor gam = dense(gamma);
        Tensor bet = beta == null ? null : dense(beta);
        Tensor dBeta = output(c);
        Tensor dGamma = output(c);
        Tensor dx = output(s);
        if (c > 0) {
            k.bnShape(s[0], c, s[2] * s[3]);
            k.bnX = off(xd);
            k.bnGradOut = off(gd);
            k.bnDBeta = off(dBeta);
            k.bnMean = off(md);
            k.bnInvStd = off(id);
            k.bnDGamma = off(dGamma);
            k.bnGamma = off(gam);
            k.bnBeta = bet == null ? 0 : off(bet);
            k.bnSilu = bet == null ? 0 : 1;
            launch(DeviceKernel.OP_BN_BACK_STATS, groups(c));
            int n = dx.size();
            if (n > 0) {
                k.bnDx = off(dx);
                k.items = n;
                launch(DeviceKernel.OP_BN_BACK_APPLY, range1(n));
            }
        }
        return new BatchNormGrads(dx, dGamma, dBeta);
    }

    /** One launch: each element normalised with its channel's running statistics and affine parameters. */
    @Override
    public synchronized Tensor batchNormInference(Tensor x, Tensor mean, Tensor var, Tensor gamma, Tensor beta,
            double eps) {
        checkOpen();
        Tensor[] ts = {x, mean, var, gamma, beta};
        if (!onDevice(ts) || !float32(ts) || x.rank() != 4) {
            return Backend.super.batchNormInference(x, mean, var, gamma, beta, eps);
        }
        Tensor xd = dense(x);
        Tensor md = dense(mean);
        Tensor vd = dense(var);
        Tensor gd = dense(gamma);
        Tensor bd = dense(beta);
        Tensor out = output(x.shape());
        if (out.size() > 0) {
            k.bnX = off(xd);
            k.bnMean = off(md);
            k.bnOut = off(out);
            k.bnVar = off(vd);
            k.bnGamma = off(gd);
            k.bnBeta = off(bd);
            k.bnShape(x.dim(0), x.dim(1), x.dim(2) * x.dim(3));
            k.bnEps = (float) eps;
            k.items = out.size();
            launch(DeviceKernel.OP_BN_EVAL, range1(k.items));
        }
        Reference.reachabilityFence(new Tensor[] {xd, md, vd, gd, bd});
        return out;
    }

    /** One launch for both running statistics when all four are float32 device tensors, else the composition. */
    @Override
    public synchronized void batchNormRunningStats(Tensor runningMean, Tensor runningVar, Tensor mean,
            Tensor biasedVar, double momentum, double count) {
        checkOpen();
        Tensor[] ts = {runningMean, runningVar, mean, biasedVar};
        if (!onDevice(ts) || !float32(ts) || !runningMean.isContiguous() || !runningVar.isContiguous()) {
            Backend.super.batchNormRunningStats(runningMean, runningVar, mean, biasedVar, momentum, count);
            return;
        }
        Tensor m = dense(mean);
        Tensor v = dense(biasedVar);
        k.runningMean = off(runningMean);
        k.runningVar = off(runningVar);
        k.bnMean = off(m);
        k.bnVar = off(v);
        k.keep = (float) (1 - momentum);
        k.momentum = (float) momentum;
        k.unbias = (float) (count / (count - 1));
        k.items = runningMean.size();
        if (k.items > 0) {
            launch(DeviceKernel.OP_BN_RUNNING_STATS, range1(k.items));
        }
        Reference.reachabilityFence(m);
        Reference.reachabilityFence(v);
    }

    // ---------------------------------------------------------------- multi-tensor optimiser ops

    private static boolean float32(Tensor... ts) {
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
    @Override
    public synchronized void adamUpdate(List<Tensor> params, List<Tensor> grads, List<Tensor> expAvg,
            List<Tensor> expAvgSq, long[] steps, AdamCoefficients c) {
        checkOpen();
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
            denseGrads[s] = dense(grads.get(i));
            int at = s * DeviceKernel.SEG;
            k.segs[at] = off(params.get(i));
            k.segs[at + 1] = off(denseGrads[s]);
            k.segs[at + 2] = off(expAvg.get(i));
            k.segs[at + 3] = off(expAvgSq.get(i));
            k.segs[at + 4] = (int) total;
            k.scal[DeviceKernel.SCAL_HEADER + 2 * s] = (float) c.stepSize(steps[i]);
            k.scal[DeviceKernel.SCAL_HEADER + 2 * s + 1] = (float) c.inverseBias2Root(steps[i]);
            total += params.get(i).size();
        }
        if (total > Integer.MAX_VALUE - DeviceKernel.WIDTH) {
            throw new TensorException(name + ": adamUpdate over " + total + " elements exceeds one launch");
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
        k.segments = fused.size();
        k.l2Decay = c.l2Decay() ? 1 : 0;
        k.decoupledDecay = c.shrinks() ? 1 : 0;
        k.items = (int) total;
        launch(DeviceKernel.OP_ADAM, range1((int) total));
        // the dense gradient copies must not be collected (their arena ranges reused) before the launch
        Reference.reachabilityFence(denseGrads);
    }

    /** One launch over every float32 device tensor (the segment table maps each element to its tensor). */
    @Override
    public synchronized List<Tensor> scaleAll(List<Tensor> xs, double factor) {
        checkOpen();
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
            sources[s] = dense(xs.get(i));
            out[i] = output(xs.get(i).shape());
            int at = s * DeviceKernel.SEG;
            k.segs[at] = off(sources[s]);
            k.segs[at + 1] = off(out[i]);
            k.segs[at + 4] = (int) total;
            total += xs.get(i).size();
        }
        if (total > Integer.MAX_VALUE - DeviceKernel.WIDTH) {
            throw new TensorException(name + ": scaleAll over " + total + " elements exceeds one launch");
        }
        if (total > 0) {
            k.put(k.segs);
            k.segments = fused.size();
            k.scaleFactor = (float) factor;
            k.items = (int) total;
            launch(DeviceKernel.OP_SCALE_ALL, range1((int) total));
        }
        Reference.reachabilityFence(sources);
        return Arrays.asList(out);
    }

    /**
     * One launch of partial sums (a work group per {@link DeviceKernel#SQ_CHUNK} elements of each float32 device
     * tensor) and one download of the partials, added in double here; other tensors take the composition.
     */
    @Override
    public synchronized double sumOfSquares(List<Tensor> xs) {
        checkOpen();
        double sum = 0;
        List<Tensor> dev = new ArrayList<>();
        for (Tensor x : xs) {
            if (onDevice(x) && float32(x) && fits(x)) {
                if (x.size() > 0) {
                    dev.add(dense(x));
                }
            } else {
                sum += Backend.super.sumOfSquares(List.of(x));
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
            k.segs[at] = off(x);
            k.segs[at + 1] = x.size();
            k.segs[at + 4] = (int) groups;
            groups += (x.size() + DeviceKernel.SQ_CHUNK - 1) / DeviceKernel.SQ_CHUNK;
        }
        Tensor partials = output((int) groups);
        k.put(k.segs);
        k.segments = dev.size();
        k.partialSums = off(partials);
        launch(DeviceKernel.OP_SUM_SQUARES, groups((int) groups));
        // dense copies made above must keep their arena ranges until the launch has read them
        Reference.reachabilityFence(dev);
        for (float f : download(partials)) {
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
    @Override
    public synchronized LossAndGrad softmaxCrossEntropy(Tensor logits, int[] labels, double labelSmoothing) {
        checkOpen();
        if (!onDevice(logits)) {
            Tensor[] r = onCpu("softmaxCrossEntropy", c -> {
                LossAndGrad lg = CPU.softmaxCrossEntropy(c[0], labels, labelSmoothing);
                return new Tensor[] {lg.loss(), lg.grad()};
            }, logits);
            return new LossAndGrad(r[0], r[1]);
        }
        int n = logits.dim(0);
        int c = logits.dim(1);
        if (n == 0 || c == 0 || c > CE_MAX_CLASSES) {
            return Backend.super.softmaxCrossEntropy(logits, labels, labelSmoothing);
        }
        Tensor x = dense(logits);
        float[] lab = new float[n];
        for (int i = 0; i < n; i++) {
            lab[i] = labels[i];
        }
        OpenClStorage labelStore = newDevice(n);
        upload(lab, labelStore.base);
        Tensor grad = output(n, c);
        Tensor rowLoss = output(n);
        Tensor loss = output();
        double off = labelSmoothing / c;
        k.ceOffTarget = (float) off;
        k.ceOnTarget = (float) (off + (1 - labelSmoothing));
        k.ceClasses = c;
        k.items = n;
        k.ceLogits = off(x);
        k.ceLabels = labelStore.base;
        k.ceGrad = off(grad);
        k.ceRowLoss = off(rowLoss);
        launch(DeviceKernel.OP_CE_ROWS, range1(n));
        k.ceLoss = off(loss);
        launch(DeviceKernel.OP_CE_REDUCE, groups(1));
        Reference.reachabilityFence(labelStore);
        Reference.reachabilityFence(rowLoss);
        Reference.reachabilityFence(x);
        return new LossAndGrad(loss, grad);
    }

    // ---------------------------------------------------------------- lifecycle

    /** Releases the device buffers and the compiled kernel; tensors of this backend become unusable. */
    @Override
    public synchronized void close() {
        closed = true;
        if (!disposed) {
            disposed = true;
            k.dispose();
            slots.clear();
        }
    }

    @Override
    public String toString() {
        return name;
    }
}

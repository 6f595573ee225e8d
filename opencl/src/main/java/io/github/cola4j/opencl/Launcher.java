package io.github.cola4j.opencl;

import com.aparapi.Range;
import com.aparapi.device.OpenCLDevice;

/**
 * Launches of the backend's one kernel on its device: the ranges of the launch shapes, the {@code meta} array of
 * strided launches, and the check that Aparapi really ran each launch on OpenCL. Every op family's host code
 * sets the kernel's arguments and launches through here, which counts the launches in {@link LaunchStats}.
 */
final class Launcher {
    /** The device the kernel runs on. */
    final OpenCLDevice device;
    /** The backend's one kernel instance, holding the arena. */
    final DeviceKernel k;
    private final LaunchStats stats;
    private boolean failed;

    Launcher(OpenCLDevice device, DeviceKernel k, LaunchStats stats) {
        this.device = device;
        this.k = k;
        this.stats = stats;
    }

    /** Whether a launch fell back from OpenCL, after which the backend is unusable. */
    boolean failed() {
        return failed;
    }

    /** One work item per element, in work groups of {@link DeviceKernel#WIDTH}. */
    Range range1(int n) {
        int w = DeviceKernel.WIDTH;
        return Range.create(device, (n + w - 1) / w * w, w);
    }

    /** {@code count} work groups of {@link DeviceKernel#GROUP} items. */
    Range groups(int count) {
        return Range.create(device, count * DeviceKernel.GROUP, DeviceKernel.GROUP);
    }

    /** A 3-D range of {@code x * y * z} items in work groups of {@code lx x ly x 1}. */
    Range range3(int x, int y, int z, int lx, int ly) {
        return Range.create3D(device, x, y, z, lx, ly, 1);
    }

    /**
     * Runs {@code op} with the arguments set on the kernel, counting its work from the launch's sizes: the
     * floating-point operations it does and the bytes it must read and write in the arena (each distinct element of
     * each operand once, the compulsory traffic a roofline uses; re-reads that a cache serves are not counted).
     *
     * @param flops the launch's floating-point operations (a multiply-add counts two; exp, log and the like one)
     * @param bytes the bytes of arena (or staging) memory the launch reads and writes, each element once
     * @throws OpenClUnavailableException when Aparapi ran the kernel elsewhere than on OpenCL
     */
    void launch(int op, Range range, long flops, long bytes) {
        k.op = op;
        long t0 = System.nanoTime();
        k.execute(range);
        stats.timed(op, System.nanoTime() - t0);
        if (!k.isRunningCL()) {
            failed = true;
            throw new OpenClUnavailableException("Aparapi ran the kernel on " + k.getTargetDevice()
                    + " instead of OpenCL (the program did not build or the device failed); see Aparapi's log");
        }
        stats.launched(op, flops, bytes);
    }

    /** Bytes of {@code floats} float32 values. */
    static long bytes(long floats) {
        return 4L * floats;
    }

    /**
     * Distinct elements an operand with {@code strides}, broadcast to {@code shape}, holds: the product of the sizes
     * of the axes it does not broadcast over (stride 0).
     */
    static long distinct(int[] shape, int[] strides) {
        long n = 1;
        for (int d = 0; d < shape.length; d++) {
            if (strides[d] != 0) {
                n *= shape[d];
            }
        }
        return n;
    }

    /** Sends {@code meta} to the device; call after writing it and before the launch that reads it. */
    void putMeta() {
        k.put(k.meta);
    }

    /** Writes the rank and shape of a strided launch into {@code meta}. */
    void metaShape(int[] shape) {
        k.meta[0] = shape.length;
        System.arraycopy(shape, 0, k.meta, DeviceKernel.META_SHAPE, shape.length);
    }

    /** Writes one operand's strides into {@code meta} at {@code slot} (META_A, META_B or META_C). */
    void metaStrides(int slot, int[] strides) {
        System.arraycopy(strides, 0, k.meta, slot, strides.length);
    }
}

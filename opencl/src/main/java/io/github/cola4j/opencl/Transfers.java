package io.github.cola4j.opencl;

import io.github.cola4j.tensor.Tensor;

/**
 * Host-device transfers of tensor data. Only the tensor's own elements move: the kernel's {@code stage} array is
 * bound to the transfer's host array (Aparapi makes a device buffer of that size), and a copy launch moves it into
 * the arena (upload) or gathers a strided view out of it (download, then {@code get}). Each transfer is counted in
 * {@link LaunchStats}.
 */
final class Transfers {
    private final OpenClBackend backend;
    private final Launcher l;
    private final DeviceKernel k;
    private final LaunchStats stats;

    Transfers(OpenClBackend backend, Launcher l, LaunchStats stats) {
        this.backend = backend;
        this.l = l;
        this.k = l.k;
        this.stats = stats;
    }

    /** Writes {@code values} to the arena at {@code base}; the array is the staging buffer, so not reused after. */
    void upload(float[] values, int base) {
        if (values.length == 0) {
            return;
        }
        k.stage = values;
        k.put(values);
        k.copyArgs(values.length, 0, base);
        l.launch(DeviceKernel.OP_UPLOAD, l.range1(values.length), 0, Launcher.bytes(2L * values.length));
        stats.uploaded(values.length);
    }

    /** The elements of device tensor {@code t} in row-major order (any strides). */
    float[] download(Tensor t) {
        int n = t.size();
        if (n == 0) {
            return new float[0];
        }
        float[] out = new float[n];
        int[][] c = CopyOps.collapse(t.shape(), t.strides());
        l.metaShape(c[0]);
        l.metaStrides(DeviceKernel.META_A, c[1]);
        l.putMeta();
        k.stage = out;
        k.copyArgs(n, backend.off(t), 0);
        l.launch(DeviceKernel.OP_DOWNLOAD, l.range1(n), 0, Launcher.bytes(2L * n));
        k.get(out);
        stats.downloaded(n);
        return out;
    }
}

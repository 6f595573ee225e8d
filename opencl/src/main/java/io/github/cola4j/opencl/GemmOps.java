package io.github.cola4j.opencl;

import static io.github.cola4j.opencl.OpenClBackend.CPU;
import static io.github.cola4j.opencl.OpenClBackend.onDevice;

import com.aparapi.Range;
import io.github.cola4j.tensor.Tensor;

/**
 * Host code of {@link GemmKernels}: batched matrix products with any strides, and the products behind the 1x1
 * convolutions (see {@link WindowOps}), which may add a bias as C is stored. The kernel is chosen by
 * {@link OpenClBackend#gemmBlocked}.
 */
final class GemmOps {
    private final OpenClBackend backend;
    private final Launcher l;
    private final DeviceKernel k;

    /** Arena offset of the bias the next product adds, or -1 for none. */
    private int biasAt = -1;
    private int biasRowStep;
    private int biasColStep;

    GemmOps(OpenClBackend backend, Launcher l) {
        this.backend = backend;
        this.l = l;
        this.k = l.k;
    }

    /**
     * A bias for the next product only: C(row, col) gets {@code mem[at + row * rowStep + col * colStep]} added as
     * it is stored.
     */
    void bias(int at, int rowStep, int colStep) {
        biasAt = at;
        biasRowStep = rowStep;
        biasColStep = colStep;
    }

    /**
     * out (dense [batch, m, n] at outOffset) = A @ B with element strides as in {@link DeviceKernel}; accumulates
     * into out when {@code accumulate}. On a CPU device (see {@link OpenClBackend#gemmCpu}) uses
     * {@link GemmCpuKernels#gemmWide} when B's columns have stride 1 in runs that are multiples of 4 long, else
     * {@link GemmCpuKernels#gemmDots} when A and B have stride 1 along k and k's inner part is a multiple of
     * {@link DeviceKernel#DOT_LANES}; otherwise (and on GPUs) the register-blocked kernel when both m and n exceed
     * {@link OpenClBackend#GEMM_BLOCKED_MIN}, else the 16 x 16 one.
     */
    void gemm(int batch, int m, int kk, int n, int aOff, int sab, int sar, int sak, int bOff, int sbb,
            int sbk, int sbc, int outOffset, boolean accumulate) {
        gemm(batch, m, kk, n, aOff, sab, sar, sak, bOff, sbb, sbk, sbc, outOffset, accumulate, Math.max(kk, 1), 0, 0);
    }

    /** As below with an unsplit column axis and C dense [batch, m, n]. */
    void gemm(int batch, int m, int kk, int n, int aOff, int sab, int sar, int sak, int bOff, int sbb,
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
    void gemm(int batch, int m, int kk, int n, int aOff, int sab, int sar, int sak, int bOff, int sbb,
            int sbk, int sbc, int outOffset, boolean accumulate, int kInner, int sakOuter, int sbkOuter, int nInner,
            int sbcOuter, int scRow, int scOuter) {
        int bias = biasAt;
        biasAt = -1;
        if (batch == 0 || m == 0 || n == 0) {
            return;
        }
        k.gemmOperands(aOff, sab, sar, sak, bOff, sbb, sbk, sbc, outOffset, accumulate);
        k.gemmBias(bias, biasRowStep, biasColStep);
        k.gemmShape(m, kk, n, kInner, sakOuter, sbkOuter, nInner, sbcOuter, scRow, scOuter);
        int t = DeviceKernel.TILE;
        long outputs = (long) batch * m * n;
        // a multiply-add per (output, k); the bias or the accumulation one add per output
        long flops = 2 * outputs * kk + (bias >= 0 || accumulate ? outputs : 0);
        long a = (sab == 0 ? 1L : batch) * m * kk;
        long b = (sbb == 0 ? 1L : batch) * kk * n;
        long bytes = Launcher.bytes(a + b + (accumulate ? 2 : 1) * outputs + (bias < 0 ? 0 : biasRowStep != 0 ? m : n));
        boolean cpu = backend.gemmCpu();
        if (cpu && sbc == 1 && nInner % DeviceKernel.WIDE_RUN == 0) {
            l.launch(DeviceKernel.OP_GEMM_WIDE, cpuRange(batch, m, n, DeviceKernel.WIDE_ROWS, DeviceKernel.WIDE_COLS),
                    flops, bytes);
        } else if (cpu && sak == 1 && sbk == 1 && kInner % DeviceKernel.DOT_LANES == 0) {
            l.launch(DeviceKernel.OP_GEMM_DOTS, cpuRange(batch, m, n, DeviceKernel.DOT_ROWS, DeviceKernel.DOT_COLS),
                    flops, bytes);
        } else if (backend.gemmBlocked(m, n)) {
            int bl = DeviceKernel.BLOCK;
            l.launch(DeviceKernel.OP_GEMM_BLOCKED,
                    Range.create3D(l.device, (n + bl - 1) / bl * t, (m + bl - 1) / bl * t, batch, t, t, 1), flops,
                    bytes);
        } else {
            l.launch(DeviceKernel.OP_GEMM,
                    Range.create3D(l.device, (n + t - 1) / t * t, (m + t - 1) / t * t, batch, t, t, 1), flops, bytes);
        }
    }

    /**
     * The range of a CPU-device SGEMM ({@link GemmCpuKernels}): one item per {@code rows x cols} block of C, in work
     * groups of {@link DeviceKernel#CPU_GROUP} squared items.
     */
    private Range cpuRange(int batch, int m, int n, int rows, int cols) {
        int g = DeviceKernel.CPU_GROUP;
        int x = (n + cols - 1) / cols;
        int y = (m + rows - 1) / rows;
        return Range.create3D(l.device, (x + g - 1) / g * g, (y + g - 1) / g * g, batch, g, g, 1);
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

    Tensor matmul(Tensor a, Tensor b) {
        if (!onDevice(a, b)) {
            return backend.onCpu("matmul", c -> new Tensor[] {CPU.matmul(c[0], c[1])}, a, b)[0];
        }
        int nb = a.dim(0);
        int m = a.dim(1);
        int kk = a.dim(2);
        int n = b.dim(2);
        Tensor out = backend.output(nb, m, n);
        int[] sa = a.strides();
        int[] sb = b.strides();
        gemm(nb, m, kk, n, backend.off(a), sa[0], sa[1], sa[2], backend.off(b), sb[0], sb[1], sb[2], backend.off(out),
                false);
        return out;
    }
}

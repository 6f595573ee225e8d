package io.github.cola4j.opencl;

import static io.github.cola4j.opencl.OpenClTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cola4j.tensor.Conv2dOptions;
import io.github.cola4j.tensor.Tensor;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The FLOPs and bytes the backend counts for each launch ({@code Stats.flopsByKernel}, {@code bytesByKernel}),
 * checked on ops whose work is known in closed form.
 */
class LaunchCostTest {

    private static long delta(Map<String, Long> after, Map<String, Long> before, String kernel) {
        return after.getOrDefault(kernel, 0L) - before.getOrDefault(kernel, 0L);
    }

    /**
     * A product of [m, k] and [k, n] counts 2mnk FLOPs and reads A and B and writes C once, with each kernel: the
     * GPU kernels, and the CPU-device ones on a B with stride-1 columns (wide) and on a transposed B (dots).
     */
    @Test
    void gemmCountsTwoMnkFlopsAndItsOperandsBytes() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        Random rnd = new Random(5);
        int m = 70;
        int k = 36;
        int n = 44;
        Tensor a = random(rnd, 1, m, k).to(gpu);
        Tensor b = random(rnd, 1, k, n).to(gpu);
        Tensor bt = random(rnd, 1, n, k).to(gpu).transpose(1, 2);
        String[] names = {"gemm", "gemmBlocked", "gemmWide", "gemmDots"};
        int[] kernels = {OpenClBackend.GEMM_TILED, OpenClBackend.GEMM_BLOCKED, OpenClBackend.GEMM_CPU,
            OpenClBackend.GEMM_CPU};
        for (int t = 0; t < names.length; t++) {
            String name = names[t];
            gpu.gemmKernel = kernels[t];
            try {
                OpenClBackend.Stats before = gpu.stats();
                gpu.matmul(a, t == 3 ? bt : b);
                OpenClBackend.Stats after = gpu.stats();
                assertEquals(1, delta(after.launchesByKernel(), before.launchesByKernel(), name), name);
                assertEquals(2L * m * n * k, delta(after.flopsByKernel(), before.flopsByKernel(), name), name);
                assertEquals(4L * (m * k + k * n + m * n), delta(after.bytesByKernel(), before.bytesByKernel(), name),
                        name);
            } finally {
                gpu.gemmKernel = OpenClBackend.GEMM_AUTO;
            }
        }
    }

    /**
     * A batched product whose A is shared by the batch reads A once; a 1x1 convolution with a bias counts the
     * product and one add per output, and reads the bias.
     */
    @Test
    void sharedOperandsAndBiasAreCountedOnce() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        Random rnd = new Random(6);
        int samples = 3;
        int c = 8;
        int o = 40;
        int hw = 10 * 10;
        Tensor x = random(rnd, samples, c, 10, 10).to(gpu);
        Tensor w = random(rnd, o, c, 1, 1).to(gpu);
        Tensor bias = random(rnd, o).to(gpu);
        OpenClBackend.Stats before = gpu.stats();
        gpu.conv2d(x, w, bias, Conv2dOptions.defaults());
        OpenClBackend.Stats after = gpu.stats();
        long flops = 0;
        long bytes = 0;
        for (String kernel : new String[] {"gemm", "gemmBlocked", "gemmWide", "gemmDots"}) {
            flops += delta(after.flopsByKernel(), before.flopsByKernel(), kernel);
            bytes += delta(after.bytesByKernel(), before.bytesByKernel(), kernel);
        }
        long outputs = (long) samples * o * hw;
        assertEquals(2 * outputs * c + outputs, flops, "1x1 convolution with a bias");
        assertEquals(4L * (o * c + (long) samples * c * hw + outputs + o), bytes, "weight once, input, output, bias");
    }

    /** A binary op with a per-channel operand reads that operand's distinct elements only. */
    @Test
    void broadcastOperandsCountTheirDistinctElements() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        Random rnd = new Random(7);
        Tensor x = random(rnd, 2, 5, 4, 3).to(gpu);
        Tensor s = random(rnd, 2, 5, 1, 1).to(gpu);
        OpenClBackend.Stats before = gpu.stats();
        x.mul(s);
        OpenClBackend.Stats after = gpu.stats();
        assertEquals(120, delta(after.flopsByKernel(), before.flopsByKernel(), "binarySimple"));
        assertEquals(4L * (120 + 120 + 10), delta(after.bytesByKernel(), before.bytesByKernel(), "binarySimple"));
    }
}

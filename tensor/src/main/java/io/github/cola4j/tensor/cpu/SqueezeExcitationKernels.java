package io.github.cola4j.tensor.cpu;

/**
 * The passes over whole activations in squeeze-excitation ({@link CpuBackend}): forward, the per-plane mean and
 * the input scaled by its gate; backward, the per-plane dot product of the output gradient with the input, and
 * the input gradient as a per-plane affine map of the output gradient. Composed from element-wise ops and
 * reductions the backward took five reads and three writes of an [N, C, H, W] tensor; here three reads and one
 * write, nothing allocated in between. Planes run in parallel.
 */
final class SqueezeExcitationKernels {
    private SqueezeExcitationKernels() {
    }

    /** Planes per task: a few thousand floats each. */
    private static int grain(int hw) {
        return Math.max(1, 8192 / Math.max(1, hw));
    }

    /**
     * mean[p] = the mean of the hw values of plane p, for every plane p below {@code planes}, summed in double
     * (four interleaved partial sums) as the composition's reduction sums them.
     *
     * @param x the input, planes of hw values
     * @param planes N * C
     * @param hw values per plane
     * @param mean receives one mean per plane
     */
    static void planeMeans(float[] x, int planes, int hw, float[] mean) {
        Parallel.forRange(planes, grain(hw), (from, to) -> {
            for (int p = from; p < to; p++) {
                int off = p * hw;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int i = 0;
                for (; i + 4 <= hw; i += 4) {
                    s0 += x[off + i];
                    s1 += x[off + i + 1];
                    s2 += x[off + i + 2];
                    s3 += x[off + i + 3];
                }
                for (; i < hw; i++) {
                    s0 += x[off + i];
                }
                mean[p] = (float) (((s0 + s1) + (s2 + s3)) / hw);
            }
        });
    }

    /**
     * y[p hw + i] = x[p hw + i] * scale[p] for every plane p below {@code planes} and i below hw.
     *
     * @param x the input, planes of hw values
     * @param scale one factor per plane (the gate)
     * @param planes N * C
     * @param hw values per plane
     * @param y receives the scaled input, x's layout
     */
    static void planeScale(float[] x, float[] scale, int planes, int hw, float[] y) {
        Parallel.forRange(planes, grain(hw), (from, to) -> {
            for (int p = from; p < to; p++) {
                float a = scale[p];
                for (int i = p * hw, end = i + hw; i < end; i++) {
                    y[i] = x[i] * a;
                }
            }
        });
    }

    /**
     * dot[p] = sum over i below hw of g[p hw + i] * x[p hw + i], for every plane p below {@code planes}: float
     * products summed in double, as the composition's reduction sums them (the sums feed the weight gradients,
     * where they cancel), in four interleaved partial sums so that the additions overlap.
     *
     * @param g the output gradient, planes of hw values
     * @param x the forward input, same layout
     * @param planes N * C
     * @param hw values per plane
     * @param dot receives one sum per plane
     */
    static void planeDots(float[] g, float[] x, int planes, int hw, float[] dot) {
        Parallel.forRange(planes, grain(hw), (from, to) -> {
            for (int p = from; p < to; p++) {
                int off = p * hw;
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int i = 0;
                for (; i + 4 <= hw; i += 4) {
                    s0 += g[off + i] * x[off + i];
                    s1 += g[off + i + 1] * x[off + i + 1];
                    s2 += g[off + i + 2] * x[off + i + 2];
                    s3 += g[off + i + 3] * x[off + i + 3];
                }
                for (; i < hw; i++) {
                    s0 += g[off + i] * x[off + i];
                }
                dot[p] = (float) ((s0 + s1) + (s2 + s3));
            }
        });
    }

    /**
     * dx[p hw + i] = g[p hw + i] * scale[p] + shift[p] for every plane p below {@code planes} and i below hw.
     *
     * @param g the output gradient, planes of hw values
     * @param scale one factor per plane (the gate)
     * @param shift one addend per plane (the pooled input's gradient over hw)
     * @param planes N * C
     * @param hw values per plane
     * @param dx receives the input gradient, g's layout
     */
    static void planeAffine(float[] g, float[] scale, float[] shift, int planes, int hw, float[] dx) {
        Parallel.forRange(planes, grain(hw), (from, to) -> {
            for (int p = from; p < to; p++) {
                float a = scale[p];
                float b = shift[p];
                for (int i = p * hw, end = i + hw; i < end; i++) {
                    dx[i] = g[i] * a + b;
                }
            }
        });
    }
}

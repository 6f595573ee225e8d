package io.github.cola4j.tensor.cpu;

/**
 * Float64 2-d convolution written straight from the definition, with no blocking or reordering.
 *
 * <p>It serves the float64 tensors of the library and is the reference that {@link Conv2dKernels} is tested
 * against. Layouts are those of {@link Conv2dGeometry}. For clarity the loops are sequential except for an
 * outer parallel loop over independent outputs.
 *
 * <p>With {@code ci = g * inC/groups + c} for output channel {@code o} in group {@code g = o / (outC/groups)}:
 * <pre>
 * y[n,o,i,j] = bias[o] + sum_{c,kh,kw} w[o,c,kh,kw] * x[n, ci, i*sH - pH + kh*dH, j*sW - pW + kw*dW]
 * </pre>
 * where input positions outside the image read as zero.
 */
public final class Conv2dReference {

    private Conv2dReference() {
    }

    /**
     * Forward pass; {@code y} is overwritten. {@code bias} may be null.
     *
     * @param x input [N, inC, inH, inW], read only
     * @param w weight [outC, inC/groups, kH, kW], read only
     * @param bias one value per output channel [outC], or null for none
     * @param g the sizes; every array must hold at least the elements it describes
     * @param y output [N, outC, outH, outW]
     * @throws IllegalArgumentException if an array is shorter than {@code g} needs
     */
    public static void forward(double[] x, double[] w, double[] bias, Conv2dGeometry g, double[] y) {
        checkSizes(g, x, w, y);
        if (bias != null && bias.length < g.outChannels()) {
            throw new IllegalArgumentException("bias has " + bias.length + " elements, needs " + g.outChannels());
        }
        int oh = g.outH();
        int ow = g.outW();
        int cpg = g.inChannelsPerGroup();
        int opg = g.outChannelsPerGroup();
        Parallel.forRange(g.batch() * g.outChannels(), 1, (from, to) -> {
            for (int no = from; no < to; no++) {
                int n = no / g.outChannels();
                int o = no % g.outChannels();
                int grp = o / opg;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double s = bias == null ? 0 : bias[o];
                        for (int c = 0; c < cpg; c++) {
                            int ci = grp * cpg + c;
                            for (int kh = 0; kh < g.kernelH(); kh++) {
                                int ih = i * g.strideH() - g.padH() + kh * g.dilationH();
                                if (ih < 0 || ih >= g.inH()) {
                                    continue;
                                }
                                for (int kw = 0; kw < g.kernelW(); kw++) {
                                    int iw = j * g.strideW() - g.padW() + kw * g.dilationW();
                                    if (iw < 0 || iw >= g.inW()) {
                                        continue;
                                    }
                                    s += w[((o * cpg + c) * g.kernelH() + kh) * g.kernelW() + kw]
                                            * x[((n * g.inChannels() + ci) * g.inH() + ih) * g.inW() + iw];
                                }
                            }
                        }
                        y[((n * g.outChannels() + o) * oh + i) * ow + j] = s;
                    }
                }
            }
        });
    }

    /**
     * Gradient with respect to the input; {@code dx} is overwritten.
     *
     * @param dy gradient of the output [N, outC, outH, outW], read only
     * @param w weight [outC, inC/groups, kH, kW], read only
     * @param g the sizes; every array must hold at least the elements it describes
     * @param dx receives the input gradient [N, inC, inH, inW]
     * @throws IllegalArgumentException if an array is shorter than {@code g} needs
     */
    public static void backwardInput(double[] dy, double[] w, Conv2dGeometry g, double[] dx) {
        checkSizes(g, dx, w, dy);
        int oh = g.outH();
        int ow = g.outW();
        int cpg = g.inChannelsPerGroup();
        int opg = g.outChannelsPerGroup();
        // Each (n, input channel) plane of dx gathers from the output channels of its group.
        Parallel.forRange(g.batch() * g.inChannels(), 1, (from, to) -> {
            for (int nc = from; nc < to; nc++) {
                int n = nc / g.inChannels();
                int ci = nc % g.inChannels();
                int grp = ci / cpg;
                int c = ci % cpg;
                int plane = (n * g.inChannels() + ci) * g.inH() * g.inW();
                java.util.Arrays.fill(dx, plane, plane + g.inH() * g.inW(), 0.0);
                for (int o = grp * opg; o < (grp + 1) * opg; o++) {
                    for (int i = 0; i < oh; i++) {
                        for (int j = 0; j < ow; j++) {
                            double d = dy[((n * g.outChannels() + o) * oh + i) * ow + j];
                            for (int kh = 0; kh < g.kernelH(); kh++) {
                                int ih = i * g.strideH() - g.padH() + kh * g.dilationH();
                                if (ih < 0 || ih >= g.inH()) {
                                    continue;
                                }
                                for (int kw = 0; kw < g.kernelW(); kw++) {
                                    int iw = j * g.strideW() - g.padW() + kw * g.dilationW();
                                    if (iw < 0 || iw >= g.inW()) {
                                        continue;
                                    }
                                    dx[plane + ih * g.inW() + iw] +=
                                            w[((o * cpg + c) * g.kernelH() + kh) * g.kernelW() + kw] * d;
                                }
                            }
                        }
                    }
                }
            }
        });
    }

    /**
     * Gradient with respect to the weight; {@code dw} is overwritten.
     *
     * @param dy gradient of the output [N, outC, outH, outW], read only
     * @param x input of the forward pass [N, inC, inH, inW], read only
     * @param g the sizes; every array must hold at least the elements it describes
     * @param dw receives the weight gradient [outC, inC/groups, kH, kW], summed over the batch
     * @throws IllegalArgumentException if an array is shorter than {@code g} needs
     */
    public static void backwardWeight(double[] dy, double[] x, Conv2dGeometry g, double[] dw) {
        checkSizes(g, x, dw, dy);
        int oh = g.outH();
        int ow = g.outW();
        int cpg = g.inChannelsPerGroup();
        int opg = g.outChannelsPerGroup();
        Parallel.forRange(g.outChannels(), 1, (from, to) -> {
            for (int o = from; o < to; o++) {
                int grp = o / opg;
                for (int c = 0; c < cpg; c++) {
                    int ci = grp * cpg + c;
                    for (int kh = 0; kh < g.kernelH(); kh++) {
                        for (int kw = 0; kw < g.kernelW(); kw++) {
                            double s = 0;
                            for (int n = 0; n < g.batch(); n++) {
                                for (int i = 0; i < oh; i++) {
                                    int ih = i * g.strideH() - g.padH() + kh * g.dilationH();
                                    if (ih < 0 || ih >= g.inH()) {
                                        continue;
                                    }
                                    for (int j = 0; j < ow; j++) {
                                        int iw = j * g.strideW() - g.padW() + kw * g.dilationW();
                                        if (iw < 0 || iw >= g.inW()) {
                                            continue;
                                        }
                                        s += dy[((n * g.outChannels() + o) * oh + i) * ow + j]
                                                * x[((n * g.inChannels() + ci) * g.inH() + ih) * g.inW() + iw];
                                    }
                                }
                            }
                            dw[((o * cpg + c) * g.kernelH() + kh) * g.kernelW() + kw] = s;
                        }
                    }
                }
            }
        });
    }

    /**
     * Gradient with respect to the bias: the sum of {@code dy} over batch and positions; overwritten.
     *
     * @param dy gradient of the output [N, outC, outH, outW], read only
     * @param g the sizes; {@code dy} must hold at least {@code g.outputSize()} elements
     * @param db receives one sum per output channel [outC]
     * @throws IllegalArgumentException if {@code dy} or {@code db} is shorter than {@code g} needs
     */
    public static void backwardBias(double[] dy, Conv2dGeometry g, double[] db) {
        int hw = g.outH() * g.outW();
        requireLength("dy", dy, g.outputSize());
        requireLength("db", db, g.outChannels());
        for (int o = 0; o < g.outChannels(); o++) {
            double s = 0;
            for (int n = 0; n < g.batch(); n++) {
                int base = (n * g.outChannels() + o) * hw;
                for (int p = 0; p < hw; p++) {
                    s += dy[base + p];
                }
            }
            db[o] = s;
        }
    }

    private static void checkSizes(Conv2dGeometry g, double[] input, double[] weight, double[] output) {
        requireLength("input", input, g.inputSize());
        requireLength("weight", weight, g.weightSize());
        requireLength("output", output, g.outputSize());
    }

    static void requireLength(String name, Object array, int needed) {
        int length = java.lang.reflect.Array.getLength(array);
        if (length < needed) {
            throw new IllegalArgumentException(name + " has " + length + " elements, needs " + needed);
        }
    }
}

package io.github.cola4j.tensor.cpu;

import io.github.cola4j.tensor.Pool2dOptions;

/**
 * Windowed 2-D max and average pooling over dense NCHW arrays, forward and backward. Global pooling,
 * the form EfficientNet uses, is a reduction and does not come here.
 */
final class PoolKernels {
    private PoolKernels() {
    }

    static void forward(double[] x, int[] s, Pool2dOptions o, boolean max, double[] y) {
        int h = s[2];
        int w = s[3];
        int oh = o.outH(h);
        int ow = o.outW(w);
        double area = (double) o.kernelH() * o.kernelW();
        Parallel.forRange(s[0] * s[1], 1, (from, to) -> {
            for (int p = from; p < to; p++) {
                int xi = p * h * w;
                int yi = p * oh * ow;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        for (int ki = 0; ki < o.kernelH(); ki++) {
                            int r = i * o.strideH() - o.padH() + ki;
                            if (r < 0 || r >= h) {
                                continue;
                            }
                            for (int kj = 0; kj < o.kernelW(); kj++) {
                                int c = j * o.strideW() - o.padW() + kj;
                                if (c < 0 || c >= w) {
                                    continue;
                                }
                                double v = x[xi + r * w + c];
                                acc = max ? Math.max(acc, v) : acc + v;
                            }
                        }
                        y[yi + i * ow + j] = max ? acc : acc / area;
                    }
                }
            }
        });
    }

    static void backward(double[] gy, double[] x, int[] s, Pool2dOptions o, boolean max, double[] dx) {
        int h = s[2];
        int w = s[3];
        int oh = o.outH(h);
        int ow = o.outW(w);
        double area = (double) o.kernelH() * o.kernelW();
        // Each plane is one task: windows overlap inside a plane, never across planes.
        Parallel.forRange(s[0] * s[1], 1, (from, to) -> {
            for (int p = from; p < to; p++) {
                int xi = p * h * w;
                int yi = p * oh * ow;
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double g = gy[yi + i * ow + j];
                        int best = -1;
                        double bestV = Double.NEGATIVE_INFINITY;
                        for (int ki = 0; ki < o.kernelH(); ki++) {
                            int r = i * o.strideH() - o.padH() + ki;
                            if (r < 0 || r >= h) {
                                continue;
                            }
                            for (int kj = 0; kj < o.kernelW(); kj++) {
                                int c = j * o.strideW() - o.padW() + kj;
                                if (c < 0 || c >= w) {
                                    continue;
                                }
                                int at = xi + r * w + c;
                                if (max) {
                                    if (best < 0 || x[at] > bestV) {
                                        best = at;
                                        bestV = x[at];
                                    }
                                } else {
                                    dx[at] += g / area;
                                }
                            }
                        }
                        if (max && best >= 0) {
                            dx[best] += g;
                        }
                    }
                }
            }
        });
    }
}

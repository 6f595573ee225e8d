package io.github.cola4j.tensor.cpu;

import io.github.cola4j.tensor.ReduceOp;

/** Row kernels for reductions, argmax and softmax over dense arrays. Sums accumulate in double. */
final class ReduceKernels {
    private ReduceKernels() {
    }

    /** Reduces the elements that {@code red} walks from offset {@code off}; {@code count} is how many there are. */
    static double reduce(ReduceOp op, float[] x, int off, StridedLoop red, int count) {
        int n = red.inner;
        int s = red.innerStride(0);
        boolean max = op == ReduceOp.MAX;
        double acc = op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY
                : op == ReduceOp.MIN ? Double.POSITIVE_INFINITY : 0;
        for (int r = 0; r < red.rows; r++) {
            int at = off + red.rowOffset(0, r);
            if (op == ReduceOp.SUM || op == ReduceOp.MEAN) {
                float part = 0;
                for (int i = 0; i < n; i++) {
                    part += x[at + i * s];
                }
                acc += part;
            } else {
                for (int i = 0; i < n; i++) {
                    float v = x[at + i * s];
                    if (Float.isNaN(v)) {
                        return Double.NaN;
                    }
                    acc = max ? Math.max(acc, v) : Math.min(acc, v);
                }
            }
        }
        return op == ReduceOp.MEAN ? acc / count : acc;
    }

    /** As {@link #reduce(ReduceOp, float[], int, StridedLoop, int)} for float64. */
    static double reduce(ReduceOp op, double[] x, int off, StridedLoop red, int count) {
        int n = red.inner;
        int s = red.innerStride(0);
        boolean max = op == ReduceOp.MAX;
        double acc = op == ReduceOp.MAX ? Double.NEGATIVE_INFINITY
                : op == ReduceOp.MIN ? Double.POSITIVE_INFINITY : 0;
        for (int r = 0; r < red.rows; r++) {
            int at = off + red.rowOffset(0, r);
            for (int i = 0; i < n; i++) {
                double v = x[at + i * s];
                if (op == ReduceOp.SUM || op == ReduceOp.MEAN) {
                    acc += v;
                } else if (Double.isNaN(v)) {
                    return Double.NaN;
                } else {
                    acc = max ? Math.max(acc, v) : Math.min(acc, v);
                }
            }
        }
        return op == ReduceOp.MEAN ? acc / count : acc;
    }

    static int argmaxRow(double[] x, int off, int n) {
        int best = 0;
        for (int i = 1; i < n; i++) {
            if (x[off + i] > x[off + best]) {
                best = i;
            }
        }
        return best;
    }

    static void softmaxRow(float[] x, float[] y, int off, int n, boolean log) {
        float m = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[off + i]);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(x[off + i] - m);
        }
        if (log) {
            // (x - max) is exact for nearby values; subtracting log(sum) after keeps float32 precision
            float logSum = (float) Math.log(s);
            for (int i = 0; i < n; i++) {
                y[off + i] = (x[off + i] - m) - logSum;
            }
        } else {
            float inv = (float) (1.0 / s);
            for (int i = 0; i < n; i++) {
                y[off + i] = (float) Math.exp(x[off + i] - m) * inv;
            }
        }
    }

    static void softmaxRow(double[] x, double[] y, int off, int n, boolean log) {
        double m = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, x[off + i]);
        }
        double s = 0;
        for (int i = 0; i < n; i++) {
            s += Math.exp(x[off + i] - m);
        }
        double logSum = Math.log(s);
        for (int i = 0; i < n; i++) {
            double shifted = x[off + i] - m;
            y[off + i] = log ? shifted - logSum : Math.exp(shifted - logSum);
        }
    }
}

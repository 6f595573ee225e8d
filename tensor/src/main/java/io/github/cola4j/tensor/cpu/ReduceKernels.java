package io.github.cola4j.tensor.cpu;

import io.github.cola4j.tensor.ReduceOp;

/** Row kernels for reductions, argmax and softmax over dense arrays. Sums accumulate in double. */
final class ReduceKernels {
    private ReduceKernels() {
    }

    static double reduceRow(ReduceOp op, double[] x, int off, int n) {
        switch (op) {
            case SUM:
            case MEAN: {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += x[off + i];
                }
                return op == ReduceOp.MEAN ? s / n : s;
            }
            case MAX: {
                double m = Double.NEGATIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double v = x[off + i];
                    if (v > m || Double.isNaN(v)) {
                        m = v;
                        if (Double.isNaN(v)) {
                            break;
                        }
                    }
                }
                return m;
            }
            case MIN: {
                double m = Double.POSITIVE_INFINITY;
                for (int i = 0; i < n; i++) {
                    double v = x[off + i];
                    if (v < m || Double.isNaN(v)) {
                        m = v;
                        if (Double.isNaN(v)) {
                            break;
                        }
                    }
                }
                return m;
            }
            default:
                throw new AssertionError(op);
        }
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

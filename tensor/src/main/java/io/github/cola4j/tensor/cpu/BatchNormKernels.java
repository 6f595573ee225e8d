package io.github.cola4j.tensor.cpu;

/**
 * Fused batch-norm loops over dense NCHW arrays, parallel over channels. Statistics accumulate in double;
 * forward makes two passes over x (statistics, output), backward two over (x, gradOut).
 */
final class BatchNormKernels {
    private static final boolean VECTOR = VectorSupport.enabled();

    private BatchNormKernels() {
    }

    /** Sum of a run of floats: vector lanes where the Vector API is on, else a plain loop. */
    static float sum(float[] a, int off, int n) {
        if (VECTOR) {
            return VectorSums.sum(a, off, n);
        }
        float s = 0;
        for (int j = 0; j < n; j++) {
            s += a[off + j];
        }
        return s;
    }

    /** Sum of squared deviations from {@code mu} over a run. */
    static float sumSquaredDiff(float[] a, int off, int n, float mu) {
        if (VECTOR) {
            return VectorSums.sumSquaredDiff(a, off, n, mu);
        }
        float s = 0;
        for (int j = 0; j < n; j++) {
            float d = a[off + j] - mu;
            s += d * d;
        }
        return s;
    }

    /** Sums of g and of g (x - mu) over a run, into out[0] and out[1]. */
    static void sumAndCentredDot(float[] g, float[] x, int off, int n, float mu, float[] out) {
        if (VECTOR) {
            VectorSums.sumAndCentredDot(g, x, off, n, mu, out);
            return;
        }
        float sg = 0;
        float sd = 0;
        for (int j = 0; j < n; j++) {
            sg += g[off + j];
            sd += g[off + j] * (x[off + j] - mu);
        }
        out[0] = sg;
        out[1] = sd;
    }

    /**
     * Training-mode batch norm of x [n, c, hw] into y, with the batch statistics of each channel; with
     * {@code silu}, y is the SiLU of the normalised value, computed in the same pass.
     */
    static void forward(float[] x, float[] gamma, float[] beta, int n, int c, int hw, double eps, boolean silu,
            float[] y, double[] mean, double[] invStd, double[] variance) {
        Parallel.forRange(c, 1, (from, to) -> {
            float[] work = silu && VECTOR ? new float[BatchNormSiluVector.workSize(hw)] : null;
            for (int ch = from; ch < to; ch++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    s += sum(x, (i * c + ch) * hw, hw);
                }
                double m = (double) n * hw;
                double mu = s / m;
                // Second pass for the variance keeps precision when |mean| >> std.
                double var = 0;
                for (int i = 0; i < n; i++) {
                    var += sumSquaredDiff(x, (i * c + ch) * hw, hw, (float) mu);
                }
                var /= m;
                double is = 1.0 / Math.sqrt(var + eps);
                variance[ch] = var;
                mean[ch] = mu;
                invStd[ch] = is;
                float scale = (float) (gamma[ch] * is);
                float shift = (float) (beta[ch] - mu * gamma[ch] * is);
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * hw;
                    if (!silu) {
                        for (int j = 0; j < hw; j++) {
                            y[base + j] = x[base + j] * scale + shift;
                        }
                    } else if (VECTOR) {
                        BatchNormSiluVector.forward(x, base, hw, scale, shift, y, work);
                    } else {
                        for (int j = 0; j < hw; j++) {
                            float v = x[base + j] * scale + shift;
                            y[base + j] = (float) (v / (1 + Math.exp(-v)));
                        }
                    }
                }
            }
        });
    }

    static void backward(float[] g, float[] x, double[] mean, double[] invStd, float[] gamma, int n, int c, int hw,
            float[] dx, double[] dGamma, double[] dBeta) {
        Parallel.forRange(c, 1, (from, to) -> {
            float[] sums = new float[2];
            for (int ch = from; ch < to; ch++) {
                float mu = (float) mean[ch];
                double sg = 0;
                double sgx = 0;
                for (int i = 0; i < n; i++) {
                    sumAndCentredDot(g, x, (i * c + ch) * hw, hw, mu, sums);
                    sg += sums[0];
                    sgx += sums[1];
                }
                inputGradient(g, x, mu, invStd[ch], gamma[ch], sg, sgx, n, c, hw, ch, dx, dGamma, dBeta);
            }
        });
    }

    /**
     * Gradients of the fused batch norm + SiLU: g is the gradient of silu(y), y recomputed from x. A first pass
     * per channel writes the gradient reaching y into dx and sums it; a second turns dx into the input gradient.
     */
    static void backwardSilu(float[] g, float[] x, double[] mean, double[] invStd, float[] gamma, float[] beta,
            int n, int c, int hw, float[] dx, double[] dGamma, double[] dBeta) {
        Parallel.forRange(c, 1, (from, to) -> {
            double[] sums = new double[2];
            float[] work = VECTOR ? new float[BatchNormSiluVector.workSize(hw)] : null;
            for (int ch = from; ch < to; ch++) {
                float mu = (float) mean[ch];
                float scale = (float) (gamma[ch] * invStd[ch]);
                float shift = (float) (beta[ch] - mean[ch] * gamma[ch] * invStd[ch]);
                if (VECTOR) {
                    BatchNormSiluVector.gradient(g, x, ch * hw, c * hw, n, hw, scale, shift, mu, dx, sums, work);
                } else {
                    gradientPlain(g, x, ch * hw, c * hw, n, hw, scale, shift, mu, dx, sums);
                }
                double sg = sums[0];
                double sgx = sums[1];
                inputGradient(dx, x, mu, invStd[ch], gamma[ch], sg, sgx, n, c, hw, ch, dx, dGamma, dBeta);
            }
        });
    }

    /** As {@link BatchNormSiluVector#gradient}, in plain Java. */
    private static void gradientPlain(float[] g, float[] x, int off, int stride, int runs, int n, float scale,
            float shift, float mu, float[] d, double[] sums) {
        double sg = 0;
        double sgx = 0;
        for (int run = 0, base = off; run < runs; run++, base += stride) {
            for (int j = 0; j < n; j++) {
                float v = x[base + j] * scale + shift;
                double sig = 1 / (1 + Math.exp(-v));
                float dv = (float) (g[base + j] * sig * (1 + v * (1 - sig)));
                d[base + j] = dv;
                sg += dv;
                sgx += dv * (x[base + j] - mu);
            }
        }
        sums[0] = sg;
        sums[1] = sgx;
    }

    /**
     * Channel ch's parameter gradients from the sums of the gradient gy reaching the normalised value (sg) and of
     * gy (x - mu) (sgx), and its input gradient into dx (which may be gy itself).
     */
    private static void inputGradient(float[] gy, float[] x, float mu, double is, float gamma, double sg, double sgx,
            int n, int c, int hw, int ch, float[] dx, double[] dGamma, double[] dBeta) {
        double m = (double) n * hw;
        dBeta[ch] = sg;
        dGamma[ch] = sgx * is;
        // dx = gamma*is/m * (m*gy - sum(gy) - xhat*sum(gy*xhat)),  xhat = (x-mu)*is
        float a = (float) (gamma * is);
        float b = (float) (gamma * is * sg / m);
        float k = (float) (gamma * is * is * is * sgx / m);
        for (int i = 0; i < n; i++) {
            int base = (i * c + ch) * hw;
            if (VECTOR) {
                BatchNormSiluVector.input(gy, x, base, hw, a, b, k, mu, dx);
            } else {
                for (int j = 0; j < hw; j++) {
                    dx[base + j] = a * gy[base + j] - b - k * (x[base + j] - mu);
                }
            }
        }
    }

    static void forward(double[] x, double[] gamma, double[] beta, int n, int c, int hw, double eps,
            double[] y, double[] mean, double[] invStd, double[] variance) {
        Parallel.forRange(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double m = (double) n * hw;
                double s = 0;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * hw;
                    for (int j = 0; j < hw; j++) {
                        s += x[base + j];
                    }
                }
                double mu = s / m;
                double var = 0;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * hw;
                    for (int j = 0; j < hw; j++) {
                        double d = x[base + j] - mu;
                        var += d * d;
                    }
                }
                double is = 1.0 / Math.sqrt(var / m + eps);
                variance[ch] = var / m;
                mean[ch] = mu;
                invStd[ch] = is;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * hw;
                    for (int j = 0; j < hw; j++) {
                        y[base + j] = (x[base + j] - mu) * is * gamma[ch] + beta[ch];
                    }
                }
            }
        });
    }

    static void backward(double[] g, double[] x, double[] mean, double[] invStd, double[] gamma, int n, int c, int hw,
            double[] dx, double[] dGamma, double[] dBeta) {
        Parallel.forRange(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double mu = mean[ch];
                double is = invStd[ch];
                double sg = 0;
                double sgx = 0;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * hw;
                    for (int j = 0; j < hw; j++) {
                        sg += g[base + j];
                        sgx += g[base + j] * (x[base + j] - mu) * is;
                    }
                }
                double m = (double) n * hw;
                dBeta[ch] = sg;
                dGamma[ch] = sgx;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * hw;
                    for (int j = 0; j < hw; j++) {
                        double xhat = (x[base + j] - mu) * is;
                        dx[base + j] = gamma[ch] * is / m * (m * g[base + j] - sg - xhat * sgx);
                    }
                }
            }
        });
    }
}

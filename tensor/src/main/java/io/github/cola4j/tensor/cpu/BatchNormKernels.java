package io.github.cola4j.tensor.cpu;

/**
 * Fused batch-norm loops over dense NCHW arrays, parallel over channels. Statistics accumulate in double;
 * forward makes two passes over x (statistics, output), backward two over (x, gradOut).
 */
final class BatchNormKernels {
    private BatchNormKernels() {
    }

    static void forward(float[] x, float[] gamma, float[] beta, int n, int c, int hw, double eps,
            float[] y, double[] mean, double[] invStd, double[] variance) {
        Parallel.forRange(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double s = 0;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * hw;
                    float fs = 0;
                    for (int j = 0; j < hw; j++) {
                        fs += x[base + j];
                    }
                    s += fs;
                }
                double m = (double) n * hw;
                double mu = s / m;
                // Second pass for the variance keeps precision when |mean| >> std.
                double var = 0;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * hw;
                    float fv = 0;
                    float fmu = (float) mu;
                    for (int j = 0; j < hw; j++) {
                        float d = x[base + j] - fmu;
                        fv += d * d;
                    }
                    var += fv;
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
                    for (int j = 0; j < hw; j++) {
                        y[base + j] = x[base + j] * scale + shift;
                    }
                }
            }
        });
    }

    static void backward(float[] g, float[] x, double[] mean, double[] invStd, float[] gamma, int n, int c, int hw,
            float[] dx, double[] dGamma, double[] dBeta) {
        Parallel.forRange(c, 1, (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float mu = (float) mean[ch];
                double sg = 0;
                double sgx = 0;
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * hw;
                    float fg = 0;
                    float fgx = 0;
                    for (int j = 0; j < hw; j++) {
                        float gv = g[base + j];
                        fg += gv;
                        fgx += gv * (x[base + j] - mu);
                    }
                    sg += fg;
                    sgx += fgx;
                }
                double is = invStd[ch];
                double m = (double) n * hw;
                dBeta[ch] = sg;
                dGamma[ch] = sgx * is;
                // dx = gamma*is/m * (m*g - sum(g) - xhat*sum(g*xhat)),  xhat = (x-mu)*is
                float a = (float) (gamma[ch] * is);
                float b = (float) (gamma[ch] * is * sg / m);
                float k = (float) (gamma[ch] * is * is * is * sgx / m);
                for (int i = 0; i < n; i++) {
                    int base = (i * c + ch) * hw;
                    for (int j = 0; j < hw; j++) {
                        dx[base + j] = a * g[base + j] - b - k * (x[base + j] - mu);
                    }
                }
            }
        });
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

package io.github.cola4j.tensor.cpu;

import java.util.Random;

/** Random data and error metrics shared by the convolution tests. */
final class ConvTestSupport {

    private ConvTestSupport() {
    }

    static float[] randomFloats(int size, Random r) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    static double[] randomDoubles(int size, Random r) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) {
            x[i] = r.nextGaussian();
        }
        return x;
    }

    static double[] toDouble(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * Largest absolute difference divided by the largest absolute reference value (1 when the reference is
     * all zeros, so that small absolute errors still pass).
     */
    static double relativeError(float[] got, double[] expected) {
        double maxDiff = 0;
        double scale = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(got[i] - expected[i]);
            if (!(d <= maxDiff)) {
                maxDiff = Double.isNaN(d) ? Double.POSITIVE_INFINITY : d;
            }
            scale = Math.max(scale, Math.abs(expected[i]));
        }
        return maxDiff / Math.max(scale, 1e-3);
    }
}

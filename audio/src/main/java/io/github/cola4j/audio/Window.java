package io.github.cola4j.audio;

/** Analysis windows. */
public final class Window {

    private Window() {
    }

    /**
     * The Hann window of {@code n} points: periodic (as torch.hann_window and tf.signal.hann_window default,
     * denominator n) or symmetric (denominator n - 1).
     *
     * @param n the window length in samples, at least 1
     * @param periodic true for the periodic window (for spectral analysis), false for the symmetric one
     * @return a new array of {@code n} weights in [0, 1]; {@code {1}} when {@code n} is 1
     * @throws IllegalArgumentException if {@code n} is below 1
     */
    public static float[] hann(int n, boolean periodic) {
        if (n <= 0) {
            throw new IllegalArgumentException("window length must be positive: " + n);
        }
        float[] w = new float[n];
        if (n == 1) {
            w[0] = 1;
            return w;
        }
        double d = periodic ? n : n - 1;
        for (int i = 0; i < n; i++) {
            w[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / d));
        }
        return w;
    }
}

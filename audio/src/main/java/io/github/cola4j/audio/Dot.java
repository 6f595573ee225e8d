package io.github.cola4j.audio;

/**
 * Float dot products: on the Vector API when the JVM was started with {@code --add-modules jdk.incubator.vector},
 * otherwise plain Java with four accumulators. The choice is made once, when this class loads.
 */
final class Dot {

    static final boolean VECTOR = vectorAvailable();

    private Dot() {
    }

    private static boolean vectorAvailable() {
        if (Boolean.getBoolean("cola4j.noVector")) {
            return false;
        }
        try {
            if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
                return false;
            }
            return VectorDot.dot(new float[] {1, 2}, 0, new float[] {3, 4}, 0, 2) == 11f;
        } catch (LinkageError | RuntimeException e) {
            return false;
        }
    }

    /** {@code sum_i a[aOff + i] * b[bOff + i]} for {@code i < n}. */
    static float dot(float[] a, int aOff, float[] b, int bOff, int n) {
        if (VECTOR) {
            return VectorDot.dot(a, aOff, b, bOff, n);
        }
        return scalar(a, aOff, b, bOff, n);
    }

    static float scalar(float[] a, int aOff, float[] b, int bOff, int n) {
        float a0 = 0;
        float a1 = 0;
        float a2 = 0;
        float a3 = 0;
        int m = 0;
        for (; m + 3 < n; m += 4) {
            a0 += a[aOff + m] * b[bOff + m];
            a1 += a[aOff + m + 1] * b[bOff + m + 1];
            a2 += a[aOff + m + 2] * b[bOff + m + 2];
            a3 += a[aOff + m + 3] * b[bOff + m + 3];
        }
        for (; m < n; m++) {
            a0 += a[aOff + m] * b[bOff + m];
        }
        return (a0 + a1) + (a2 + a3);
    }
}

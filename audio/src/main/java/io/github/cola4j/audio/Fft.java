package io.github.cola4j.audio;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jtransforms.fft.FloatFFT_1D;
import org.jtransforms.utils.CommonUtils;
import pl.edu.icm.jlargearrays.ConcurrencyUtils;

/**
 * A real FFT of one size on JTransforms, configured single-threaded.
 *
 * <p>JTransforms splits large transforms over a global thread pool of non-daemon threads, which both keeps
 * the JVM alive and makes concurrent use from several threads contend for one pool. This library parallelises
 * over clips instead: the first use switches JTransforms to one thread and installs a daemon pool in case
 * anything still submits work. Instances hold scratch state and are not thread-safe: give each thread its own.
 */
final class Fft {

    static {
        ConcurrencyUtils.setNumberOfThreads(1);
        CommonUtils.setThreadsBeginN_1D_FFT_2Threads(Long.MAX_VALUE);
        CommonUtils.setThreadsBeginN_1D_FFT_4Threads(Long.MAX_VALUE);
        ExecutorService daemons = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "cola4j-jtransforms");
            t.setDaemon(true);
            return t;
        });
        ConcurrencyUtils.setThreadPool(daemons);
    }

    private final int n;
    private final FloatFFT_1D fft;

    Fft(int n) {
        if (n < 2 || (n & 1) != 0) {
            throw new IllegalArgumentException("FFT size must be even and at least 2: " + n);
        }
        this.n = n;
        this.fft = new FloatFFT_1D(n);
    }

    int size() {
        return n;
    }

    /**
     * In-place real forward transform of {@code a[0..n)}. On return, {@code a[2k], a[2k+1]} hold the real and
     * imaginary parts of bin k for 0 < k < n/2, {@code a[0]} bin 0 and {@code a[1]} bin n/2 (both real).
     */
    void forward(float[] a) {
        fft.realForward(a);
    }
}

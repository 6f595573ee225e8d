package io.github.cola4j.tensor;

import io.github.cola4j.tensor.cpu.CpuBackend;

/** Where new tensors are created unless a backend is named: the CPU backend until changed. */
public final class Backends {
    private static volatile Backend defaultBackend = CpuBackend.INSTANCE;

    private Backends() {
    }

    /**
     * The pure-Java CPU backend, always available.
     *
     * @return the single CPU backend instance
     */
    public static Backend cpu() {
        return CpuBackend.INSTANCE;
    }

    /**
     * The backend that new tensors are created on.
     *
     * @return the current default, never null; the CPU backend unless {@link #setDefault} changed it
     */
    public static Backend defaultBackend() {
        return defaultBackend;
    }

    /**
     * Makes {@code backend} the one new tensors are created on, for all threads; throws IllegalArgumentException
     * for null.
     *
     * @param backend the new default; tensors that already exist stay on their own backend
     * @throws IllegalArgumentException if {@code backend} is null
     */
    public static void setDefault(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("backend must not be null");
        }
        defaultBackend = backend;
    }
}

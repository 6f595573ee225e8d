package io.github.cola4j.tensor;

import io.github.cola4j.tensor.cpu.CpuBackend;

/** Where new tensors are created unless a backend is named: the CPU backend until changed. */
public final class Backends {
    private static volatile Backend defaultBackend = CpuBackend.INSTANCE;

    private Backends() {
    }

    public static Backend cpu() {
        return CpuBackend.INSTANCE;
    }

    public static Backend defaultBackend() {
        return defaultBackend;
    }

    public static void setDefault(Backend backend) {
        if (backend == null) {
            throw new IllegalArgumentException("backend must not be null");
        }
        defaultBackend = backend;
    }
}

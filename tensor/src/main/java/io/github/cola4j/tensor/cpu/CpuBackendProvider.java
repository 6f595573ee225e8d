package io.github.cola4j.tensor.cpu;

import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.BackendProvider;

/** Makes the pure-Java CPU backend available as "cpu" to {@link io.github.cola4j.tensor.Backends}. */
public final class CpuBackendProvider implements BackendProvider {
    /** The name of the CPU backend. */
    public static final String NAME = "cpu";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Backend open() {
        return CpuBackend.INSTANCE;
    }
}

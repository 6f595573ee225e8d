package io.github.cola4j.examples.cli;

import io.github.cola4j.opencl.BackendSelector;
import java.io.PrintWriter;
import java.util.Locale;

/**
 * The compute backend a command runs on, chosen with {@code --backend cpu|opencl|auto}: {@code opencl} takes an
 * OpenCL device (falling back to the CPU with one warning that says why), {@code auto} an OpenCL GPU when there is
 * one. The choice becomes the default backend, so models and batches the command creates live there.
 */
public enum Backend {
    CPU, OPENCL, AUTO;

    /** Parses the option value (case-insensitive). */
    public static Backend parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown backend '" + value + "' (expected cpu, opencl or auto)");
        }
    }

    /** Makes the requested backend the default and returns the one actually used. */
    public static Backend select(Backend requested, PrintWriter err) {
        io.github.cola4j.tensor.Backend chosen = BackendSelector.install(requested.name().toLowerCase(Locale.ROOT));
        if (requested != CPU) {
            err.println("backend: " + chosen.name());
            err.flush();
        }
        return chosen.name().startsWith("opencl") ? OPENCL : CPU;
    }
}

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
    /** The pure-Java CPU backend. */
    CPU,
    /** An OpenCL device, or the CPU with a warning when none can be opened. */
    OPENCL,
    /** An OpenCL GPU when there is one, otherwise the CPU. */
    AUTO;

    /**
     * Parses the option value (case-insensitive).
     *
     * @param value {@code cpu}, {@code opencl} or {@code auto}, in any case, surrounding blanks ignored
     * @return the matching choice
     * @throws IllegalArgumentException if the value names none of the three
     */
    public static Backend parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown backend '" + value + "' (expected cpu, opencl or auto)");
        }
    }

    /**
     * Makes the requested backend the default and returns the one actually used.
     *
     * @param requested the backend asked for on the command line
     * @param err receives a {@code backend: <name>} line (and any fallback warning) unless {@code requested} is
     *     {@link #CPU}
     * @return {@link #OPENCL} when an OpenCL device is now the default, otherwise {@link #CPU} (never {@link #AUTO})
     */
    public static Backend select(Backend requested, PrintWriter err) {
        io.github.cola4j.tensor.Backend chosen = BackendSelector.install(requested.name().toLowerCase(Locale.ROOT));
        if (requested != CPU) {
            err.println("backend: " + chosen.name());
            err.flush();
        }
        return chosen.name().startsWith("opencl") ? OPENCL : CPU;
    }
}

package io.github.cola4j.examples.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * The compute backend a command runs on, chosen with {@code --backend cpu|opencl|auto}. This build has only the CPU
 * backend: asking for {@code opencl} or {@code auto} prints one warning and runs on the CPU. The choice is made in
 * {@link #select} only, so an OpenCL backend can be wired in here without touching the commands.
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

    /** Makes the requested backend current and returns the one actually used (always {@link #CPU} for now). */
    public static Backend select(Backend requested, PrintWriter err) {
        if (requested != CPU) {
            err.println("warning: the OpenCL backend is not available in this build; using the CPU backend");
            err.flush();
        }
        return CPU;
    }
}

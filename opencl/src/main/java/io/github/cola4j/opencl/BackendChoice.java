package io.github.cola4j.opencl;

import java.util.Locale;

/**
 * Which compute backend to run on: the one type a choice travels as, from a command-line option or a system
 * property to {@link BackendSelector#select(BackendChoice)}.
 */
public enum BackendChoice {
    /** The pure-Java CPU backend. */
    CPU,
    /** The first OpenCL device, or the CPU with one warning saying why when none can run. */
    OPENCL,
    /** An OpenCL GPU when there is one, otherwise the CPU (logged, not warned). */
    AUTO;

    /**
     * Parses a choice, case-insensitively.
     *
     * @param value {@code cpu}, {@code opencl} or {@code auto} in any case, surrounding blanks ignored
     * @return the matching choice
     * @throws IllegalArgumentException when the value names none of the three (the message names the value)
     */
    public static BackendChoice parse(String value) {
        if (value != null) {
            for (BackendChoice c : values()) {
                if (c.toString().equals(value.trim().toLowerCase(Locale.ROOT))) {
                    return c;
                }
            }
        }
        throw new IllegalArgumentException("unknown backend '" + value + "' (expected cpu, opencl or auto)");
    }

    /**
     * The choice named by the system property {@value BackendSelector#PROPERTY}.
     *
     * @return the parsed property, {@link #CPU} when it is not set
     * @throws IllegalArgumentException when the property names no known backend
     */
    public static BackendChoice fromSystemProperty() {
        return parse(System.getProperty(BackendSelector.PROPERTY, "cpu"));
    }

    /**
     * The choice as it is written on a command line.
     *
     * @return {@code cpu}, {@code opencl} or {@code auto}
     */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}

package io.github.cola4j.tensor;

/**
 * A backend that {@link java.util.ServiceLoader} finds on the class path: each module that brings a backend
 * lists its provider in {@code META-INF/services/io.github.cola4j.tensor.BackendProvider}, and
 * {@link Backends#named(String)} opens it by name, so code can choose a backend it does not compile against.
 */
public interface BackendProvider {

    /**
     * The name the backend is chosen by, such as "cpu" or "opencl": lower case, unique on the class path.
     *
     * @return the name
     */
    String name();

    /**
     * Opens the backend: the same instance every call for a backend without resources (the CPU), a new one that
     * the caller closes for a device.
     *
     * @return the backend, ready for use
     * @throws UnsupportedOperationException if the backend cannot run here (no device, no native library); the
     *     message says why
     */
    Backend open();
}

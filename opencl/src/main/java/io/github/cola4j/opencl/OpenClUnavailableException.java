package io.github.cola4j.opencl;

/**
 * OpenCL cannot run here: no library, no device, a kernel that does not build, or Aparapi fell back to Java. An
 * {@link UnsupportedOperationException}, as {@link io.github.cola4j.tensor.BackendProvider#open()} promises.
 */
public final class OpenClUnavailableException extends UnsupportedOperationException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception saying why OpenCL cannot be used.
     *
     * @param message the reason, for the log line of the fallback
     */
    public OpenClUnavailableException(String message) {
        super(message);
    }

    /**
     * An exception saying why OpenCL cannot be used, with the underlying failure.
     *
     * @param message the reason, for the log line of the fallback
     * @param cause what failed (Aparapi's or the driver's exception)
     */
    public OpenClUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}

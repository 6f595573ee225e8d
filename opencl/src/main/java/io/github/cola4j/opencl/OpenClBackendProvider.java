package io.github.cola4j.opencl;

import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.BackendProvider;

/**
 * Makes the OpenCL backend available as "opencl" to {@link io.github.cola4j.tensor.Backends#named(String)}: the
 * first OpenCL device (GPUs first) whose name contains the system property
 * {@value BackendSelector#DEVICE_PROPERTY}, when set. Unlike {@link BackendSelector}, it never falls back to the
 * CPU: a caller that names OpenCL this way learns why it cannot run.
 */
public final class OpenClBackendProvider implements BackendProvider {
    /** The name of the OpenCL backend. */
    public static final String NAME = "opencl";

    @Override
    public String name() {
        return NAME;
    }

    /**
     * A new OpenCL backend, which the caller closes.
     *
     * @throws OpenClUnavailableException (an {@link UnsupportedOperationException}) naming why OpenCL cannot run
     */
    @Override
    public Backend open() {
        return OpenClBackend.create(false, System.getProperty(BackendSelector.DEVICE_PROPERTY, ""));
    }
}

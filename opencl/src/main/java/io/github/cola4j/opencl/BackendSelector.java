package io.github.cola4j.opencl;

import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.Backends;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;

/**
 * Picks the compute backend for a {@link BackendChoice}: {@code cpu}, {@code opencl} or {@code auto} (parsed from
 * a command-line {@code --backend} value, or from the system property {@value #PROPERTY} by
 * {@link BackendChoice#fromSystemProperty()}).
 *
 * <ul>
 *   <li>{@code cpu}: the pure-Java backend.</li>
 *   <li>{@code opencl}: the first OpenCL device (a GPU when there is one, else any OpenCL device such as PoCL on
 *       the CPU). Where OpenCL cannot run (no library, no device, kernels that fail to build or that Aparapi
 *       would run in its Java thread pool) it falls back to the CPU backend with one warning saying why.</li>
 *   <li>{@code auto}: an OpenCL GPU when there is one, else the CPU backend (logged, not warned).</li>
 * </ul>
 * The chosen backend and device are always logged at INFO on the {@code io.github.cola4j}
 * {@link System.Logger}. The optional property {@value #DEVICE_PROPERTY} restricts OpenCL to devices whose name
 * contains its value.
 */
public final class BackendSelector {
    /** System property naming the backend: {@code cpu}, {@code opencl} or {@code auto}; read by the CLI's default. */
    public static final String PROPERTY = "cola4j.backend";
    /** System property that, when set, restricts OpenCL to devices whose name contains its value. */
    public static final String DEVICE_PROPERTY = "cola4j.opencl.device";
    private static final Logger LOG = System.getLogger("io.github.cola4j");

    private BackendSelector() {
    }

    /**
     * Selects a backend; see the class notes.
     *
     * @param choice what to run on; null means {@link BackendChoice#CPU}
     * @return the CPU backend or a new OpenCL backend (the caller closes it); the CPU backend when OpenCL cannot
     *     run, with one logged warning ({@code opencl}) or an info line ({@code auto}) giving the reason
     */
    public static Backend select(BackendChoice choice) {
        String filter = System.getProperty(DEVICE_PROPERTY, "");
        switch (choice == null ? BackendChoice.CPU : choice) {
            case OPENCL:
                try {
                    return opened(OpenClBackend.create(false, filter));
                } catch (OpenClUnavailableException e) {
                    LOG.log(Level.WARNING, "cola4j backend: OpenCL was asked for but cannot run ("
                            + e.getMessage() + "); using the CPU backend");
                    return Backends.cpu();
                }
            case AUTO:
                try {
                    return opened(OpenClBackend.create(true, filter));
                } catch (OpenClUnavailableException e) {
                    LOG.log(Level.INFO, "cola4j backend: cpu (auto: " + e.getMessage() + ")");
                    return Backends.cpu();
                }
            case CPU:
            default:
                LOG.log(Level.INFO, "cola4j backend: cpu");
                return Backends.cpu();
        }
    }

    /**
     * Whether a backend that {@link #select} returned runs on an OpenCL device.
     *
     * @param backend a selected backend
     * @return {@link BackendChoice#OPENCL} for an OpenCL device, {@link BackendChoice#CPU} otherwise
     */
    public static BackendChoice chosen(Backend backend) {
        return backend instanceof OpenClBackend ? BackendChoice.OPENCL : BackendChoice.CPU;
    }

    /**
     * Selects a backend and makes it the default for new tensors.
     *
     * @param choice as for {@link #select(BackendChoice)}
     * @return the backend now the default
     */
    public static Backend install(BackendChoice choice) {
        Backend b = select(choice);
        Backends.setDefault(b);
        return b;
    }

    private static Backend opened(OpenClBackend b) {
        LOG.log(Level.INFO, "cola4j backend: " + b.name() + " on " + b.deviceDescription());
        return b;
    }
}

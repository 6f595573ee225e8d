package io.github.cola4j.opencl;

import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.Backends;
import java.util.Locale;
import java.util.logging.Logger;

/**
 * Picks the compute backend: {@code cpu}, {@code opencl} or {@code auto}, by API, by a command-line
 * {@code --backend} value or by the system property {@value #PROPERTY}.
 *
 * <ul>
 *   <li>{@code cpu}: the pure-Java backend.</li>
 *   <li>{@code opencl}: the first OpenCL device (a GPU when there is one, else any OpenCL device such as PoCL on
 *       the CPU). Where OpenCL cannot run (no library, no device, kernels that fail to build or that Aparapi
 *       would run in its Java thread pool) it falls back to the CPU backend with one warning saying why.</li>
 *   <li>{@code auto}: an OpenCL GPU when there is one, else the CPU backend (logged, not warned).</li>
 * </ul>
 * The chosen backend and device are always logged at INFO on the {@code io.github.cola4j} logger. The optional
 * property {@value #DEVICE_PROPERTY} restricts OpenCL to devices whose name contains its value.
 */
public final class BackendSelector {
    /** System property naming the backend: {@code cpu}, {@code opencl} or {@code auto}. */
    public static final String PROPERTY = "cola4j.backend";
    /** System property that, when set, restricts OpenCL to devices whose name contains its value. */
    public static final String DEVICE_PROPERTY = "cola4j.opencl.device";
    private static final Logger LOG = Logger.getLogger("io.github.cola4j");

    private BackendSelector() {
    }

    /**
     * The backend named by {@value #PROPERTY} (default {@code cpu}).
     *
     * @return the selected backend; the CPU backend, with a logged warning, when OpenCL was asked for and cannot run
     * @throws IllegalArgumentException when the property names no known backend
     */
    public static Backend fromSystemProperty() {
        return select(System.getProperty(PROPERTY, "cpu"));
    }

    /**
     * The value of {@code --backend X} or {@code --backend=X} in {@code args}, else of {@value #PROPERTY}, else
     * {@code cpu}.
     *
     * @param args command-line arguments, searched in order (the first {@code --backend} wins)
     * @return the backend's name as given, not yet checked
     */
    public static String choiceFromArgs(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--backend") && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--backend=")) {
                return args[i].substring("--backend=".length());
            }
        }
        return System.getProperty(PROPERTY, "cpu");
    }

    /**
     * Selects a backend by name; see the class notes.
     *
     * @param choice {@code cpu}, {@code opencl} or {@code auto}, any case; null means {@code cpu}
     * @return the CPU backend or a new OpenCL backend (the caller closes it); the CPU backend when OpenCL cannot
     *     run, with one logged warning ({@code opencl}) or an info line ({@code auto}) giving the reason
     * @throws IllegalArgumentException when {@code choice} names no known backend
     */
    public static Backend select(String choice) {
        String c = choice == null ? "cpu" : choice.trim().toLowerCase(Locale.ROOT);
        String filter = System.getProperty(DEVICE_PROPERTY, "");
        switch (c) {
            case "cpu":
                LOG.info("cola4j backend: cpu");
                return Backends.cpu();
            case "opencl":
                try {
                    return opened(OpenClBackend.create(false, filter));
                } catch (OpenClUnavailableException e) {
                    LOG.warning("cola4j backend: OpenCL was asked for but cannot run (" + e.getMessage()
                            + "); using the CPU backend");
                    return Backends.cpu();
                }
            case "auto":
                try {
                    return opened(OpenClBackend.create(true, filter));
                } catch (OpenClUnavailableException e) {
                    LOG.info("cola4j backend: cpu (auto: " + e.getMessage() + ")");
                    return Backends.cpu();
                }
            default:
                throw new IllegalArgumentException("unknown backend '" + choice + "': use cpu, opencl or auto");
        }
    }

    /**
     * Selects a backend and makes it the default for new tensors.
     *
     * @param choice as for {@link #select(String)}
     * @return the backend now the default
     * @throws IllegalArgumentException when {@code choice} names no known backend
     */
    public static Backend install(String choice) {
        Backend b = select(choice);
        Backends.setDefault(b);
        return b;
    }

    private static Backend opened(OpenClBackend b) {
        LOG.info("cola4j backend: " + b.name() + " on " + b.deviceDescription());
        return b;
    }
}

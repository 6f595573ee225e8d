package io.github.cola4j.examples.cli;

import io.github.cola4j.opencl.BackendChoice;
import io.github.cola4j.opencl.BackendSelector;
import io.github.cola4j.tensor.Backend;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every pipeline command has: {@code --backend} and how relative paths are resolved. */
public final class CommonOptions {

    @Option(names = "--backend", defaultValue = "${sys:cola4j.backend:-cpu}", paramLabel = "cpu|opencl|auto",
            converter = BackendConverter.class,
            description = "Compute backend: cpu, opencl (an OpenCL device; the CPU with a warning when there is none) "
                    + "or auto (an OpenCL GPU when there is one) (default: ${DEFAULT-VALUE}).")
    BackendChoice backend = BackendChoice.CPU;

    /**
     * The directory relative paths are relative to: the user's working directory.
     *
     * @return the absolute path of the {@code user.dir} system property
     */
    public static Path workingDir() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath();
    }

    /**
     * {@code p} resolved against the working directory (absolute paths unchanged), normalised.
     *
     * @param p a path from the command line, relative or absolute
     * @return the absolute, normalised path
     */
    public static Path resolve(Path p) {
        return workingDir().resolve(p).normalize();
    }

    /**
     * {@code p} resolved, or {@code fallback} resolved when {@code p} is null.
     *
     * @param p a path from the command line, or null when the option was not given
     * @param fallback the default path, relative to the working directory (for example {@code "."})
     * @return the absolute, normalised path
     */
    public static Path resolve(Path p, String fallback) {
        return resolve(p == null ? Path.of(fallback) : p);
    }

    /**
     * The {@code --backend} value.
     *
     * @return the requested backend; {@link BackendChoice#CPU} unless the option or the {@code cola4j.backend}
     *     system property says otherwise
     */
    public BackendChoice backend() {
        return backend;
    }

    /**
     * Makes the requested backend the default, so models and batches the command creates live there.
     *
     * @param err where the command's messages go; the backend itself is reported by the selector's log line
     *     ({@code cola4j backend: ...}, any fallback as a warning), which the CLI prints there
     * @return the backend now the default
     */
    public Backend installBackend(PrintWriter err) {
        return BackendSelector.install(backend);
    }

    static final class BackendConverter implements picocli.CommandLine.ITypeConverter<BackendChoice> {
        @Override
        public BackendChoice convert(String value) {
            try {
                return BackendChoice.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}

package io.github.cola4j.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The options every pipeline command has: {@code --backend} and how relative paths are resolved. */
public final class CommonOptions {

    @Option(names = "--backend", defaultValue = "${sys:cola4j.backend:-cpu}", paramLabel = "cpu|opencl|auto",
            converter = BackendConverter.class,
            description = "Compute backend: cpu, opencl (an OpenCL device; the CPU with a warning when there is none) "
                    + "or auto (an OpenCL GPU when there is one) (default: ${DEFAULT-VALUE}).")
    Backend backend = Backend.CPU;

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
     * @return the requested backend; {@link Backend#CPU} unless the option or the {@code cola4j.backend} system
     *     property says otherwise
     */
    public Backend backend() {
        return backend;
    }

    static final class BackendConverter implements picocli.CommandLine.ITypeConverter<Backend> {
        @Override
        public Backend convert(String value) {
            try {
                return Backend.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}

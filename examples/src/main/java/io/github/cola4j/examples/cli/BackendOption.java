package io.github.cola4j.examples.cli;

import io.github.cola4j.opencl.BackendChoice;
import io.github.cola4j.opencl.BackendSelector;
import io.github.cola4j.tensor.Backend;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * The {@code --backend cpu|opencl|auto} option, a mixin for the commands that compute with tensors ({@code forward},
 * {@code train-encoder}, {@code classify}, {@code demo}); commands that do not (decoding audio, reading CSV) do not
 * have it. The default is {@code cpu} for every command, or the {@code cola4j.backend} system property.
 */
public final class BackendOption {

    @Option(names = "--backend", defaultValue = "${sys:cola4j.backend:-cpu}", paramLabel = "cpu|opencl|auto",
            converter = BackendConverter.class,
            description = "Compute backend: cpu, opencl (an OpenCL device; the CPU with a warning when there is none) "
                    + "or auto (an OpenCL GPU when there is one) (default: ${DEFAULT-VALUE}).")
    BackendChoice backend = BackendChoice.CPU;

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
     * Makes the requested backend the default, so models and batches the command creates live there. The backend
     * is reported by the selector's log line ({@code cola4j backend: ...}, any fallback as a warning), which the
     * command line prints on the command's error stream.
     *
     * @return the backend now the default
     */
    public Backend install() {
        return BackendSelector.install(backend);
    }

    /** Reads {@code cpu}, {@code opencl} and {@code auto}. */
    static final class BackendConverter implements CommandLine.ITypeConverter<BackendChoice> {
        @Override
        public BackendChoice convert(String value) {
            try {
                return BackendChoice.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}

package io.github.cola4j.examples.cli;

import io.github.cola4j.autograd.Autograd;
import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.StateDictException;
import io.github.cola4j.nn.io.ModelFiles;
import io.github.cola4j.nn.io.Safetensors;
import io.github.cola4j.cola.EncoderDescription;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.opencl.BackendSelector;
import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.io.Npy;
import io.github.cola4j.tensor.io.NpyArray;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code forward}: runs an encoder in evaluation mode on a batch of spectrograms and writes the pooled features.
 *
 * <pre>
 * forward --weights encoder.safetensors --input x.npy --output y.npy [--pooling avg|max]
 * </pre>
 *
 * The weights are a safetensors file with the encoder's {@code features.*} keys. The network is the one the file
 * describes (its metadata, or the {@code .json} beside it, as {@code train-encoder} writes them); a file without
 * a description (from PyTorch, say) is taken as EfficientNet-B0 with {@code --pooling}. The input is a float32 or
 * float64 {@code .npy} of shape [N, 1, T, F], [N, T, F] or [T, F] (one clip, as {@code mel} writes it); the output
 * is float32 [N, features]. Relative paths resolve against the working directory. Exit codes: 0 done, 1 a file
 * that cannot be read, does not fit the model or has the wrong shape, 2 bad usage; errors are reported as
 * {@code cola4j forward: <file>: <what>} (see {@link Cola4jCli}).
 */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = {"Runs an encoder (eval mode) on spectrograms [N,1,T,F], [N,T,F] or [T,F] (mel's output)"
                + " and writes its pooled features [N,width].",
            "The encoder is the one the weights file describes (train-encoder writes the description);"
                + " a file without one is taken as EfficientNet-B0 (1-channel stem) with --pooling."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:a file cannot be read or written, does not fit the model or has the wrong shape",
            "2:bad usage"})
public final class ForwardCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--weights", required = true, paramLabel = "FILE",
            description = "Encoder weights (.safetensors with features.* keys, e.g. train-encoder's encoder.safetensors).")
    Path weights;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Input spectrograms, .npy [N,1,T,F], [N,T,F] or [T,F].")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "FILE", description = "Output features, .npy float32 [N,width] (width 1280 for B0).")
    Path output;

    @Option(names = "--pooling", defaultValue = "avg", paramLabel = "avg|max",
            description = "Global pooling for weights that do not describe their encoder (default: ${DEFAULT-VALUE}).")
    String pooling;

    @Mixin
    BackendOption backend;

    /**
     * Runs the command on its own (it is normally a subcommand of the cola4j command line).
     *
     * @param args the command's options; the JVM exits with its exit code
     */
    public static void main(String[] args) {
        String[] all = new String[args.length + 1];
        all[0] = "forward";
        System.arraycopy(args, 0, all, 1, args.length);
        System.exit(Cola4jCli.commandLine().execute(all));
    }

    @Override
    public Integer call() {
        EfficientNetConfig.Pooling pool = parsePooling();
        Path weightsFile = weights.toAbsolutePath();
        Path inputFile = input.toAbsolutePath();
        Path outputFile = output.toAbsolutePath();
        Backend previous = Backends.defaultBackend();
        try {
            Tensor x = readInput(inputFile);
            if (!Files.isRegularFile(weightsFile)) {
                throw new IOException(weightsFile + ": no such file");
            }
            Safetensors.Contents contents = Safetensors.read(weightsFile);
            EncoderDescription described = EncoderDescription.find(weightsFile, contents.metadata());
            EfficientNetConfig config = described != null ? described.config(0)
                    : EfficientNetConfig.b0(pool).withStochasticDepth(0);
            if (x.dim(1) != config.inChannels()) {
                throw new IOException(inputFile + ": " + x.dim(1) + " input channel(s), the encoder takes "
                        + config.inChannels());
            }
            EfficientNet net = new EfficientNet(config);
            ModelFiles.load(net, weightsFile, contents.tensors(), true);
            Backend device = BackendSelector.install(backend.backend());
            spec.commandLine().getOut().printf("running on %s%n", device.name());
            net.to(device);
            x = x.to(device);
            net.eval();
            Tensor y;
            try (Autograd.NoGradScope s = Autograd.noGrad()) {
                y = net.forward(Variable.constant(x)).value();
            }
            Path parent = outputFile.getParent();
            if (parent != null && !Files.isDirectory(parent)) {
                throw new IOException(outputFile + ": directory " + parent + " does not exist");
            }
            Npy.write(outputFile, y.toFloatArray(), y.shape());
            spec.commandLine().getOut().printf("wrote %s features to %s%n", Arrays.toString(y.shape()), outputFile);
            spec.commandLine().getOut().flush();
            return 0;
        } catch (IOException e) {
            throw CommandFailure.of(e);
        } catch (StateDictException e) {
            String m = e.getMessage();
            throw new CommandFailure(m != null && m.contains(weightsFile.toString()) ? m : weightsFile + ": " + m, e);
        } finally {
            Backends.setDefault(previous);
        }
    }

    private EfficientNetConfig.Pooling parsePooling() {
        switch (pooling.toLowerCase(Locale.ROOT)) {
            case "avg":
                return EfficientNetConfig.Pooling.AVG;
            case "max":
                return EfficientNetConfig.Pooling.MAX;
            default:
                throw new ParameterException(spec.commandLine(),
                        "Invalid value for option '--pooling': '" + pooling + "' (expected avg or max)");
        }
    }

    private static Tensor readInput(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such file");
        }
        NpyArray a = Npy.read(file);
        long[] s = a.shape();
        for (long d : s) {
            if (d < 1) {
                throw new IOException(file + ": input has an empty dimension: " + Arrays.toString(s));
            }
        }
        int[] in = a.intShape();
        // one clip [T, F] (mel's output) or a batch without the channel axis [N, T, F] gets it added
        int[] shape = switch (s.length) {
            case 2 -> new int[] {1, 1, in[0], in[1]};
            case 3 -> new int[] {in[0], 1, in[1], in[2]};
            case 4 -> in;
            default -> throw new IOException(file + ": input must have shape [N, C, T, F], [N, T, F] or [T, F],"
                    + " got " + Arrays.toString(s));
        };
        return Tensor.of(a.toFloats(), shape);
    }
}

package io.github.cola4j.examples.cli;

import io.github.cola4j.cola.embed.AudioEncoder;
import io.github.cola4j.cola.embed.ClipEmbedding;
import io.github.cola4j.examples.embed.EmbeddingFiles;
import io.github.cola4j.examples.fma.ProgressBar;
import io.github.cola4j.tensor.Backend;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cola4j embed}: one embedding per audio file, straight from MP3 or WAV, with the encoder's own
 * front-end, written as {@code NAME.npy} and {@code NAME.csv} ({@link EmbeddingFiles}).
 */
@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Embeds every MP3/WAV file under --mp3_path (or the one file) with a trained encoder:"
                + " each clip is decoded, turned into the encoder's log-mel preset, cut into windows of its crop"
                + " length, and its embedding is the mean of the windows' pooled features.",
            "Writes NAME.npy ([N, D] float32) and NAME.csv (path, seconds, windows; the same rows). Files that cannot"
                + " be decoded are reported and skipped. Chunks of finished files wait in NAME.parts/, so an"
                + " interrupted run continues where it stopped when started again."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (bad audio files are reported, not fatal)", "1:the encoder or the folder cannot be"
                + " read, or an output cannot be written", "2:bad usage"})
public final class EmbedCommand implements Callable<Integer> {

    @Option(names = {"--encoder_path", "--encoder-path"}, required = true, paramLabel = "FILE",
            description = "Encoder file from train-encoder (encoder.safetensors; it describes its network and"
                    + " front-end).")
    Path encoderPath;

    @Option(names = {"--mp3_path", "--mp3-path"}, required = true, paramLabel = "DIR|FILE",
            description = "A folder (searched recursively for .mp3 and .wav) or one audio file.")
    Path mp3Path;

    @Option(names = "--out", defaultValue = "embeddings", paramLabel = "NAME",
            description = "Output name without extension: NAME.npy and NAME.csv (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--chunk", defaultValue = "256", paramLabel = "N",
            description = "Files per resumable chunk (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 1)
    int chunk;

    @Mixin
    BackendOption backend;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        Backend device = backend.install();
        Path enc = CliPaths.resolve(encoderPath);
        Path in = CliPaths.resolve(mp3Path);
        Path name = CliPaths.resolve(out);
        try {
            if (!Files.isRegularFile(enc)) {
                throw new CommandFailure(enc + ": no such encoder file");
            }
            AudioEncoder encoder = AudioEncoder.load(enc).to(device);
            List<Path> files = inputs(in);
            Path parts = EmbeddingFiles.parts(name);
            int chunks = (files.size() + chunk - 1) / chunk;
            o.printf(Locale.ROOT, "embed: %d audio files under %s; encoder %s (%s, %d-frame windows, %d values)"
                    + " on %s -> %s.npy%n", files.size(), in, enc.getFileName(), encoder.description().frontEnd().id(),
                    encoder.description().windowFrames(), encoder.dimension(), device.name(), name);
            o.flush();
            ProgressBar bar = new ProgressBar(o, files.size(), "file", "files", ProgressBar.interactive());
            long t0 = System.nanoTime();
            List<EmbeddingFiles.Table> done = new ArrayList<>();
            int resumed = 0;
            for (int c = 0; c < chunks; c++) {
                List<Path> slice = files.subList(c * chunk, Math.min(files.size(), (c + 1) * chunk));
                EmbeddingFiles.Table t = EmbeddingFiles.readPart(parts, c, slice);
                boolean fresh = t == null;
                if (fresh) {
                    List<ClipEmbedding> results = encoder.embedAll(slice);
                    EmbeddingFiles.writePart(parts, c, results);
                    t = EmbeddingFiles.readPart(parts, c, slice);
                    if (t == null) {
                        throw new IOException(parts + ": chunk " + c + " could not be read back");
                    }
                } else {
                    resumed += slice.size();
                }
                for (int i = 0; i < slice.size(); i++) {
                    bar.step(fresh);
                }
                done.add(t);
            }
            EmbeddingFiles.Table all = merge(done, encoder.dimension());
            EmbeddingFiles.write(name, all);
            deleteParts(parts);
            List<EmbeddingFiles.Failure> bad = new ArrayList<>();
            done.forEach(t -> bad.addAll(t.failures()));
            double seconds = (System.nanoTime() - t0) / 1e9;
            int computed = files.size() - resumed;
            o.printf(Locale.ROOT, "embed: %d embedded (%d from an earlier run), %d bad; %d files in %.1f s (%.2f"
                    + " files/s); wrote %s and %s%n", all.rows().size(), resumed, bad.size(), computed, seconds,
                    computed / Math.max(seconds, 1e-9), EmbeddingFiles.npy(name), EmbeddingFiles.csv(name));
            if (!bad.isEmpty()) {
                o.println("bad files (skipped):");
                for (EmbeddingFiles.Failure f : bad) {
                    o.println("  " + f.error());
                }
            }
            o.flush();
            return 0;
        } catch (IOException e) {
            throw CommandFailure.of(e);
        }
    }

    /** The one file, or every .mp3/.wav under the folder in path order. */
    static List<Path> inputs(Path in) throws IOException {
        if (Files.isRegularFile(in)) {
            return List.of(in);
        }
        if (!Files.isDirectory(in)) {
            throw new IOException(in + ": no such file or directory");
        }
        return AudioProcessingCommand.audioFiles(in);
    }

    private static EmbeddingFiles.Table merge(List<EmbeddingFiles.Table> parts, int d) {
        int rows = 0;
        for (EmbeddingFiles.Table t : parts) {
            rows += t.rows().size();
        }
        float[] m = new float[rows * d];
        List<EmbeddingFiles.Row> all = new ArrayList<>(rows);
        int k = 0;
        for (EmbeddingFiles.Table t : parts) {
            System.arraycopy(t.embeddings(), 0, m, k * d, t.rows().size() * d);
            k += t.rows().size();
            all.addAll(t.rows());
        }
        return new EmbeddingFiles.Table(m, d, all, List.of());
    }

    private static void deleteParts(Path parts) throws IOException {
        if (!Files.isDirectory(parts)) {
            return;
        }
        try (Stream<Path> s = Files.list(parts)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(parts);
    }
}

package io.github.cola4j.examples.cli;

import io.github.cola4j.audio.AudioDecodeException;
import io.github.cola4j.audio.AudioDecoder;
import io.github.cola4j.audio.LogMelExtractor;
import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.cola.data.FeatureFile;
import io.github.cola4j.cola.data.FrontEndFile;
import io.github.cola4j.examples.fma.ProgressBar;
import io.github.cola4j.tensor.io.Npy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code cola4j audio-processing}: the log-mel features of every audio file under an FMA folder, each written as a
 * {@code [frames, 64]} float32 {@code .npy} file next to it (or under {@code --out} in the same layout).
 */
@Command(name = "audio-processing", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Decodes every MP3 (and WAV) file under an FMA audio folder (000/000002.mp3 ...) and writes"
                + " its log-mel features as 000/000002.npy, next to it or under --out in the same layout.",
            "Parallel over files; each output is written atomically; outputs that exist already are skipped, so an"
                + " interrupted run resumes where it stopped. Files that cannot be decoded (FMA has empty and"
                + " very short ones) are listed at the end and skipped."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (bad input files are reported, not fatal)", "1:the folder cannot be read or an"
                + " output cannot be written", "2:bad usage"})
public final class AudioProcessingCommand implements Callable<Integer> {

    @Option(names = {"--mp3_path", "--mp3-path"}, required = true, paramLabel = "DIR",
            description = "FMA audio folder, e.g. fma_small/ (relative to the working directory).")
    Path mp3Path;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write the .npy files under DIR in the same layout (default: next to the audio files).")
    Path out;

    @CommandLine.Mixin
    FeatureOptions features;

    @Option(names = "--threads", defaultValue = "0", paramLabel = "N",
            description = "Files decoded at once (default: one per CPU core).")
    @Bounds(min = 0)
    int threads;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * What a run did.
     *
     * @param total audio files found under the input folder
     * @param written feature files written by this run
     * @param skipped files whose output existed already and was kept (0 with {@code --overwrite})
     * @param bad one line per file that could not be decoded or was too short, naming the file and why, sorted
     */
    public record Result(int total, int written, int skipped, List<String> bad) {
    }

    private Result result;

    /**
     * The outcome of the last {@link #call()} (for the demo and tests).
     *
     * @return the counts and bad files of the last successful run, or null before one
     */
    public Result result() {
        return result;
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        Path in = CliPaths.resolve(mp3Path);
        Path outRoot = out == null ? in : CliPaths.resolve(out);
        try {
            result = run(in, outRoot, o);
            return 0;
        } catch (IOException e) {
            throw CommandFailure.of(e);
        }
    }

    /**
     * Lists the audio files under {@code dir}: {@code .mp3} and {@code .wav}, sorted by relative path.
     *
     * @param dir the folder searched recursively; extensions match in any case, hidden files are left out
     * @return the regular files found, possibly none
     * @throws IOException if {@code dir} is not a folder or cannot be walked
     */
    public static List<Path> audioFiles(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": not a directory");
        }
        List<Path> files;
        try (Stream<Path> s = Files.walk(dir)) {
            files = new ArrayList<>(s.filter(p -> {
                String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
                return (n.endsWith(".mp3") || n.endsWith(".wav")) && !n.startsWith(".");
            }).filter(Files::isRegularFile).toList());
        }
        files.sort((a, b) -> dir.relativize(a).toString().compareTo(dir.relativize(b).toString()));
        return files;
    }

    /** The output of {@code audio}: the same relative path under {@code outRoot}, extension {@code .npy}. */
    static Path outputOf(Path in, Path outRoot, Path audio) {
        return outRoot.resolve(FeatureFile.outputName(in.relativize(audio).toString()));
    }

    private Result run(Path in, Path outRoot, PrintWriter o) throws IOException {
        List<Path> all = audioFiles(in);
        LogMelPreset recorded = FrontEndFile.read(outRoot);
        if (recorded != null && recorded != features.preset() && !features.overwrite()) {
            throw new IOException(outRoot + ": holds " + recorded.id() + " features (" + FrontEndFile.NAME
                    + "), not " + features.preset().id() + "; give --preset " + recorded.id() + ", another --out, or"
                    + " --overwrite");
        }
        FrontEndFile.write(outRoot, features.preset());
        List<Path> todo = new ArrayList<>();
        int skipped = 0;
        for (Path f : all) {
            if (!features.overwrite() && Files.isRegularFile(outputOf(in, outRoot, f))) {
                skipped++;
            } else {
                todo.add(f);
            }
        }
        int limit = features.maxFiles() > 0 ? Math.min(features.maxFiles(), todo.size()) : todo.size();
        o.printf(Locale.ROOT, "audio-processing: %d audio files under %s, %d done already (skipped), %d to do%s;"
                        + " preset %s -> %s%n", all.size(), in, skipped, todo.size(),
                limit < todo.size() ? " (this run: " + limit + ")" : "", features.preset().id(), outRoot);
        o.flush();
        List<String> bad = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger written = new AtomicInteger();
        ProgressBar bar = new ProgressBar(o, limit, "file", "files", ProgressBar.interactive());
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "audio-processing");
            t.setDaemon(true);
            return t;
        });
        ThreadLocal<LogMelExtractor> extractors =
                ThreadLocal.withInitial(() -> new LogMelExtractor(features.preset()));
        List<Future<?>> futures = new ArrayList<>();
        for (Path f : todo.subList(0, limit)) {
            futures.add(pool.submit(() -> {
                process(f, outputOf(in, outRoot, f), extractors.get(), bad, written);
                bar.step(true);
                return null;
            }));
        }
        IOException failure = null;
        try {
            for (Future<?> fu : futures) {
                try {
                    fu.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    if (failure == null) {
                        failure = e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } finally {
            pool.shutdownNow();
        }
        if (failure != null) {
            throw failure;
        }
        List<String> badSorted = new ArrayList<>(bad);
        Collections.sort(badSorted);
        o.printf(Locale.ROOT, "audio-processing: %d written, %d skipped (done before), %d bad%s%n", written.get(),
                skipped, badSorted.size(), limit < todo.size() ? ", " + (todo.size() - limit) + " left for a later run"
                        : "");
        if (!badSorted.isEmpty()) {
            o.println("bad files (skipped):");
            for (String b : badSorted) {
                o.println("  " + b);
            }
        }
        o.flush();
        return new Result(all.size(), written.get(), skipped, badSorted);
    }

    private void process(Path audio, Path npy, LogMelExtractor extractor, List<String> bad, AtomicInteger written)
            throws IOException {
        byte[] data;
        try {
            data = AudioDecoder.read(audio);
        } catch (AudioDecodeException e) {
            bad.add(e.getMessage());
            return;
        }
        FeatureFile.Outcome r = FeatureFile.compute(audio, data, extractor, features.maxSeconds(),
                features.minSeconds());
        if (!r.ok()) {
            bad.add(r.bad());
            return;
        }
        Npy.write(npy, r.features());
        written.incrementAndGet();
    }
}

package io.github.cola4j.spark;

import io.github.cola4j.audio.AudioDecodeException;
import io.github.cola4j.audio.LogMelExtractor;
import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.cola.data.FeatureFile;
import io.github.cola4j.cola.data.FrontEndFile;
import io.github.cola4j.tensor.io.Npy;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.LongConsumer;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/**
 * {@code audio-processing} on a Spark cluster: the log-mel features of every audio file under a folder, written as
 * {@code .npy} files in the same layout and with the same bytes as the single-machine step (both go through
 * {@link FeatureFile}), on any file system Hadoop reaches.
 *
 * <p>The files still to do are spread over tasks by size ({@link SizeBalancedBins}); outputs that exist are
 * skipped, so an interrupted run resumes; each output is written through a temporary file and renamed
 * ({@link ClusterFiles#writeAtomically}), so a retried or speculative task leaves no partial or duplicate file.
 * Undecodable and too-short files are gathered on the driver, printed, and written to {@value #BAD_FILES} at the
 * output root.
 */
public final class DistributedAudioProcessing {

    /** The bad-file report written at the output root, one line per file (empty when none). */
    public static final String BAD_FILES = "bad-files.txt";

    /** Front-ends per executor thread: building one (FFT plan, filterbank) costs more than a short file. */
    private static final ThreadLocal<java.util.Map<LogMelPreset, LogMelExtractor>> EXTRACTORS =
            ThreadLocal.withInitial(() -> new java.util.EnumMap<>(LogMelPreset.class));

    private DistributedAudioProcessing() {
    }

    /**
     * What to compute.
     *
     * @param preset the log-mel front-end
     * @param maxSeconds use at most the first maxSeconds of each file; negative for all
     * @param minSeconds report files shorter than this as bad
     * @param overwrite recompute outputs that exist
     * @param maxFiles process at most this many of the files still to do (0: all)
     * @param partitions tasks to spread the files over; 0 for four per core, at most one per 8 files, at least one
     *     per core
     *
     * @serial exclude
     */
    public record Options(LogMelPreset preset, double maxSeconds, double minSeconds, boolean overwrite, int maxFiles,
            int partitions) implements Serializable {
    }

    /**
     * What a run did, as the single-machine step reports it.
     *
     * @param total audio files found under the input folder
     * @param written feature files written by this run
     * @param skipped files whose output existed already
     * @param bad one line per file that could not be used, naming the file and why, sorted
     */
    public record Result(int total, int written, int skipped, List<String> bad) {
    }

    /**
     * One task's outcome.
     *
     * @serial exclude
     */
    record BinResult(int written, List<String> bad) implements Serializable {
    }

    /**
     * Runs the step.
     *
     * @param jsc the Spark context (its Hadoop configuration reaches the file systems)
     * @param input the audio folder, any Hadoop path ({@code /data/fma_large}, {@code hdfs://nn/fma_large})
     * @param output where the {@code .npy} files go, in the input's layout (may be the input folder)
     * @param options the front-end and limits
     * @param out progress and the summary
     * @return the counts and the bad files
     * @throws IOException if a folder cannot be read, the output holds another front-end's features, or an output
     *     cannot be written (a bad input file is reported, not fatal)
     */
    public static Result run(JavaSparkContext jsc, String input, String output, Options options, PrintWriter out)
            throws IOException {
        return run(jsc, input, output, options, out, DistributedAudioProcessing::processBin);
    }

    /** The work of one task (replaced in tests to make an attempt fail half-way). */
    @FunctionalInterface
    interface BinFunction extends Serializable {
        BinResult apply(List<ClusterFiles.Entry> bin, String outRoot, SerializableConfiguration conf, Options options,
                LongConsumer done) throws IOException;
    }

    static Result run(JavaSparkContext jsc, String input, String output, Options options, PrintWriter out,
            BinFunction task) throws IOException {
        Configuration conf = jsc.hadoopConfiguration();
        Path in = new Path(input);
        Path outRoot = new Path(output);
        List<ClusterFiles.Entry> all = ClusterFiles.list(in, conf, ".mp3", ".wav");
        FileSystem outFs = ClusterFiles.fileSystem(outRoot, conf);
        Path record = new Path(outRoot, FrontEndFile.NAME);
        String recordedText = ClusterFiles.readStringIfExists(outFs, record);
        if (recordedText != null) {
            LogMelPreset recorded = FrontEndFile.parse(recordedText, record.toString());
            if (recorded != options.preset() && !options.overwrite()) {
                throw new IOException(outRoot + ": holds " + recorded.id() + " features (" + FrontEndFile.NAME
                        + "), not " + options.preset().id() + "; give --preset " + recorded.id()
                        + ", another --out, or --overwrite");
            }
        }
        outFs.mkdirs(outRoot);
        ClusterFiles.writeString(outFs, record, FrontEndFile.text(options.preset()));
        Set<String> have = options.overwrite() ? Set.of() : ClusterFiles.existing(outRoot, conf, ".npy");
        List<ClusterFiles.Entry> todo = new ArrayList<>();
        int skipped = 0;
        for (ClusterFiles.Entry e : all) {
            if (have.contains(FeatureFile.outputName(e.relative()))) {
                skipped++;
            } else {
                todo.add(e);
            }
        }
        int limit = options.maxFiles() > 0 ? Math.min(options.maxFiles(), todo.size()) : todo.size();
        int parts = options.partitions() > 0 ? options.partitions() : defaultTasks(limit, jsc.defaultParallelism());
        List<List<ClusterFiles.Entry>> bins = SizeBalancedBins.assign(todo.subList(0, limit), parts);
        out.printf(Locale.ROOT, "audio-processing: %d audio files under %s, %d done already (skipped), %d to do%s;"
                        + " preset %s -> %s; %d tasks on %s%n", all.size(), in, skipped, todo.size(),
                limit < todo.size() ? " (this run: " + limit + ")" : "", options.preset().id(), outRoot,
                limit == 0 ? 0 : bins.size(), jsc.master());
        out.flush();
        List<BinResult> results = new ArrayList<>();
        if (limit > 0) {
            // broadcast: an executor deserialises (and parses) Hadoop's configuration once, not once per task
            Broadcast<SerializableConfiguration> sconf = jsc.broadcast(new SerializableConfiguration(conf));
            LongAccumulator done = jsc.sc().longAccumulator("audio-processing files");
            String outRootName = outRoot.toString();
            JavaFutureAction<List<BinResult>> job = jsc.parallelize(bins, bins.size())
                    .map(bin -> task.apply(bin, outRootName, sconf.value(), options, done::add)).collectAsync();
            results = JobProgress.await(job, done, limit, "file", "files", out);
        }
        int written = 0;
        List<String> bad = new ArrayList<>();
        for (BinResult r : results) {
            written += r.written();
            bad.addAll(r.bad());
        }
        Collections.sort(bad);
        StringBuilder report = new StringBuilder();
        for (String b : bad) {
            report.append(b).append('\n');
        }
        ClusterFiles.writeString(outFs, new Path(outRoot, BAD_FILES), report.toString());
        out.printf(Locale.ROOT, "audio-processing: %d written, %d skipped (done before), %d bad%s%n", written,
                skipped, bad.size(), limit < todo.size() ? ", " + (todo.size() - limit) + " left for a later run"
                        : "");
        if (!bad.isEmpty()) {
            out.println("bad files (skipped, also in " + new Path(outRoot, BAD_FILES) + "):");
            for (String b : bad) {
                out.println("  " + b);
            }
        }
        out.flush();
        return new Result(all.size(), written, skipped, bad);
    }

    /**
     * The default number of tasks: four per core, so that a slow node's share can be taken over and the last tasks
     * are short, but at least 8 files per task (a task costs some tens of milliseconds of its own), and never
     * fewer tasks than cores.
     *
     * @param files files to process
     * @param cores the cluster's default parallelism
     * @return the number of tasks
     */
    static int defaultTasks(int files, int cores) {
        return Math.max(cores, Math.min(4 * cores, (files + 7) / 8));
    }

    /** One task: computes and writes the features of the files of one bin. */
    static BinResult processBin(List<ClusterFiles.Entry> bin, String outRoot, SerializableConfiguration conf,
            Options options, LongConsumer done) throws IOException {
        LogMelExtractor extractor = EXTRACTORS.get().computeIfAbsent(options.preset(), LogMelExtractor::new);
        Path root = new Path(outRoot);
        FileSystem outFs = ClusterFiles.fileSystem(root, conf.value());
        int written = 0;
        List<String> bad = new ArrayList<>();
        for (ClusterFiles.Entry e : bin) {
            Path audio = new Path(e.path());
            java.nio.file.Path name = displayName(audio);
            byte[] data;
            try {
                data = ClusterFiles.read(ClusterFiles.fileSystem(audio, conf.value()), audio);
            } catch (IOException | OutOfMemoryError ex) {
                bad.add(new AudioDecodeException(name, AudioDecodeException.Reason.IO, "cannot read: " + ex, ex)
                        .getMessage());
                done.accept(1);
                continue;
            }
            FeatureFile.Outcome r = FeatureFile.compute(name, data, extractor, options.maxSeconds(),
                    options.minSeconds());
            if (r.ok()) {
                Path target = new Path(root, FeatureFile.outputName(e.relative()));
                ClusterFiles.writeAtomically(outFs, target, s -> Npy.write(s, r.features()));
                written++;
            } else {
                bad.add(r.bad());
            }
            done.accept(1);
        }
        return new BinResult(written, bad);
    }

    /** A local file by its plain path (as the single-machine step names it), any other by its URI. */
    static java.nio.file.Path displayName(Path p) {
        URI u = p.toUri();
        if (u.getScheme() == null || u.getScheme().equals("file")) {
            return java.nio.file.Path.of(u.getPath());
        }
        return java.nio.file.Path.of(u.toString());
    }
}

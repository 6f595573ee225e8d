package io.github.cola4j.spark.cli;

import io.github.cola4j.examples.cli.Bounds;
import io.github.cola4j.examples.cli.CommandFailure;
import io.github.cola4j.examples.cli.FeatureOptions;
import io.github.cola4j.spark.DistributedAudioProcessing;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cola4j spark audio-processing}: {@code audio-processing} with the files spread over a Spark cluster. */
@Command(name = "audio-processing", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Computes the log-mel features of every MP3 (and WAV) file under an FMA audio folder on a Spark"
                + " cluster: the same .npy files, bytes and bad-file report as cola4j audio-processing, on any"
                + " file system Hadoop reaches (local paths, hdfs://, s3a://).",
            "Files are spread over tasks by size; outputs that exist are skipped (an interrupted run resumes); each"
                + " output is written to a temporary file and renamed, so retried or speculative tasks leave no"
                + " partial or duplicate file. Bad files are listed at the end and in bad-files.txt at the output"
                + " root."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (bad input files are reported, not fatal)", "1:the folder cannot be read, an output"
                + " cannot be written, or the Spark job failed", "2:bad usage"})
public final class SparkAudioProcessingCommand implements Callable<Integer> {

    @Mixin
    SparkOptions spark;

    @Option(names = {"--mp3_path", "--mp3-path"}, required = true, paramLabel = "DIR",
            description = "FMA audio folder: a local path (relative to the working directory) or a Hadoop URI.")
    String mp3Path;

    @Option(names = "--out", paramLabel = "DIR",
            description = "Write the .npy files under DIR in the same layout (default: next to the audio files).")
    String out;

    @Mixin
    FeatureOptions features;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
            description = "Tasks to spread the files over (default: four per core of the cluster, at most one per 8 files,"
                    + " at least one per core).")
    @Bounds(min = 0)
    int partitions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private DistributedAudioProcessing.Result result;

    /**
     * The outcome of the last run (for tests).
     *
     * @return the counts and bad files, or null before a successful run
     */
    public DistributedAudioProcessing.Result result() {
        return result;
    }

    @Override
    public Integer call() {
        PrintWriter o = spec.commandLine().getOut();
        String in = SparkOptions.path(mp3Path);
        String outRoot = out == null ? in : SparkOptions.path(out);
        try (SparkSession session = spark.open("cola4j audio-processing")) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session.sparkContext());
            result = DistributedAudioProcessing.run(jsc, in, outRoot, new DistributedAudioProcessing.Options(
                    features.preset(), features.maxSeconds(), features.minSeconds(), features.overwrite(),
                    features.maxFiles(), partitions), o);
            return 0;
        } catch (IOException e) {
            throw CommandFailure.of(e);
        }
    }
}

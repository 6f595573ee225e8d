package io.github.cola4j.spark.cli;

import io.github.cola4j.examples.cli.Bounds;
import io.github.cola4j.examples.cli.CommandFailure;
import io.github.cola4j.spark.DistributedEmbedding;
import java.io.IOException;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cola4j spark embed}: clip embeddings of a folder of audio, computed on a Spark cluster, as Parquet. */
@Command(name = "embed", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Embeds every MP3 (and WAV) file under a folder with a trained encoder on a Spark cluster, as"
                + " cola4j embed does on one machine, and writes Parquet: path (string), embedding (array of"
                + " float), seconds (double), windows (int).",
            "Files that cannot be decoded are listed at the end and in _bad_files.txt inside the output folder."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done (bad input files are reported, not fatal)", "1:the encoder or folder cannot be read,"
                + " the output exists, or the Spark job failed", "2:bad usage"})
public final class SparkEmbedCommand implements Callable<Integer> {

    @Mixin
    SparkOptions spark;

    @Option(names = {"--encoder_path", "--encoder-path"}, required = true, paramLabel = "FILE",
            description = "The encoder (encoder.safetensors from train-encoder): local path or Hadoop URI.")
    String encoderPath;

    @Option(names = {"--mp3_path", "--mp3-path"}, required = true, paramLabel = "DIR",
            description = "Audio folder: local path or Hadoop URI.")
    String mp3Path;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The Parquet folder to write.")
    String out;

    @Option(names = "--partitions", defaultValue = "0", paramLabel = "N",
            description = "Tasks to spread the files over (default: four per core of the cluster, at most one per 8 files,"
                    + " at least one per core).")
    @Bounds(min = 0)
    int partitions;

    @Option(names = "--overwrite", description = "Replace an existing output folder.")
    boolean overwrite;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private DistributedEmbedding.Result result;

    /**
     * The outcome of the last run (for tests).
     *
     * @return the counts and bad files, or null before a successful run
     */
    public DistributedEmbedding.Result result() {
        return result;
    }

    @Override
    public Integer call() {
        try (SparkSession session = spark.open("cola4j embed")) {
            result = DistributedEmbedding.run(session, SparkOptions.path(encoderPath), SparkOptions.path(mp3Path),
                    SparkOptions.path(out), partitions, overwrite, spec.commandLine().getOut());
            return 0;
        } catch (IOException e) {
            throw CommandFailure.of(e);
        }
    }
}

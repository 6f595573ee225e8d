package io.github.cola4j.spark.cli;

import io.github.cola4j.cola.ColaConfig;
import io.github.cola4j.cola.train.StepGradients;
import io.github.cola4j.examples.cli.Bounds;
import io.github.cola4j.examples.cli.TrainEncoderCommand;
import io.github.cola4j.spark.DataParallelGradients;
import java.io.PrintWriter;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cola4j spark train-encoder}: {@code train-encoder} with each step's gradients computed by Spark tasks
 * ({@link DataParallelGradients}); every other option, the checkpoints and {@code --resume} are those of the
 * single-machine command, on the driver.
 */
@Command(name = "train-encoder", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"COLA pre-training with synchronous data parallelism on a Spark cluster. Every step the"
                + " driver broadcasts the weights and splits the batch into one shard per worker; each worker"
                + " computes its shard's loss (in-batch negatives within the shard) and gradients; the driver sums"
                + " them in shard order, steps the optimiser once and checkpoints as train-encoder does.",
            "The clips are read on the driver (--mp3_path is a local folder of .npy files); a retried task gives the"
                + " same gradients, so a run with failures ends with the same weights."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:the data cannot be read, training diverged, or the Spark job failed",
            "2:bad usage"})
public final class SparkTrainEncoderCommand extends TrainEncoderCommand {

    @Mixin
    SparkOptions spark;

    @Option(names = "--workers", defaultValue = "0", paramLabel = "N",
            description = "Shards (tasks) per step; each gets batch/N pairs, at least 2 (default: the cluster's"
                    + " default parallelism).")
    @Bounds(min = 0)
    int workers;

    @Option(names = "--reduce", paramLabel = "driver|tree",
            description = "How the workers' gradients are added: driver (each worker's to the driver) or tree"
                    + " (groups of about sqrt(N) workers first, on the executors) (default: tree from 16 workers).")
    DataParallelGradients.Reduction reduce;

    private SparkSession session;
    private DataParallelGradients gradients;

    /**
     * The data-parallel gradients of the last run (for its timings in tests and benchmarks).
     *
     * @return the gradients' source of the last run, or null before one
     */
    public DataParallelGradients gradients() {
        return gradients;
    }

    @Override
    public Integer call() {
        session = spark.open("cola4j train-encoder");
        try {
            int code = super.call();
            if (gradients != null && gradients.steps() > 0) {
                PrintWriter o = spec.commandLine().getOut();
                DataParallelGradients.Timing t = gradients.medianTiming();
                o.printf(Locale.ROOT, "data-parallel: %d workers, %d steps; a step's gradients (medians): %.1f ms ="
                        + " %.1f ms splitting the batch and broadcasting the weights + %.1f ms the slowest worker's"
                        + " forward and backward + %.1f ms adding the gradients in + about %.1f ms scheduling, loading"
                        + " the weights into the replicas and moving shards and results%n", gradients.workers(),
                        gradients.steps(), t.stepMillis(), t.sendMillis(), t.computeMillis(), t.applyMillis(),
                        t.otherMillis());
                o.flush();
            }
            return code;
        } finally {
            session.stop();
            session = null;
        }
    }

    @Override
    protected StepGradients stepGradients(ColaConfig model, long seed, PrintWriter out) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(session.sparkContext());
        int n = workers > 0 ? workers : jsc.defaultParallelism();
        DataParallelGradients.Reduction r = reduce != null ? reduce : DataParallelGradients.Reduction.forWorkers(n);
        gradients = new DataParallelGradients(jsc, model, n, seed, r);
        out.printf(Locale.ROOT, "data-parallel on %s: %d workers per step, %s reduction%n", jsc.master(), n,
                r.name().toLowerCase(Locale.ROOT));
        out.flush();
        return gradients;
    }
}

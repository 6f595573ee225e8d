package io.github.cola4j.spark;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.cola.ColaConfig;
import io.github.cola4j.cola.ColaModel;
import io.github.cola4j.cola.train.StepGradients;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import scala.Tuple2;

/**
 * Synchronous data-parallel COLA on Spark. Every step the driver broadcasts the weights, splits the global batch into
 * one contiguous shard per worker, and runs one task per shard; each task computes its shard's loss with in-batch
 * negatives <em>within the shard</em> (as per-replica batches do in other frameworks), scaled by the shard's share
 * of the pairs, and returns its gradients. The driver sums them in shard order (so a run repeats bit for bit, and
 * a retried task changes nothing), averages the workers' batch-norm running statistics, and hands the sum to the
 * {@link io.github.cola4j.cola.train.Pretrainer}, which clips, steps the optimiser and checkpoints as on one
 * machine.
 */
public final class DataParallelGradients implements StepGradients {

    /** How the shards' gradients reach the driver. */
    public enum Reduction {
        /** Every task's gradients go to the driver, which adds them: W gradient copies into one machine. */
        DRIVER,
        /**
         * Groups of about sqrt(W) consecutive shards are added on the executors (a shuffle), and the driver adds the
         * groups' sums: about sqrt(W) copies reach the driver.
         */
        TREE;

        /**
         * The default for {@code workers} shards: {@link #TREE} from 16 workers on, where the driver's network link
         * would otherwise carry most of the step (see the module's README), else {@link #DRIVER}, which skips a
         * shuffle.
         *
         * @param workers shards per step
         * @return the reduction to use
         */
        public static Reduction forWorkers(int workers) {
            return workers >= 16 ? TREE : DRIVER;
        }
    }

    private final JavaSparkContext jsc;
    private final ReplicaSpec spec;
    private final int workers;
    private final long seed;
    private final ShardWorker.Function function;
    private final Reduction reduction;
    /** Per step: whole, sending (split + broadcast), slowest worker's forward and backward, applying; nanoseconds. */
    private final List<long[]> timings = new ArrayList<>();

    /**
     * Data-parallel gradients over {@code workers} tasks per step.
     *
     * @param jsc the Spark context
     * @param config the model's configuration (replicas are built from it)
     * @param workers shards per step, at least 1; each gets at least 2 pairs
     * @param seed the run's seed (dropout and stochastic depth on the workers are drawn from it)
     * @throws IllegalArgumentException if {@code workers} is below 1
     */
    public DataParallelGradients(JavaSparkContext jsc, ColaConfig config, int workers, long seed) {
        this(jsc, config, workers, seed, Reduction.forWorkers(workers), ShardWorker::compute);
    }

    /**
     * Data-parallel gradients with a chosen reduction.
     *
     * @param jsc the Spark context
     * @param config the model's configuration
     * @param workers shards per step, at least 1
     * @param seed the run's seed
     * @param reduction how the shards' gradients are added
     * @throws IllegalArgumentException if {@code workers} is below 1
     */
    public DataParallelGradients(JavaSparkContext jsc, ColaConfig config, int workers, long seed,
            Reduction reduction) {
        this(jsc, config, workers, seed, reduction, ShardWorker::compute);
    }

    DataParallelGradients(JavaSparkContext jsc, ColaConfig config, int workers, long seed, Reduction reduction,
            ShardWorker.Function function) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.jsc = jsc;
        this.spec = ReplicaSpec.of(config);
        this.workers = workers;
        this.seed = seed;
        this.function = function;
        this.reduction = reduction;
    }

    @Override
    public Result compute(ColaModel model, Tensor anchors, Tensor positives, long step) {
        long t0 = System.nanoTime();
        List<ShardTask> tasks = shards(anchors, positives, step, workers);
        Broadcast<ModelState> state = jsc.broadcast(ModelState.of(model));
        long t1 = System.nanoTime();
        PartialSum total;
        try {
            ReplicaSpec s = spec;
            long runSeed = seed;
            ShardWorker.Function f = function;
            JavaRDD<PartialSum> shards = jsc.parallelize(tasks, tasks.size())
                    .map(t -> PartialSum.of(f.apply(state.value(), s, t, runSeed), t.weight()));
            int group = (int) Math.ceil(Math.sqrt(tasks.size()));
            List<PartialSum> parts;
            if (reduction == Reduction.TREE && tasks.size() > 2) {
                int groups = (tasks.size() + group - 1) / group;
                parts = shards.mapToPair(p -> new Tuple2<>(p.first() / group, p)).groupByKey(groups)
                        .map(g -> PartialSum.inOrder(g._2())).collect();
            } else {
                parts = shards.collect();
            }
            total = PartialSum.inOrder(parts);
        } finally {
            state.destroy();
        }
        if (total.count() != tasks.size()) {
            throw new IllegalStateException(total.count() + " shard results for " + tasks.size() + " shards");
        }
        long t2 = System.nanoTime();
        Result r = apply(model, total);
        long t3 = System.nanoTime();
        timings.add(new long[] {t3 - t0, t1 - t0, total.maxComputeNanos(), t3 - t2});
        return r;
    }

    /**
     * Splits a batch into {@code n} contiguous shards of nearly equal size.
     *
     * @param anchors anchor crops {@code [B, 1, frames, mels]}
     * @param positives positive crops, same shape
     * @param step the global step
     * @param n the number of shards
     * @return the shards in order, each weighted by its share of the B pairs
     * @throws IllegalArgumentException if a shard would get fewer than 2 pairs (no in-batch negative)
     */
    public static List<ShardTask> shards(Tensor anchors, Tensor positives, long step, int n) {
        int b = anchors.dim(0);
        if (b < 2 * n) {
            throw new IllegalArgumentException("a batch of " + b + " pairs cannot be split into " + n
                    + " shards of at least 2 pairs (each needs an in-batch negative); use a batch of at least "
                    + 2 * n + " or fewer workers");
        }
        float[] a = anchors.toFloatArray();
        float[] p = positives.toFloatArray();
        int[] shape = anchors.shape();
        int per = a.length / b;
        List<ShardTask> out = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            int from = (int) ((long) b * s / n);
            int to = (int) ((long) b * (s + 1) / n);
            int[] sh = shape.clone();
            sh[0] = to - from;
            out.add(new ShardTask(s, step, (to - from) / (double) b, sh,
                    java.util.Arrays.copyOfRange(a, from * per, to * per),
                    java.util.Arrays.copyOfRange(p, from * per, to * per)));
        }
        return out;
    }

    /**
     * Puts the shards' sum into the model: the summed gradients as each parameter's gradient, the mean of the
     * buffers as its buffers.
     *
     * @param model the driver's model (gradients cleared)
     * @param total the sum over all shards
     * @return the step's loss and pair accuracy (the shards' values weighted by their share of the pairs); a
     *     non-finite loss leaves the gradients unset
     */
    static Result apply(ColaModel model, PartialSum total) {
        Result r = new Result(total.weightedLoss(), total.weightedAccuracy());
        if (!Double.isFinite(r.loss()) || total.gradients() == null) {
            return new Result(Double.isFinite(r.loss()) ? Double.NaN : r.loss(), r.accuracy());
        }
        List<Variable> params = model.parameters();
        for (int i = 0; i < params.size(); i++) {
            params.get(i).setGrad(Tensor.of(total.gradients()[i], params.get(i).value().shape()));
        }
        List<String> names = ShardWorker.bufferNames(model);
        Map<String, io.github.cola4j.nn.Module.StateEntry> own = model.stateDict();
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            double[] sum = total.bufferSums()[i];
            float[] mean = new float[sum.length];
            for (int k = 0; k < mean.length; k++) {
                mean[k] = (float) (sum[k] / total.count());
            }
            buffers.put(names.get(i), ModelState.tensor(mean, own.get(names.get(i)).tensor().shape()));
        }
        model.loadStateDict(buffers, false);
        return r;
    }

    /**
     * How this object adds the shards' gradients.
     *
     * @return the reduction
     */
    public Reduction reduction() {
        return reduction;
    }

    /**
     * Shards per step.
     *
     * @return the number of tasks each step runs
     */
    public int workers() {
        return workers;
    }

    /**
     * Steps computed so far by this object.
     *
     * @return the count
     */
    public long steps() {
        return timings.size();
    }

    /**
     * Where a typical step's time goes: medians over the steps so far (the first steps, which also build the
     * replicas and warm up the JIT, do not weigh on a median).
     *
     * @param stepMillis the whole of a step's gradients on the driver
     * @param sendMillis splitting the batch, copying and broadcasting the weights
     * @param computeMillis the slowest worker's forward and backward pass
     * @param applyMillis putting the summed gradients and averaged statistics into the driver's model
     */
    public record Timing(double stepMillis, double sendMillis, double computeMillis, double applyMillis) {
        /**
         * What the rest of the step is: scheduling the tasks, loading the weights into the replicas, moving
         * shards and results.
         *
         * @return milliseconds (medians do not add up exactly, so this is an estimate)
         */
        public double otherMillis() {
            return stepMillis - sendMillis - computeMillis - applyMillis;
        }
    }

    /**
     * The median timings of the steps so far.
     *
     * @return medians in milliseconds, NaN before any step
     */
    public Timing medianTiming() {
        return new Timing(median(0), median(1), median(2), median(3));
    }

    private double median(int column) {
        if (timings.isEmpty()) {
            return Double.NaN;
        }
        long[] v = timings.stream().mapToLong(t -> t[column]).sorted().toArray();
        int n = v.length;
        double m = n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2.0;
        return m / 1e6;
    }
}

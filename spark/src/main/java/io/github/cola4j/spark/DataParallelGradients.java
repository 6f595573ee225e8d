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
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

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
    private final JavaSparkContext jsc;
    private final ReplicaSpec spec;
    private final int workers;
    private final long seed;
    private final ShardWorker.Function function;
    private long steps;
    private long stepNanos;
    private long computeNanos;

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
        this(jsc, config, workers, seed, ShardWorker::compute);
    }

    DataParallelGradients(JavaSparkContext jsc, ColaConfig config, int workers, long seed,
            ShardWorker.Function function) {
        if (workers < 1) {
            throw new IllegalArgumentException("workers must be at least 1, got " + workers);
        }
        this.jsc = jsc;
        this.spec = ReplicaSpec.of(config);
        this.workers = workers;
        this.seed = seed;
        this.function = function;
    }

    @Override
    public Result compute(ColaModel model, Tensor anchors, Tensor positives, long step) {
        long t0 = System.nanoTime();
        List<ShardTask> tasks = shards(anchors, positives, step, workers);
        Broadcast<ModelState> state = jsc.broadcast(ModelState.of(model));
        List<ShardResult> results;
        try {
            ReplicaSpec s = spec;
            long runSeed = seed;
            ShardWorker.Function f = function;
            results = jsc.parallelize(tasks, tasks.size()).map(t -> f.apply(state.value(), s, t, runSeed))
                    .collect();
        } finally {
            state.destroy();
        }
        Result r = apply(model, results, tasks);
        long maxCompute = 0;
        for (ShardResult sr : results) {
            maxCompute = Math.max(maxCompute, sr.computeNanos());
        }
        steps++;
        computeNanos += maxCompute;
        stepNanos += System.nanoTime() - t0;
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
     * Puts the shards' results into the model: the sum of their gradients (in shard order) as each parameter's
     * gradient, the mean of their buffers as its buffers.
     *
     * @param model the driver's model (gradients cleared)
     * @param results one result per shard, in any order
     * @param tasks the shards, for their weights
     * @return the step's loss and pair accuracy (the shards' values weighted by their share of the pairs); a
     *     non-finite loss leaves the gradients unset
     */
    static Result apply(ColaModel model, List<ShardResult> results, List<ShardTask> tasks) {
        ShardResult[] byIndex = new ShardResult[tasks.size()];
        for (ShardResult r : results) {
            byIndex[r.index()] = r;
        }
        double loss = 0;
        double acc = 0;
        for (int s = 0; s < byIndex.length; s++) {
            loss += tasks.get(s).weight() * byIndex[s].loss();
            acc += tasks.get(s).weight() * byIndex[s].accuracy();
        }
        if (!Double.isFinite(loss)) {
            return new Result(loss, acc);
        }
        List<Variable> params = model.parameters();
        for (int i = 0; i < params.size(); i++) {
            float[] sum = byIndex[0].gradients()[i].clone();
            for (int s = 1; s < byIndex.length; s++) {
                float[] g = byIndex[s].gradients()[i];
                for (int k = 0; k < sum.length; k++) {
                    sum[k] += g[k];
                }
            }
            params.get(i).setGrad(Tensor.of(sum, params.get(i).value().shape()));
        }
        List<String> names = ShardWorker.bufferNames(model);
        Map<String, Tensor> buffers = new LinkedHashMap<>();
        Map<String, io.github.cola4j.nn.Module.StateEntry> own = model.stateDict();
        for (int i = 0; i < names.size(); i++) {
            int n = byIndex[0].buffers()[i].length;
            float[] mean = new float[n];
            for (int k = 0; k < n; k++) {
                double m = 0;
                for (ShardResult r : byIndex) {
                    m += r.buffers()[i][k];
                }
                mean[k] = (float) (m / byIndex.length);
            }
            buffers.put(names.get(i), ModelState.tensor(mean, own.get(names.get(i)).tensor().shape()));
        }
        model.loadStateDict(buffers, false);
        return new Result(loss, acc);
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
        return steps;
    }

    /**
     * Mean wall time of a step's gradients on the driver (broadcast, tasks, collection and summation).
     *
     * @return milliseconds, NaN before any step
     */
    public double meanStepMillis() {
        return steps == 0 ? Double.NaN : stepNanos / 1e6 / steps;
    }

    /**
     * Mean time of the slowest worker's forward and backward pass per step; the rest of
     * {@link #meanStepMillis()} is communication and scheduling.
     *
     * @return milliseconds, NaN before any step
     */
    public double meanComputeMillis() {
        return steps == 0 ? Double.NaN : computeNanos / 1e6 / steps;
    }
}

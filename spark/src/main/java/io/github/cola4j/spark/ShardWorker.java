package io.github.cola4j.spark;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.cola.ColaLoss;
import io.github.cola4j.cola.ColaModel;
import io.github.cola4j.nn.Module;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.tensor.MemoryScope;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The worker's side of a data-parallel step: loads the step's weights into a replica, runs the shard forward and
 * backward, and returns the gradients. Replicas are kept per JVM and reused across steps (one per concurrent task).
 *
 * <p>The result depends only on the weights, the shard and the seed: dropout and stochastic depth draw from a
 * generator seeded by (seed, step, shard), so a retried task returns the same gradients.
 */
public final class ShardWorker {
    private static final Map<ReplicaSpec, Queue<ColaModel>> REPLICAS = new ConcurrentHashMap<>();

    private ShardWorker() {
    }

    /** The work a task does for one shard (replaceable to inject failures in tests). */
    @FunctionalInterface
    public interface Function extends Serializable {
        /**
         * Computes one shard's gradients.
         *
         * @param state the step's weights
         * @param spec the model's configuration
         * @param task the shard
         * @param seed the run's seed
         * @return the shard's loss, gradients and buffers
         * @throws Exception when the task fails (Spark retries it)
         */
        ShardResult apply(ModelState state, ReplicaSpec spec, ShardTask task, long seed) throws Exception;
    }

    /**
     * Computes one shard's gradients on a replica of the model.
     *
     * @param state the step's weights
     * @param spec the model's configuration
     * @param task the shard
     * @param seed the run's seed
     * @return the shard's loss, gradients (of weight x loss) and buffers
     */
    public static ShardResult compute(ModelState state, ReplicaSpec spec, ShardTask task, long seed) {
        ColaModel replica = borrow(spec);
        try {
            return compute(replica, state, task, seed);
        } finally {
            REPLICAS.get(spec).add(replica);
        }
    }

    /**
     * Computes one shard's gradients on a given model (what a worker does, callable in one process).
     *
     * @param model a model of the state's shape; its weights, buffers and gradients are overwritten
     * @param state the step's weights
     * @param task the shard
     * @param seed the run's seed
     * @return the shard's loss, gradients and buffers
     */
    public static ShardResult compute(ColaModel model, ModelState state, ShardTask task, long seed) {
        state.loadInto(model);
        model.train(true);
        model.zeroGrad();
        long t0 = System.nanoTime();
        List<Variable> params = model.parameters();
        try (Randomness.ThreadGenerator g = Randomness.onThisThread(new Rng(shardSeed(seed, task.step(),
                task.index()))); MemoryScope scope = MemoryScope.open()) {
            Tensor a = Tensor.of(task.anchors(), task.shape());
            Tensor p = Tensor.of(task.positives(), task.shape());
            ColaLoss.Result r = model.loss(a, p);
            double loss = r.loss().value().item();
            float[][] grads = null;
            if (Double.isFinite(loss)) {
                r.loss().backward(Tensor.scalar(r.loss().value().dtype(), task.weight()));
                grads = new float[params.size()][];
                for (int i = 0; i < grads.length; i++) {
                    Tensor gr = params.get(i).grad();
                    grads[i] = gr == null ? new float[params.get(i).value().size()] : gr.toFloatArray();
                }
            }
            float[][] buffers = buffers(model);
            model.zeroGrad();
            return new ShardResult(task.index(), loss, r.accuracy(), grads, buffers, System.nanoTime() - t0);
        }
    }

    /** The generator seed of one shard of one step: a mix of the three, so nearby values do not correlate. */
    static long shardSeed(long seed, long step, int shard) {
        long h = seed * 0x9E3779B97F4A7C15L + step;
        h = (h ^ (h >>> 31)) * 0xBF58476D1CE4E5B9L + shard;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        return h ^ (h >>> 31);
    }

    /**
     * The names of a model's buffers (state entries that are not parameters), in state-dict order.
     *
     * @param model the model
     * @return the buffer names
     */
    public static List<String> bufferNames(Module model) {
        Set<String> params = model.namedParameters().keySet();
        List<String> out = new ArrayList<>();
        for (String k : model.stateDict().keySet()) {
            if (!params.contains(k)) {
                out.add(k);
            }
        }
        return out;
    }

    private static float[][] buffers(Module model) {
        Map<String, Module.StateEntry> state = model.stateDict();
        List<String> names = bufferNames(model);
        float[][] out = new float[names.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = state.get(names.get(i)).tensor().toFloatArray();
        }
        return out;
    }

    private static ColaModel borrow(ReplicaSpec spec) {
        ColaModel m = REPLICAS.computeIfAbsent(spec, k -> new ConcurrentLinkedQueue<>()).poll();
        if (m != null) {
            return m;
        }
        // built from a generator of its own: the shared one (the driver's, in local mode) is left untouched
        try (Randomness.ThreadGenerator g = Randomness.onThisThread(new Rng(0))) {
            return new ColaModel(spec.config());
        }
    }
}

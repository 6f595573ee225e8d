package io.github.cola4j.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.cola.ColaConfig;
import io.github.cola4j.cola.ColaLoss;
import io.github.cola4j.cola.ColaModel;
import io.github.cola4j.cola.train.StepGradients;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.optim.Adam;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;

class DataParallelGradientsTest {
    private static final long SEED = 11;
    private static final AtomicInteger INJECTED = new AtomicInteger();

    /** A tiny COLA model; dropout and stochastic depth on, so the workers' generators matter. */
    private static ColaConfig config(double dropout) {
        return ColaConfig.paper().toBuilder().encoder(new EfficientNetConfig(0.1, 0.1, 1, dropout,
                EfficientNetConfig.Pooling.MAX)).embeddingDim(16).headDropout(dropout).build();
    }

    private static ColaModel model(ColaConfig c, long seed) {
        try (Randomness.ThreadGenerator g = Randomness.onThisThread(new Rng(seed))) {
            ColaModel m = new ColaModel(c);
            m.train(true);
            return m;
        }
    }

    private static Tensor crops(long seed, int pairs) {
        return new Rng(seed).normal(DType.FLOAT32, 0, 1, pairs, 1, 16, 64);
    }

    private static SparkSession session(String master) {
        return SparkSessions.open(master, "DataParallelGradientsTest", Map.of());
    }

    @Test
    void theStepsGradientIsTheSumOfTheShardsGradientsComputedInOneProcess() throws Exception {
        ColaConfig c = config(0.2);
        ColaModel driver = model(c, 1);
        ColaModel reference = model(c, 2);
        ModelState.of(driver).loadInto(reference);
        Tensor a = crops(3, 10);
        Tensor p = crops(4, 10);
        long step = 5;
        StepGradients.Result got;
        try (SparkSession s = session("local[2]")) {
            DataParallelGradients dp = new DataParallelGradients(JavaSparkContext.fromSparkContext(s.sparkContext()),
                    c, 3, SEED);
            driver.zeroGrad();
            got = dp.compute(driver, a, p, step);
        }
        // the same shards, one after another, in this process: rows [0,3), [3,6), [6,10)
        int[][] rows = {{0, 3}, {3, 6}, {6, 10}};
        List<Variable> params = reference.parameters();
        float[][] sum = new float[params.size()][];
        double loss = 0;
        for (int sh = 0; sh < 3; sh++) {
            reference.zeroGrad();
            double w = (rows[sh][1] - rows[sh][0]) / 10.0;
            try (Randomness.ThreadGenerator g = Randomness.onThisThread(new Rng(ShardWorker.shardSeed(SEED, step,
                    sh)))) {
                ColaLoss.Result r = reference.loss(a.slice(0, rows[sh][0], rows[sh][1]).copy(),
                        p.slice(0, rows[sh][0], rows[sh][1]).copy());
                r.loss().backward(Tensor.scalar(DType.FLOAT32, w));
                loss += w * r.loss().value().item();
            }
            for (int i = 0; i < params.size(); i++) {
                float[] g = params.get(i).grad().toFloatArray();
                if (sum[i] == null) {
                    sum[i] = g;
                } else {
                    for (int k = 0; k < g.length; k++) {
                        sum[i][k] += g[k];
                    }
                }
            }
        }
        assertEquals(loss, got.loss(), 1e-6 * Math.abs(loss));
        List<Variable> dpParams = driver.parameters();
        for (int i = 0; i < params.size(); i++) {
            float[] g = dpParams.get(i).grad().toFloatArray();
            double scale = 0;
            for (float v : sum[i]) {
                scale = Math.max(scale, Math.abs(v));
            }
            for (int k = 0; k < g.length; k++) {
                assertEquals(sum[i][k], g[k], 1e-5 * scale + 1e-12, "parameter " + i + " element " + k);
            }
        }
    }

    @Test
    void oneWorkerGivesTheLocalStepsGradient() throws Exception {
        ColaConfig c = config(0.0);
        ColaModel driver = model(c, 1);
        ColaModel local = model(c, 2);
        ModelState.of(driver).loadInto(local);
        Tensor a = crops(3, 6);
        Tensor p = crops(4, 6);
        try (SparkSession s = session("local[1]")) {
            DataParallelGradients dp = new DataParallelGradients(JavaSparkContext.fromSparkContext(s.sparkContext()),
                    c, 1, SEED);
            driver.zeroGrad();
            StepGradients.Result got = dp.compute(driver, a, p, 0);
            local.zeroGrad();
            StepGradients.Result want = StepGradients.LOCAL.compute(local, a, p, 0);
            assertEquals(want.loss(), got.loss(), 1e-6 * Math.abs(want.loss()));
        }
        for (int i = 0; i < driver.parameters().size(); i++) {
            assertArrayEquals(local.parameters().get(i).grad().toFloatArray(),
                    driver.parameters().get(i).grad().toFloatArray(), 1e-6f, "parameter " + i);
        }
        // batch norm's running statistics came back from the worker
        var want = local.stateDict();
        var got = driver.stateDict();
        List<String> buffers = ShardWorker.bufferNames(driver);
        assertTrue(buffers.size() > 10, buffers.toString());
        for (String b : buffers) {
            assertArrayEquals(want.get(b).tensor().toFloatArray(), got.get(b).tensor().toFloatArray(), 1e-6f, b);
        }
    }

    @Test
    void aFailedTaskIsRetriedAndTheRunEndsWithTheSameWeights() throws Exception {
        ColaConfig c = config(0.2);
        ShardWorker.Function plain = ShardWorker::compute;
        ShardWorker.Function failingOnce = (state, spec, task, seed) -> {
            if (task.step() == 1 && task.index() == 1 && TaskContext.get().attemptNumber() == 0) {
                INJECTED.incrementAndGet();
                throw new IllegalStateException("injected failure of the first attempt");
            }
            return ShardWorker.compute(state, spec, task, seed);
        };
        for (DataParallelGradients.Reduction red : DataParallelGradients.Reduction.values()) {
            float[][] clean = train(c, "local[2]", red, plain);
            INJECTED.set(0);
            float[][] retried = train(c, "local[2,2]", red, failingOnce);
            assertEquals(1, INJECTED.get(), "the failure was injected once");
            for (int i = 0; i < clean.length; i++) {
                assertArrayEquals(clean[i], retried[i], red + ": state entry " + i);
            }
        }
    }

    @Test
    void theTreeReductionGivesTheDriversSumToRounding() throws Exception {
        ColaConfig c = config(0.2);
        ColaModel a = model(c, 1);
        ColaModel b = model(c, 1);
        Tensor x = crops(3, 12);
        Tensor y = crops(4, 12);
        try (SparkSession s = session("local[2]")) {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(s.sparkContext());
            a.zeroGrad();
            new DataParallelGradients(jsc, c, 5, SEED, DataParallelGradients.Reduction.DRIVER).compute(a, x, y, 2);
            b.zeroGrad();
            new DataParallelGradients(jsc, c, 5, SEED, DataParallelGradients.Reduction.TREE).compute(b, x, y, 2);
        }
        for (int i = 0; i < a.parameters().size(); i++) {
            float[] ga = a.parameters().get(i).grad().toFloatArray();
            float[] gb = b.parameters().get(i).grad().toFloatArray();
            double scale = 0;
            for (float v : ga) {
                scale = Math.max(scale, Math.abs(v));
            }
            assertArrayEquals(ga, gb, (float) (1e-6 * scale + 1e-12), "parameter " + i);
        }
    }

    /** Three Adam steps on fixed batches, 4 workers; the final state, entry by entry. */
    private static float[][] train(ColaConfig c, String master, DataParallelGradients.Reduction reduction,
            ShardWorker.Function f) throws Exception {
        ColaModel m = model(c, 1);
        Adam adam = new Adam(m.parameters(), 1e-3);
        try (SparkSession s = session(master)) {
            DataParallelGradients dp = new DataParallelGradients(JavaSparkContext.fromSparkContext(s.sparkContext()),
                    c, 4, SEED, reduction, f);
            for (int step = 0; step < 3; step++) {
                adam.zeroGrad();
                dp.compute(m, crops(10 + step, 8), crops(20 + step, 8), step);
                adam.step();
            }
        }
        Map<String, io.github.cola4j.nn.Module.StateEntry> st = m.stateDict();
        float[][] out = new float[st.size()][];
        int i = 0;
        for (var e : st.values()) {
            out[i++] = e.tensor().toFloatArray();
        }
        return out;
    }

    @Test
    void aBatchTooSmallForTheWorkersIsRefused() {
        Tensor a = crops(3, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DataParallelGradients.shards(a, a, 0, 3));
        assertTrue(e.getMessage().contains("at least 6"), e.getMessage());
        List<ShardTask> t = DataParallelGradients.shards(a, a, 0, 2);
        assertEquals(List.of(2, 3), t.stream().map(x -> x.shape()[0]).toList());
        assertEquals(1.0, t.get(0).weight() + t.get(1).weight(), 1e-15);
    }
}

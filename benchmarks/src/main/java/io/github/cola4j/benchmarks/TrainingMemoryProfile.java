package io.github.cola4j.benchmarks;

import io.github.cola4j.cola.ColaConfig;
import io.github.cola4j.cola.ColaLoss;
import io.github.cola4j.cola.ColaModel;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.optim.Adam;
import io.github.cola4j.nn.optim.GradClipping;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.MemoryScope;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.cpu.CpuBackend;
import io.github.cola4j.tensor.cpu.PoolStats;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;

/**
 * A long COLA pre-training run on the CPU backend (the training loop of {@code Pretrainer}: one memory scope per
 * step, gradient clipping, Adam) that shows whether memory stays bounded: every report gives the heap in use after a
 * full collection, the bytes waiting in the CPU array pool and its misses (allocations that went to the Java heap),
 * the collections the training itself caused and their time so far, and the median step time of the interval.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * io.github.cola4j.benchmarks.TrainingMemoryProfile [steps] [batch] [width] [depth]} (defaults 1000 steps, 32
 * pairs, the demo's encoder of width 0.25 and depth 0.34). Inputs are random 98 x 64 log-mel crops; their values do
 * not change the memory a step uses.
 */
public final class TrainingMemoryProfile {

    private TrainingMemoryProfile() {
    }

    /**
     * Command-line entry.
     *
     * @param args optionally steps (at least 1), pairs per batch (at least 2), width and depth multipliers
     * @throws NumberFormatException if an argument is not a number
     * @throws IllegalArgumentException if the steps or the batch are too small or a multiplier is not positive
     */
    public static void main(String[] args) {
        int steps = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int batch = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        double width = args.length > 2 ? Double.parseDouble(args[2]) : 0.25;
        double depth = args.length > 3 ? Double.parseDouble(args[3]) : 0.34;
        if (steps < 1 || batch < 2) {
            throw new IllegalArgumentException("usage: TrainingMemoryProfile [steps >= 1] [batch >= 2] [width] [depth]");
        }
        Randomness.seed(1);
        ColaModel model = new ColaModel(ColaConfig.paper().toBuilder().encoder(
                new EfficientNetConfig(width, depth, 1, 0.2, EfficientNetConfig.Pooling.MAX)).build());
        Adam adam = new Adam(model.parameters(), 1e-3);
        Rng rng = new Rng(2);
        Tensor anchors = rng.normal(DType.FLOAT32, 0, 1, batch, 1, 98, 64);
        Tensor positives = anchors.add(rng.normal(DType.FLOAT32, 0, 0.1, batch, 1, 98, 64));
        System.out.printf(Locale.ROOT, "COLA pre-training, %d steps of %d pairs, encoder width %.2f depth %.2f, "
                + "Java %s, max heap %d MB%n", steps, batch, width, depth, Runtime.version(),
                Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "%6s %10s %10s %10s %10s %8s %9s %10s%n", "step", "heap MB", "pool MB",
                "pool hits", "misses", "GCs", "GC ms", "step ms");
        int reportEvery = Math.max(1, Math.min(100, steps / 10));
        double[] times = new double[reportEvery];
        int inInterval = 0;
        long start = System.nanoTime();
        model.train(true);
        for (int step = 1; step <= steps; step++) {
            long t0 = System.nanoTime();
            try (MemoryScope memory = MemoryScope.open()) {
                adam.zeroGrad();
                ColaLoss.Result r = model.loss(anchors, positives);
                r.loss().backward();
                GradClipping.clipGradNorm(adam.parameters(), 1.0);
                adam.step();
                r.loss().value().item();
            }
            times[inInterval++] = (System.nanoTime() - t0) / 1e6;
            if (step == 1 || step % reportEvery == 0 || step == steps) {
                report(step, Arrays.copyOf(times, inInterval));
                inInterval = 0;
            }
        }
        System.out.printf(Locale.ROOT, "%d steps in %.1f s%n", steps, (System.nanoTime() - start) / 1e9);
    }

    // collections this profile forced to read the heap, left out of the training's own
    private static long forcedCollections;
    private static long forcedCollectionMs;

    /** Collections so far and their total time in ms, over all collectors. */
    private static long[] collections() {
        long[] t = new long[2];
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            t[0] += Math.max(0, gc.getCollectionCount());
            t[1] += Math.max(0, gc.getCollectionTime());
        }
        return t;
    }

    private static void report(int step, double[] stepMs) {
        long[] before = collections();
        long gcs = before[0] - forcedCollections;
        long gcMs = before[1] - forcedCollectionMs;
        System.gc(); // the heap in use after a full collection is what the run really keeps
        long[] after = collections();
        forcedCollections += after[0] - before[0];
        forcedCollectionMs += after[1] - before[1];
        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        Arrays.sort(stepMs);
        PoolStats pool = CpuBackend.poolStats();
        System.out.printf(Locale.ROOT, "%6d %10.1f %10.1f %10d %10d %8d %9d %10.1f%n", step, heap / 1048576.0,
                pool.pooledBytes() / 1048576.0, pool.hits(), pool.misses(), gcs, gcMs, stepMs[stepMs.length / 2]);
    }
}

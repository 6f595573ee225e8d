package io.github.cola4j.benchmarks;

import io.github.cola4j.cola.ColaConfig;
import io.github.cola4j.cola.ColaLoss;
import io.github.cola4j.cola.ColaModel;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.optim.Adam;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.MemoryScope;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One COLA pre-training step as the paper runs it: a batch of B anchors and B positives (98 x 64 log-mel crops)
 * through EfficientNet-B0 as one batch of 2B, the 512-d head, the bilinear similarity, the contrastive loss,
 * backward and Adam. {@code compare_training.py} times the same step in PyTorch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx12g", "--add-modules", "jdk.incubator.vector"})
public class ColaStepBenchmark {

    /** Pairs per batch (the step encodes twice as many clips). */
    @Param({"64"})
    public int batch;

    private ColaModel model;
    private Adam adam;
    private Tensor anchors;
    private Tensor positives;

    /** Builds the paper's model (seeded) with Adam at 1e-3, and a fixed batch of random anchors and positives. */
    @Setup
    public void setUp() {
        Randomness.seed(1);
        model = new ColaModel(ColaConfig.paper());
        adam = new Adam(model.parameters(), 1e-3);
        Rng r = new Rng(2);
        anchors = r.normal(DType.FLOAT32, 0, 1, batch, 1, 98, 64);
        positives = anchors.add(r.normal(DType.FLOAT32, 0, 0.001, batch, 1, 98, 64));
    }

    /**
     * Forward of 2B clips, loss, backward and an Adam update.
     *
     * @return the step's loss (returned so the work is not optimised away)
     */
    @Benchmark
    public double step() {
        model.train(true);
        // the step's activations and gradients go back to the pool at the end, for the next step to reuse
        try (var memory = MemoryScope.open()) {
            ColaLoss.Result r = model.loss(anchors, positives);
            adam.zeroGrad();
            r.loss().backward();
            adam.step();
            return r.loss().value().item();
        }
    }
}

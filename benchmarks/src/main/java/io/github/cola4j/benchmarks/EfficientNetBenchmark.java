package io.github.cola4j.benchmarks;

import io.github.cola4j.autograd.Autograd;
import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Losses;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.optim.Adam;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.MemoryScope;
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
 * EfficientNet-B0 with a 1-channel stem on a batch of 98 x 64 log-mel crops: forward in evaluation mode, and one
 * training step (forward in training mode, an 8-class cross-entropy on the pooled features through a Linear
 * layer, backward, Adam). {@code compare_training.py} times the same in PyTorch.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"-Xmx8g", "--add-modules", "jdk.incubator.vector"})
public class EfficientNetBenchmark {

    /** Clips per batch. */
    @Param({"64"})
    public int batch;

    private EfficientNet net;
    private Adam adam;
    private Tensor input;
    private int[] labels;

    /** Builds EfficientNet-B0 (seeded) with an 8-class classifier and Adam at 1e-4, and a fixed random batch. */
    @Setup
    public void setUp() {
        Randomness.seed(1);
        net = new EfficientNet(EfficientNetConfig.b0(EfficientNetConfig.Pooling.AVG), 8, 0.2);
        adam = new Adam(net.parameters(), 1e-4);
        input = new Rng(2).normal(DType.FLOAT32, 0, 1, batch, 1, 98, 64);
        labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % 8;
        }
    }

    /**
     * Pooled features of the batch, no graph recorded.
     *
     * @return the features [batch, 1280]
     */
    @Benchmark
    public Tensor forwardEval() {
        net.eval();
        try (var memory = MemoryScope.open(); var scope = Autograd.noGrad()) {
            // the features outlive the step; every other activation goes back to the pool
            return memory.keep(net.features(Variable.constant(input)).value());
        }
    }

    /**
     * Forward, loss, backward and an Adam update.
     *
     * @return the step's loss (returned so the work is not optimised away)
     */
    @Benchmark
    public double trainStep() {
        net.train(true);
        try (var memory = MemoryScope.open()) {
            Variable loss = Losses.crossEntropy(net.forward(Variable.constant(input)), labels);
            adam.zeroGrad();
            loss.backward();
            adam.step();
            return loss.value().item();
        }
    }
}

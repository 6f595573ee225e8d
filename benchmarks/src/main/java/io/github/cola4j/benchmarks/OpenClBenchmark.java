package io.github.cola4j.benchmarks;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Losses;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.optim.Adam;
import io.github.cola4j.opencl.BackendSelector;
import io.github.cola4j.opencl.OpenClBackend;
import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.BatchNormGrads;
import io.github.cola4j.tensor.BatchNormResult;
import io.github.cola4j.tensor.Conv2dOptions;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.UnaryOp;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The ops of an EfficientNet training step and a whole small step, on the CPU backend and on the OpenCL backend
 * side by side ({@code backend} = {@code cpu} or {@code opencl}). Every input is created on the backend in the
 * setup (for OpenCL: uploaded once, outside the timed region). Each timed call ends by reading one element of
 * its result back to the host, which waits for every launch before it, so the time covers the device work.
 *
 * <p>{@code opencl} takes the first OpenCL device (GPUs first; {@code -Dcola4j.opencl.device=NAME} to pick
 * one). When there is none the trial fails with the reason; it never falls back to the CPU.
 *
 * <p>Shapes: matmul 512 x 512 x 512; the convolutions and batch norm are EfficientNet-B0 layers at batch 16 of
 * 98 x 64 clips (pointwise 16 -> 96 at 49 x 32, depthwise 3x3 s1 96 ch at 49 x 32, depthwise 5x5 s2 144 ch at
 * 25 x 16, batch norm and SiLU on 16 x 96 x 49 x 32, separately and fused); the step is EfficientNet width 0.25,
 * depth 0.25, batch 16 of 1 x 98 x 64, 8 classes: forward in training mode, cross-entropy, backward, Adam.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-modules", "jdk.incubator.vector"})
public class OpenClBenchmark {

    /** Batch of the convolution, batch-norm, SiLU and step benchmarks. */
    public static final int BATCH = 16;

    /** {@code cpu} or {@code opencl}. */
    @Param({"cpu", "opencl"})
    public String backend;

    private Backend b;
    private OpenClBackend device;
    private final Random rnd = new Random(7);

    private Tensor ma;
    private Tensor mb;

    private Tensor convX;
    private Tensor convW;
    private Tensor convDy;
    private Conv2dOptions convO;

    private Tensor bnX;
    private Tensor bnGamma;
    private Tensor bnBeta;
    private Tensor bnDy;

    private EfficientNet net;
    private Adam adam;
    private Tensor stepInput;
    private int[] labels;

    /**
     * The backend of this trial and the inputs of the benchmark being run.
     *
     * @param params JMH's description of the trial; its benchmark method name picks the inputs to create
     * @throws io.github.cola4j.opencl.OpenClUnavailableException if {@code opencl} is asked for and no device can be
     *     opened
     * @throws IllegalArgumentException if {@link #backend} is neither {@code cpu} nor {@code opencl}
     */
    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        if ("opencl".equals(backend)) {
            // Throws OpenClUnavailableException with the reason when there is no usable OpenCL device.
            device = OpenClBackend.create(false, System.getProperty(BackendSelector.DEVICE_PROPERTY, ""));
            b = device;
            System.out.println("OpenCL device: " + device.deviceDescription());
        } else if ("cpu".equals(backend)) {
            b = Backends.cpu();
        } else {
            throw new IllegalArgumentException("backend must be cpu or opencl, got " + backend);
        }
        Backends.setDefault(b);
        String method = params.getBenchmark();
        method = method.substring(method.lastIndexOf('.') + 1);
        switch (method) {
            case "matmul512" -> {
                ma = random(512, 512);
                mb = random(512, 512);
            }
            case "pointwiseForward", "pointwiseBackward" -> conv(16, 96, 49, 32, 1, 1, 1);
            case "depthwise3s1Forward", "depthwise3s1Backward" -> conv(96, 96, 49, 32, 3, 1, 96);
            case "depthwise5s2Forward", "depthwise5s2Backward" -> conv(144, 144, 25, 16, 5, 2, 144);
            case "batchNormTrain", "siluForward", "siluBackward", "batchNormSiluUnfused",
                    "batchNormSiluFused" -> {
                bnX = random(BATCH, 96, 49, 32);
                bnDy = random(BATCH, 96, 49, 32);
                bnGamma = random(96);
                bnBeta = random(96);
            }
            case "trainStep" -> {
                Randomness.seed(1);
                net = new EfficientNet(new EfficientNetConfig(0.25, 0.25, 1, 0.0,
                        EfficientNetConfig.Pooling.AVG), 8, 0.0);
                net.to(b);
                net.train(true);
                adam = new Adam(net.parameters(), 1e-4);
                stepInput = random(BATCH, 1, 98, 64);
                labels = new int[BATCH];
                for (int i = 0; i < BATCH; i++) {
                    labels[i] = i % 8;
                }
            }
            default -> throw new IllegalStateException("no setup for " + method);
        }
        if (device != null) {
            System.out.println("after setup: " + device.stats());
        }
    }

    /** Shows what the device did (launches, transfers, host round trips) over the trial. */
    @TearDown(Level.Trial)
    public void tearDown() {
        Backends.setDefault(Backends.cpu());
        if (device != null) {
            System.out.println("after the trial: " + device.stats());
            device.close();
            device = null;
        }
    }

    private void conv(int cin, int cout, int h, int w, int k, int stride, int groups) {
        convO = Conv2dOptions.of(stride, k / 2, groups);
        convX = random(BATCH, cin, h, w);
        convW = random(cout, cin / groups, k, k);
        int oh = (h + 2 * (k / 2) - k) / stride + 1;
        int ow = (w + 2 * (k / 2) - k) / stride + 1;
        convDy = random(BATCH, cout, oh, ow);
    }

    /** A normal random tensor created on the backend (uploaded once for OpenCL). */
    private Tensor random(int... shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        Tensor t = Tensor.wrap(b.fromHost(DType.FLOAT32, v), shape);
        if (t.backend() != b) {
            throw new IllegalStateException("input landed on " + t.backend().name() + ", not " + b.name());
        }
        return t;
    }

    /** Reads one element back: waits for the work that produced {@code t}. */
    private static double sync(Tensor t) {
        return t.get(new int[t.rank()]);
    }

    /**
     * C = A B, 512 x 512 x 512.
     *
     * @return one element of the result, read back to the host once the device has finished
     */
    @Benchmark
    public double matmul512() {
        return sync(ma.matmul(mb));
    }

    /**
     * Pointwise 1x1 convolution 16 -> 96 at 49 x 32, forward.
     *
     * @return one element of the result, read back to the host once the device has finished
     */
    @Benchmark
    public double pointwiseForward() {
        return sync(convX.conv2d(convW, null, convO));
    }

    /**
     * Pointwise 1x1 convolution 16 -> 96 at 49 x 32, input and weight gradients.
     *
     * @return the sum of one element of each gradient, read back once the device has finished
     */
    @Benchmark
    public double pointwiseBackward() {
        return backward();
    }

    /**
     * Depthwise 3x3 stride 1, 96 channels at 49 x 32, forward.
     *
     * @return one element of the result, read back to the host once the device has finished
     */
    @Benchmark
    public double depthwise3s1Forward() {
        return sync(convX.conv2d(convW, null, convO));
    }

    /**
     * Depthwise 3x3 stride 1, 96 channels at 49 x 32, input and weight gradients.
     *
     * @return the sum of one element of each gradient, read back once the device has finished
     */
    @Benchmark
    public double depthwise3s1Backward() {
        return backward();
    }

    /**
     * Depthwise 5x5 stride 2, 144 channels at 25 x 16, forward.
     *
     * @return one element of the result, read back to the host once the device has finished
     */
    @Benchmark
    public double depthwise5s2Forward() {
        return sync(convX.conv2d(convW, null, convO));
    }

    /**
     * Depthwise 5x5 stride 2, 144 channels at 25 x 16, input and weight gradients.
     *
     * @return the sum of one element of each gradient, read back once the device has finished
     */
    @Benchmark
    public double depthwise5s2Backward() {
        return backward();
    }

    private double backward() {
        Tensor dx = b.conv2dBackwardInput(convDy, convW, convX.shape(), convO);
        Tensor dw = b.conv2dBackwardWeight(convDy, convX, convW.shape(), convO);
        return sync(dx) + sync(dw);
    }

    /**
     * Batch norm in training mode on 16 x 96 x 49 x 32: forward (batch statistics) and backward.
     *
     * @return the sum of one element of the output and of each gradient (input, gamma, beta), read back
     */
    @Benchmark
    public double batchNormTrain() {
        BatchNormResult f = b.batchNormTraining(bnX, bnGamma, bnBeta, 1e-5);
        BatchNormGrads g = b.batchNormBackward(bnDy, bnX, f.mean(), f.invStd(), bnGamma);
        return sync(f.y()) + sync(g.dx()) + sync(g.dGamma()) + sync(g.dBeta());
    }

    /**
     * Batch norm (training) then SiLU as separate ops, forward and backward: BN statistics and apply, SiLU,
     * then SiLU' times the gradient, BN backward statistics and apply.
     *
     * @return the sum of one element of the activation and of each gradient (input, gamma, beta), read back
     */
    @Benchmark
    public double batchNormSiluUnfused() {
        BatchNormResult f = b.batchNormTraining(bnX, bnGamma, bnBeta, 1e-5);
        Tensor y = f.y().silu();
        Tensor dz = bnDy.mul(f.y().apply(UnaryOp.SILU_GRAD, 0, 0));
        BatchNormGrads g = b.batchNormBackward(dz, bnX, f.mean(), f.invStd(), bnGamma);
        return sync(y) + sync(g.dx()) + sync(g.dGamma()) + sync(g.dBeta());
    }

    /**
     * The same through {@code batchNormSiluTraining} / {@code batchNormSiluBackward}: fused on OpenCL; on the CPU
     * backend the default composition (which recomputes the pre-activation in the backward pass).
     *
     * @return the sum of one element of the activation and of each gradient (input, gamma, beta), read back
     */
    @Benchmark
    public double batchNormSiluFused() {
        BatchNormResult f = b.batchNormSiluTraining(bnX, bnGamma, bnBeta, 1e-5);
        BatchNormGrads g = b.batchNormSiluBackward(bnDy, bnX, f.mean(), f.invStd(), bnGamma, bnBeta);
        return sync(f.y()) + sync(g.dx()) + sync(g.dGamma()) + sync(g.dBeta());
    }

    /**
     * SiLU forward on 16 x 96 x 49 x 32.
     *
     * @return one element of the result, read back to the host once the device has finished
     */
    @Benchmark
    public double siluForward() {
        return sync(bnX.silu());
    }

    /**
     * SiLU backward on 16 x 96 x 49 x 32: dy * silu'(x).
     *
     * @return one element of the result, read back to the host once the device has finished
     */
    @Benchmark
    public double siluBackward() {
        return sync(bnX.apply(UnaryOp.SILU_GRAD, 0, 0).mul(bnDy));
    }

    /**
     * EfficientNet (width 0.25, depth 0.25), batch 16 of 1 x 98 x 64: forward, loss, backward, Adam.
     *
     * @return the loss plus one element of the last parameter after the update, both read back to the host
     */
    @Benchmark
    public double trainStep() {
        Variable loss = Losses.crossEntropy(net.forward(Variable.constant(stepInput)), labels);
        adam.zeroGrad();
        loss.backward();
        adam.step();
        // The loss read back waits for the forward; one element of the last parameter for the update.
        var ps = net.parameters();
        return loss.value().item() + sync(ps.get(ps.size() - 1).value());
    }
}

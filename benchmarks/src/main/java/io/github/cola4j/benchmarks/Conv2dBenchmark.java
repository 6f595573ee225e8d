package io.github.cola4j.benchmarks;

import io.github.cola4j.tensor.cpu.Conv2dGeometry;
import io.github.cola4j.tensor.cpu.Conv2dKernels;
import java.util.Random;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Convolutions of EfficientNet-B0 on a batch of 32 log-mel clips of 98 x 64 (one input channel).
 * Forward costs {@code 2 * Conv2dGeometry.multiplyAdds()} floating-point operations;
 * backward (input and weight gradients) twice that.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g", "--add-modules", "jdk.incubator.vector"})
public class Conv2dBenchmark {

    /** Batch of clips. */
    public static final int BATCH = 32;

    /**
     * Layer name, see {@link #geometry(String)}. The default set is kept short; the other depthwise layers of the
     * network run with {@code -p layer=dw_3x3s1_32_49x32,dw_3x3s2_96_49x32,dw_5x5s1_240_13x8,dw_3x3s2_240_13x8,
     * dw_3x3s1_480_7x4,dw_5x5s1_480_7x4,dw_5x5s1_672_7x4,dw_5x5s2_672_7x4,dw_5x5s1_1152_4x2,dw_3x3s1_1152_4x2}.
     */
    @Param({"stem_3x3s2_1to32", "pw_16to96_49x32", "dw_3x3s1_96_49x32", "dw_5x5s2_144_25x16",
            "dw_3x3s1_672_7x4", "pw_320to1280_4x2"})
    public String layer;

    private Conv2dGeometry g;
    private float[] x;
    private float[] w;
    private float[] y;
    private float[] dy;
    private float[] dx;
    private float[] dw;

    /**
     * The shape of a named layer at batch {@link #BATCH}.
     *
     * @param layer one of the names listed for {@link #layer}, such as {@code dw_3x3s1_96_49x32}
     * @return the layer's geometry: input, kernel, stride, padding and groups
     * @throws IllegalArgumentException if the name is unknown
     */
    public static Conv2dGeometry geometry(String layer) {
        return switch (layer) {
            case "stem_3x3s2_1to32" -> Conv2dGeometry.of(BATCH, 1, 98, 64, 32, 3, 2, 1, 1);
            case "pw_16to96_49x32" -> Conv2dGeometry.of(BATCH, 16, 49, 32, 96, 1, 1, 0, 1);
            case "dw_3x3s1_96_49x32" -> Conv2dGeometry.of(BATCH, 96, 49, 32, 96, 3, 1, 1, 96);
            case "dw_5x5s2_144_25x16" -> Conv2dGeometry.of(BATCH, 144, 25, 16, 144, 5, 2, 2, 144);
            case "dw_3x3s1_672_7x4" -> Conv2dGeometry.of(BATCH, 672, 7, 4, 672, 3, 1, 1, 672);
            case "pw_320to1280_4x2" -> Conv2dGeometry.of(BATCH, 320, 4, 2, 1280, 1, 1, 0, 1);
            case "dw_3x3s1_32_49x32" -> depthwise(32, 49, 32, 3, 1);
            case "dw_3x3s2_96_49x32" -> depthwise(96, 49, 32, 3, 2);
            case "dw_5x5s1_240_13x8" -> depthwise(240, 13, 8, 5, 1);
            case "dw_3x3s2_240_13x8" -> depthwise(240, 13, 8, 3, 2);
            case "dw_3x3s1_480_7x4" -> depthwise(480, 7, 4, 3, 1);
            case "dw_5x5s1_480_7x4" -> depthwise(480, 7, 4, 5, 1);
            case "dw_5x5s1_672_7x4" -> depthwise(672, 7, 4, 5, 1);
            case "dw_5x5s2_672_7x4" -> depthwise(672, 7, 4, 5, 2);
            case "dw_5x5s1_1152_4x2" -> depthwise(1152, 4, 2, 5, 1);
            case "dw_3x3s1_1152_4x2" -> depthwise(1152, 4, 2, 3, 1);
            default -> throw new IllegalArgumentException("unknown layer " + layer);
        };
    }

    private static Conv2dGeometry depthwise(int channels, int h, int w, int k, int stride) {
        return Conv2dGeometry.of(BATCH, channels, h, w, channels, k, stride, k / 2, channels);
    }

    /** Allocates and fills the tensors of the layer. */
    @Setup
    public void setUp() {
        g = geometry(layer);
        Random r = new Random(7);
        x = random(g.inputSize(), r);
        w = random(g.weightSize(), r);
        dy = random(g.outputSize(), r);
        y = new float[g.outputSize()];
        dx = new float[g.inputSize()];
        dw = new float[g.weightSize()];
    }

    /**
     * Forward pass without bias.
     *
     * @return the output, overwritten in place on every call
     */
    @Benchmark
    public float[] forward() {
        Conv2dKernels.forward(x, w, null, g, y);
        return y;
    }

    /**
     * Input and weight gradients.
     *
     * @param bh JMH's sink, consuming both gradients so that they are not optimised away
     */
    @Benchmark
    public void backward(Blackhole bh) {
        Conv2dKernels.backwardInput(dy, w, g, dx);
        Conv2dKernels.backwardWeight(dy, x, g, dw);
        bh.consume(dx);
        bh.consume(dw);
    }

    private static float[] random(int n, Random r) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }
}

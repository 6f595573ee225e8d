package io.github.cola4j.benchmarks;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Losses;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.optim.Adam;
import io.github.cola4j.nn.optim.GradClipping;
import io.github.cola4j.opencl.OpenClBackend;
import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * One EfficientNet-B0 training step (1 x 98 x 64 log-mel clips, 8 classes, forward in training mode,
 * cross-entropy, backward, gradient clipping at norm 1, Adam), timed on the OpenCL backend and on the CPU
 * backend in the same run, with what the device did in each phase: launches, per-kernel launches and the wall
 * time spent in them, transfers, and the work of each kernel family (FLOPs and bytes moved, counted by the backend)
 * with the step's paper roofline on an NVIDIA H100 SXM.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * io.github.cola4j.benchmarks.OpenClStepProfile [batch] [steps] [device-name-filter]} (defaults 16, 5, any
 * device, GPUs first). Prints the median step time of each backend after two warm-up steps, and last three summary
 * lines: {@code launches per step: N} and {@code host round trips per step: N} (the last OpenCL step, reading the
 * loss and a weight at its end included) and {@code step ms: opencl X cpu Y} (the medians).
 */
public final class OpenClStepProfile {

    private OpenClStepProfile() {
    }

    private static final String USAGE = "usage: OpenClStepProfile [batch >= 1] [steps >= 1] [device-name-filter]";

    /**
     * Command-line entry.
     *
     * @param args optionally the batch size (default 16, at least 1), the number of timed steps (default 5, at
     *     least 1; at most 3 on the CPU backend) and a device-name filter (default: any device, GPUs first)
     * @throws IllegalArgumentException if the batch size or the number of steps is not a whole number of at least
     *     1; the message gives the usage
     * @throws io.github.cola4j.opencl.OpenClUnavailableException if no matching OpenCL device can be opened
     */
    public static void main(String[] args) {
        int batch = args.length > 0 ? positive(args[0], "batch") : 16;
        int steps = args.length > 1 ? positive(args[1], "steps") : 5;
        String filter = args.length > 2 ? args[2] : "";
        OpenClBackend device = OpenClBackend.create(false, filter);
        Result gpu;
        try {
            System.out.printf(Locale.ROOT, "EfficientNet-B0 training step, batch %d of 1 x 98 x 64, on %s%n", batch,
                    device.deviceDescription());
            gpu = run(device, device, batch, steps);
        } finally {
            device.close();
        }
        Result cpu = run(Backends.cpu(), null, batch, Math.min(steps, 3));
        System.out.printf(Locale.ROOT, "median step: OpenCL %.1f ms, CPU backend %.1f ms (%d threads), "
                + "OpenCL speed / CPU speed %.2f%n", gpu.medianMs(), cpu.medianMs(),
                Runtime.getRuntime().availableProcessors(), cpu.medianMs() / gpu.medianMs());
        System.out.print(summary(gpu, cpu));
    }

    /**
     * What a run of one backend gave.
     *
     * @param medianMs the median step time, in milliseconds
     * @param launches kernel launches of the last step (0 on the CPU backend)
     * @param roundTrips host round trips of the last step (0 on the CPU backend)
     */
    record Result(double medianMs, long launches, long roundTrips) {
    }

    /**
     * The three summary lines that end the output.
     *
     * @param gpu the OpenCL run
     * @param cpu the CPU backend's run
     * @return {@code launches per step: N}, {@code host round trips per step: N} and {@code step ms: opencl X cpu Y},
     *     each ending with a line break
     */
    static String summary(Result gpu, Result cpu) {
        return String.format(Locale.ROOT, "launches per step: %d%nhost round trips per step: %d%n"
                + "step ms: opencl %.1f cpu %.1f%n", gpu.launches(), gpu.roundTrips(), gpu.medianMs(), cpu.medianMs());
    }

    private static int positive(String arg, String name) {
        int v;
        try {
            v = Integer.parseInt(arg.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a whole number, got '" + arg + "'; " + USAGE, e);
        }
        if (v < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, got " + v + "; " + USAGE);
        }
        return v;
    }

    private static Result run(Backend backend, OpenClBackend device, int batch, int steps) {
        Backend previous = Backends.defaultBackend();
        Backends.setDefault(backend);
        try {
            Randomness.seed(1);
            EfficientNet net = new EfficientNet(EfficientNetConfig.b0(EfficientNetConfig.Pooling.MAX), 8, 0.2);
            net.to(backend);
            net.train(true);
            Adam adam = new Adam(net.parameters(), 1e-3);
            Tensor x = new Rng(2).normal(DType.FLOAT32, 0, 1, batch, 1, 98, 64).to(backend);
            int[] labels = new int[batch];
            for (int i = 0; i < batch; i++) {
                labels[i] = i % 8;
            }
            double[] ms = new double[steps];
            long launches = 0;
            long roundTrips = 0;
            for (int s = -2; s < steps; s++) {
                long t0 = System.nanoTime();
                OpenClBackend.Stats a = device == null ? null : device.stats();
                adam.zeroGrad();
                Variable loss = Losses.crossEntropy(net.forward(Variable.constant(x)), labels);
                OpenClBackend.Stats b = device == null ? null : device.stats();
                loss.backward();
                OpenClBackend.Stats c = device == null ? null : device.stats();
                GradClipping.clipGradNorm(net.parameters(), 1.0);
                OpenClBackend.Stats d = device == null ? null : device.stats();
                adam.step();
                // reading the loss and one weight waits for every launch of the step
                double l = loss.value().item() + net.parameters().get(0).value().reshape(-1).slice(0, 0, 1).item();
                double took = (System.nanoTime() - t0) / 1e6;
                if (s >= 0) {
                    ms[s] = took;
                }
                if (device != null && s == steps - 1) {
                    OpenClBackend.Stats e = device.stats();
                    launches = e.launches() - a.launches();
                    roundTrips = e.totalRoundTrips() - a.totalRoundTrips();
                    System.out.printf(Locale.ROOT, "last step: %.1f ms, loss %.4f; launches: forward %d, backward %d,"
                            + " clipping %d, Adam %d; uploads %d, downloads %d, host round trips %d%n", took, l,
                            b.launches() - a.launches(), c.launches() - b.launches(), d.launches() - c.launches(),
                            e.launches() - d.launches(), e.uploads() - a.uploads(), e.downloads() - a.downloads(),
                            e.totalRoundTrips() - a.totalRoundTrips());
                    System.out.printf(Locale.ROOT, "device arena: %d MB, %d MB in use after the step, %d growths%n",
                            e.arenaFloats() * 4 >> 20, e.arenaUsedFloats() * 4 >> 20, e.arenaGrowths());
                    printKernels("forward", a, b);
                    printKernels("backward", b, c);
                    printKernels("clipping and Adam", c, e);
                    System.out.print(costTable(a, e));
                }
            }
            Arrays.sort(ms);
            return new Result(ms[steps / 2], launches, roundTrips);
        } finally {
            Backends.setDefault(previous);
        }
    }

    /** The GPU class of the paper roofline: NVIDIA H100 SXM5, HBM3 bandwidth in bytes per second. */
    static final double GPU_BYTES_PER_S = 3.35e12;
    /** NVIDIA H100 SXM5, FP32 (non-tensor-core) peak in FLOP/s. */
    static final double GPU_FLOPS_PER_S = 67e12;
    /** The assumed cost of one kernel launch on a GPU, in seconds (enqueue and dispatch of back-to-back launches). */
    static final double GPU_LAUNCH_S = 5e-6;

    /** Which family of the backend's kernels a kernel name belongs to (its host class in the opencl module). */
    static String family(String kernel) {
        return switch (kernel) {
            case "fill", "upload", "download", "copy" -> "copies (CopyOps)";
            case "unary", "unarySimple", "binary", "binarySimple", "mulAdd" -> "element-wise (ElementwiseOps)";
            case "seGateGrad", "seInputGrad", "seMlp", "seMlpBackward", "seMlpWeightGrads", "seBackwardSmall" ->
                    "squeeze-excitation (SqueezeExcitationOps)";
            case "reduce", "reduceSmall", "softmax", "argmax" -> "reductions (ReductionOps)";
            case "gemm", "gemmBlocked", "gemmWide", "gemmDots" -> "SGEMM (GemmOps)";
            case "conv", "convBackInput", "convBackWeight", "convRows", "convBackInputRows", "convBackWeightRows",
                    "pool", "poolBackward" ->
                    "direct conv, pooling (WindowOps)";
            case "bnForward", "bnBackward", "bnForwardRows", "bnBackwardRows",
                    "bnStats", "bnApply", "bnBackStats", "bnBackApply", "bnEval",
                    "bnRunningStats" -> "batch norm (BatchNormOps)";
            default -> "training ops (TrainingOps)";
        };
    }

    /**
     * The step's work per kernel, then per family: launches, wall ms, GFLOP and MB moved (counted by the backend
     * from each launch's sizes), and the paper roofline on the GPU class above: per family the larger of its
     * FLOPs over the peak and its bytes over the bandwidth, and for the step that sum plus a launch cost each.
     *
     * @param from the counters before the step
     * @param to the counters after it
     * @return the table, one line per kernel and per family, each ending with a line break
     */
    static String costTable(OpenClBackend.Stats from, OpenClBackend.Stats to) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "work per step:%n  %-42s %8s %10s %10s %10s"
                + " %12s%n", "kernel", "launches", "ms", "GFLOP", "MB", "H100 ms"));
        Map<String, double[]> families = new java.util.TreeMap<>();
        double[] total = new double[5];
        for (String kernel : to.launchesByKernel().keySet()) {
            double[] v = {
                to.launchesByKernel().get(kernel) - from.launchesByKernel().getOrDefault(kernel, 0L),
                (to.nanosByKernel().get(kernel) - from.nanosByKernel().getOrDefault(kernel, 0L)) / 1e6,
                (to.flopsByKernel().get(kernel) - from.flopsByKernel().getOrDefault(kernel, 0L)) / 1e9,
                (to.bytesByKernel().get(kernel) - from.bytesByKernel().getOrDefault(kernel, 0L)) / 1e6, 0};
            if (v[0] == 0) {
                continue;
            }
            v[4] = roofMs(v[2], v[3]);
            sb.append(row(kernel, v));
            double[] f = families.computeIfAbsent(family(kernel), x -> new double[5]);
            for (int i = 0; i < 4; i++) {
                f[i] += v[i];
                total[i] += v[i];
            }
        }
        for (Map.Entry<String, double[]> e : families.entrySet()) {
            double[] f = e.getValue();
            f[4] = roofMs(f[2], f[3]);
            total[4] += f[4];
            sb.append(row(e.getKey(), f));
        }
        sb.append(row("all", total));
        double launchMs = total[0] * GPU_LAUNCH_S * 1e3;
        sb.append(String.format(Locale.ROOT, "roofline on an NVIDIA H100 SXM (%.2f TB/s, %.0f TFLOP/s FP32, %.0f us per"
                + " launch): %.2f ms of memory and arithmetic + %.2f ms of launches = %.2f ms per step%n",
                GPU_BYTES_PER_S / 1e12, GPU_FLOPS_PER_S / 1e12, GPU_LAUNCH_S * 1e6, total[4], launchMs,
                total[4] + launchMs));
        return sb.toString();
    }

    private static double roofMs(double gflop, double mb) {
        return Math.max(gflop * 1e9 / GPU_FLOPS_PER_S, mb * 1e6 / GPU_BYTES_PER_S) * 1e3;
    }

    private static String row(String name, double[] v) {
        return String.format(Locale.ROOT, "  %-42s %8d %10.1f %10.3f %10.1f %12.3f%n", name, (long) v[0], v[1], v[2],
                v[3], v[4]);
    }

    private static void printKernels(String phase, OpenClBackend.Stats from, OpenClBackend.Stats to) {
        StringBuilder sb = new StringBuilder("  " + phase + ":");
        for (Map.Entry<String, Long> e : to.launchesByKernel().entrySet()) {
            long n = e.getValue() - from.launchesByKernel().getOrDefault(e.getKey(), 0L);
            long ns = to.nanosByKernel().get(e.getKey()) - from.nanosByKernel().getOrDefault(e.getKey(), 0L);
            if (n > 0) {
                sb.append(String.format(Locale.ROOT, " %s=%d (%.1f ms)", e.getKey(), n, ns / 1e6));
            }
        }
        System.out.println(sb);
    }
}

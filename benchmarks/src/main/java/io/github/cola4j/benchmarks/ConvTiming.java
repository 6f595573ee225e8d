package io.github.cola4j.benchmarks;

import io.github.cola4j.tensor.cpu.Conv2dGeometry;
import io.github.cola4j.tensor.cpu.Conv2dKernels;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Plain timing loop for the depthwise layers of EfficientNet-B0 and its 1x1 layers on small images (batch 32,
 * clips of 98 x 64): forward, input gradient and weight gradient timed separately, median of repeated calls
 * after a warm-up.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp ... ConvTiming [reps] [name-filter]}, e.g. filter
 * {@code dw_} or {@code pw_}. Prints one line per layer: median milliseconds of forward, backwardInput,
 * backwardWeight.
 */
public final class ConvTiming {

    private ConvTiming() {
    }

    /** Name and geometry of each timed layer. */
    static final Object[][] SHAPES = {
        {"dw_k3s1_32ch_49x32", dw(32, 49, 32, 3, 1)},
        {"dw_k3s1_96ch_49x32", dw(96, 49, 32, 3, 1)},
        {"dw_k3s2_96ch_49x32", dw(96, 49, 32, 3, 2)},
        {"dw_k5s2_144ch_25x16", dw(144, 25, 16, 5, 2)},
        {"dw_k5s1_240ch_13x8", dw(240, 13, 8, 5, 1)},
        {"dw_k3s2_240ch_13x8", dw(240, 13, 8, 3, 2)},
        {"dw_k3s1_480ch_7x4", dw(480, 7, 4, 3, 1)},
        {"dw_k5s1_480ch_7x4", dw(480, 7, 4, 5, 1)},
        {"dw_k5s1_672ch_7x4", dw(672, 7, 4, 5, 1)},
        {"dw_k5s2_672ch_7x4", dw(672, 7, 4, 5, 2)},
        {"dw_k5s1_1152ch_4x2", dw(1152, 4, 2, 5, 1)},
        {"dw_k3s1_1152ch_4x2", dw(1152, 4, 2, 3, 1)},
        {"pw_40to240_13x8", pw(40, 240, 13, 8)},
        {"pw_240to40_13x8", pw(240, 40, 13, 8)},
        {"pw_80to480_7x4", pw(80, 480, 7, 4)},
        {"pw_672to112_7x4", pw(672, 112, 7, 4)},
        {"pw_192to1152_4x2", pw(192, 1152, 4, 2)},
        {"pw_1152to192_4x2", pw(1152, 192, 4, 2)},
        {"pw_320to1280_4x2", pw(320, 1280, 4, 2)},
    };

    private static Conv2dGeometry dw(int c, int h, int w, int k, int s) {
        return Conv2dGeometry.of(32, c, h, w, c, k, s, k / 2, c);
    }

    private static Conv2dGeometry pw(int in, int out, int h, int w) {
        return Conv2dGeometry.of(32, in, h, w, out, 1, 1, 0, 1);
    }

    /**
     * Runs the timing loop; see the class description for the arguments. All selected layers are warmed up
     * first and then timed in interleaved rounds (every layer and pass once per round), as in a training step,
     * so that the JIT sees every shape before anything is measured.
     *
     * @param args optionally the number of timed rounds (default 30), then a substring that layer names must
     *     contain (default: all layers)
     */
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        String filter = args.length > 1 ? args[1] : "";
        List<String> names = new ArrayList<>();
        List<Runnable[]> calls = new ArrayList<>();
        for (Object[] s : SHAPES) {
            String name = (String) s[0];
            if (name.contains(filter)) {
                names.add(name);
                calls.add(passes((Conv2dGeometry) s[1]));
            }
        }
        for (int i = 0; i < 10; i++) {
            for (Runnable[] c : calls) {
                for (Runnable pass : c) {
                    pass.run();
                }
            }
        }
        double[][][] ms = new double[calls.size()][3][reps];
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < calls.size(); k++) {
                for (int op = 0; op < 3; op++) {
                    long t0 = System.nanoTime();
                    calls.get(k)[op].run();
                    ms[k][op][r] = (System.nanoTime() - t0) / 1e6;
                }
            }
        }
        System.out.printf("%-20s %10s %10s %10s  (median ms of %d, batch 32)%n", "layer", "forward", "bwdInput",
                "bwdWeight", reps);
        double[] total = new double[3];
        for (int k = 0; k < calls.size(); k++) {
            double[] t = new double[3];
            for (int op = 0; op < 3; op++) {
                Arrays.sort(ms[k][op]);
                t[op] = ms[k][op][reps / 2];
                total[op] += t[op];
            }
            System.out.printf("%-20s %10.3f %10.3f %10.3f%n", names.get(k), t[0], t[1], t[2]);
        }
        System.out.printf("%-20s %10.3f %10.3f %10.3f%n", "sum", total[0], total[1], total[2]);
    }

    /** Forward, input-gradient and weight-gradient calls on random tensors of the layer. */
    private static Runnable[] passes(Conv2dGeometry g) {
        Random r = new Random(7);
        float[] x = random(g.inputSize(), r);
        float[] w = random(g.weightSize(), r);
        float[] b = random(g.outChannels(), r);
        float[] dy = random(g.outputSize(), r);
        float[] y = new float[g.outputSize()];
        float[] dx = new float[g.inputSize()];
        float[] dw = new float[g.weightSize()];
        return new Runnable[] {
            () -> Conv2dKernels.forward(x, w, b, g, y),
            () -> Conv2dKernels.backwardInput(dy, w, g, dx),
            () -> Conv2dKernels.backwardWeight(dy, x, g, dw),
        };
    }

    private static float[] random(int n, Random r) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = (float) r.nextGaussian();
        }
        return a;
    }
}

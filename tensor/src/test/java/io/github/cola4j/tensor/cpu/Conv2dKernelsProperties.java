package io.github.cola4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The fast float32 convolution against the float64 reference, run on the same float inputs. */
class Conv2dKernelsProperties {

    private static final double TOLERANCE = 1e-4;

    /** A small random geometry (odd sizes, strides, padding, dilation, groups), or null when it has no output. */
    static Conv2dGeometry randomGeometry(Random r) {
        int groups = 1 + r.nextInt(3);
        int kh = 1 + r.nextInt(4);
        int kw = r.nextInt(3) == 0 ? kh : 1 + r.nextInt(4);
        try {
            return new Conv2dGeometry(1 + r.nextInt(3), groups * (1 + r.nextInt(4)), 1 + r.nextInt(11),
                    1 + r.nextInt(11), groups * (1 + r.nextInt(4)), kh, kw, 1 + r.nextInt(3), 1 + r.nextInt(3),
                    r.nextInt(3), r.nextInt(3), 1 + r.nextInt(2), 1 + r.nextInt(2), groups);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @Property(tries = 300)
    void generalGeometries(@ForAll long seed) {
        Random r = new Random(seed);
        Conv2dGeometry g = randomGeometry(r);
        Assume.that(g != null);
        checkAll(g, r);
    }

    @Property(tries = 60)
    void depthwiseGeometries(@ForAll long seed) {
        Random r = new Random(seed);
        int k = r.nextBoolean() ? 3 : 5;
        int stride = 1 + r.nextInt(2);
        int pad = r.nextInt(3) == 0 ? r.nextInt(k) : k / 2;
        int c = 1 + r.nextInt(9);
        Conv2dGeometry g;
        try {
            g = new Conv2dGeometry(1 + r.nextInt(3), c, 1 + r.nextInt(20), 1 + r.nextInt(20), c, k, k,
                    stride, stride, pad, pad, r.nextInt(8) == 0 ? 2 : 1, 1, c);
        } catch (IllegalArgumentException e) {
            g = null;
        }
        Assume.that(g != null);
        assertTrue(g.isDepthwise());
        checkAll(g, r);
        checkDepthwise(g, r, false);
        checkDepthwise(g, r, true);
    }

    /** Depthwise layers of EfficientNet-B0 (channel counts that fill whole blocks and ones that do not). */
    @Property(tries = 40)
    void depthwiseBlocks(@ForAll long seed) {
        Random r = new Random(seed);
        int k = r.nextBoolean() ? 3 : 5;
        int stride = 1 + r.nextInt(2);
        int c = r.nextBoolean() ? 16 * (1 + r.nextInt(3)) : 1 + r.nextInt(40);
        int[][] planes = {{7, 4}, {4, 2}, {13, 8}, {1, 1}, {2, 3}, {25, 16}, {9, 20}, {5, 17}};
        int[] hw = planes[r.nextInt(planes.length)];
        Conv2dGeometry g = Conv2dGeometry.of(1 + r.nextInt(5), c, hw[0], hw[1], c, k, stride, k / 2, c);
        checkAll(g, r);
        checkDepthwise(g, r, false);
        checkDepthwise(g, r, true);
    }

    @Example
    void depthwiseVectorPathIsOn() {
        assertTrue(VectorSupport.enabled(), "tests run with --add-modules jdk.incubator.vector");
    }

    /** The channels-last depthwise kernels with the chosen micro-kernels, against the reference. */
    static void checkDepthwise(Conv2dGeometry g, Random r, boolean vector) {
        String path = vector ? "vector " : "plain ";
        float[] x = ConvTestSupport.randomFloats(g.inputSize(), r);
        float[] w = ConvTestSupport.randomFloats(g.weightSize(), r);
        float[] b = r.nextBoolean() ? ConvTestSupport.randomFloats(g.outChannels(), r) : null;
        float[] dy = ConvTestSupport.randomFloats(g.outputSize(), r);
        double[] xd = ConvTestSupport.toDouble(x);
        double[] wd = ConvTestSupport.toDouble(w);
        double[] dyd = ConvTestSupport.toDouble(dy);

        float[] y = filledWithNaN(g.outputSize());
        double[] yRef = new double[g.outputSize()];
        DepthwiseBlocked.forward(x, w, b, g, y, vector, false);
        Conv2dReference.forward(xd, wd, b == null ? null : ConvTestSupport.toDouble(b), g, yRef);
        assertClose(path + "forward", g, y, yRef);
        float[] ys = filledWithNaN(g.outputSize());
        DepthwiseBlocked.forward(x, w, b, g, ys, vector, true);
        assertClose(path + "forward + SiLU", g, ys, silu(yRef));

        float[] dx = filledWithNaN(g.inputSize());
        double[] dxRef = new double[g.inputSize()];
        DepthwiseBlocked.backwardInput(dy, w, g, dx, vector);
        Conv2dReference.backwardInput(dyd, wd, g, dxRef);
        assertClose(path + "backwardInput", g, dx, dxRef);

        float[] dw = filledWithNaN(g.weightSize());
        double[] dwRef = new double[g.weightSize()];
        DepthwiseBlocked.backwardWeight(dy, x, g, dw, vector);
        Conv2dReference.backwardWeight(dyd, xd, g, dwRef);
        assertClose(path + "backwardWeight", g, dw, dwRef);
    }

    @Property(tries = 40)
    void pointwiseGeometries(@ForAll long seed) {
        Random r = new Random(seed);
        // Small images (batched product) and large ones (one product per image), batch 1 and more.
        boolean small = r.nextBoolean();
        int h = small ? 1 + r.nextInt(8) : 12 + r.nextInt(10);
        int w = small ? 1 + r.nextInt(8) : 11 + r.nextInt(10);
        Conv2dGeometry g = Conv2dGeometry.of(1 + r.nextInt(4), 1 + r.nextInt(40), h, w, 1 + r.nextInt(40),
                1, 1, 0, 1);
        assertTrue(g.isPointwise());
        checkAll(g, r);
    }

    @Example
    void efficientNetShapesAtSmallBatch() {
        Random r = new Random(42);
        checkAll(Conv2dGeometry.of(2, 1, 98, 64, 32, 3, 2, 1, 1), r);      // stem
        checkAll(Conv2dGeometry.of(2, 16, 49, 32, 96, 1, 1, 0, 1), r);     // pointwise expand
        checkAll(Conv2dGeometry.of(2, 96, 49, 32, 96, 3, 1, 1, 96), r);    // depthwise k3 s1
        checkAll(Conv2dGeometry.of(2, 144, 25, 16, 144, 5, 2, 2, 144), r); // depthwise k5 s2
        checkAll(Conv2dGeometry.of(3, 672, 7, 4, 672, 3, 1, 1, 672), r);   // depthwise late
        checkAll(Conv2dGeometry.of(3, 320, 4, 2, 1280, 1, 1, 0, 1), r);    // late pointwise, batched
        checkAll(Conv2dGeometry.of(3, 672, 1, 1, 28, 1, 1, 0, 1), r);     // squeeze-excitation, 1 x 1 maps
        checkAll(Conv2dGeometry.of(4, 28, 1, 1, 672, 1, 1, 0, 1), r);
        checkAll(Conv2dGeometry.of(1, 40, 13, 8, 24, 3, 1, 1, 1), r);      // batch 1: parallel product
    }

    static void checkAll(Conv2dGeometry g, Random r) {
        float[] x = ConvTestSupport.randomFloats(g.inputSize(), r);
        float[] w = ConvTestSupport.randomFloats(g.weightSize(), r);
        float[] b = r.nextBoolean() ? ConvTestSupport.randomFloats(g.outChannels(), r) : null;
        float[] dy = ConvTestSupport.randomFloats(g.outputSize(), r);
        double[] xd = ConvTestSupport.toDouble(x);
        double[] wd = ConvTestSupport.toDouble(w);
        double[] bd = b == null ? null : ConvTestSupport.toDouble(b);
        double[] dyd = ConvTestSupport.toDouble(dy);

        // Outputs start as NaN: every kernel must overwrite, never accumulate into, its output.
        float[] y = filledWithNaN(g.outputSize());
        double[] yRef = new double[g.outputSize()];
        Conv2dKernels.forward(x, w, b, g, y);
        Conv2dReference.forward(xd, wd, bd, g, yRef);
        assertClose("forward", g, y, yRef);
        float[] ys = filledWithNaN(g.outputSize());
        Conv2dKernels.forward(x, w, b, g, ys, true);
        assertClose("forward + SiLU", g, ys, silu(yRef));

        float[] dx = filledWithNaN(g.inputSize());
        double[] dxRef = new double[g.inputSize()];
        Conv2dKernels.backwardInput(dy, w, g, dx);
        Conv2dReference.backwardInput(dyd, wd, g, dxRef);
        assertClose("backwardInput", g, dx, dxRef);

        float[] dw = filledWithNaN(g.weightSize());
        double[] dwRef = new double[g.weightSize()];
        Conv2dKernels.backwardWeight(dy, x, g, dw);
        Conv2dReference.backwardWeight(dyd, xd, g, dwRef);
        assertClose("backwardWeight", g, dw, dwRef);

        float[] db = filledWithNaN(g.outChannels());
        double[] dbRef = new double[g.outChannels()];
        Conv2dKernels.backwardBias(dy, g, db);
        Conv2dReference.backwardBias(dyd, g, dbRef);
        assertClose("backwardBias", g, db, dbRef);
    }

    /** SiLU of every element, in double: the reference for the convolutions that apply it as they write. */
    private static double[] silu(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / (1 + Math.exp(-v[i]));
        }
        return out;
    }

    private static float[] filledWithNaN(int size) {
        float[] a = new float[size];
        java.util.Arrays.fill(a, Float.NaN);
        return a;
    }

    private static void assertClose(String what, Conv2dGeometry g, float[] got, double[] expected) {
        double err = ConvTestSupport.relativeError(got, expected);
        assertTrue(err <= TOLERANCE, what + ": relative error " + err + " for " + g);
    }
}

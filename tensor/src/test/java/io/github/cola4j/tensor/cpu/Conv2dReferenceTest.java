package io.github.cola4j.tensor.cpu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import net.jqwik.api.Assume;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** The float64 reference convolution: hand-computed cases, and its gradients as adjoints of the forward pass. */
class Conv2dReferenceTest {

    private static final double[] ONE_TO_NINE = {1, 2, 3, 4, 5, 6, 7, 8, 9};

    @Example
    void twoByTwoKernelWithBias() {
        Conv2dGeometry g = Conv2dGeometry.of(1, 1, 3, 3, 1, 2, 1, 0, 1);
        double[] y = new double[4];
        Conv2dReference.forward(ONE_TO_NINE, new double[] {1, 0, 0, -1}, new double[] {0.5}, g, y);
        // y[i][j] = x[i][j] - x[i+1][j+1] + 0.5 = -4 + 0.5
        assertArrayEquals(new double[] {-3.5, -3.5, -3.5, -3.5}, y);
    }

    @Example
    void paddedStridedBoxFilter() {
        Conv2dGeometry g = Conv2dGeometry.of(1, 1, 3, 3, 1, 3, 2, 1, 1);
        assertEquals(2, g.outH());
        double[] w = {1, 1, 1, 1, 1, 1, 1, 1, 1};
        double[] y = new double[4];
        Conv2dReference.forward(ONE_TO_NINE, w, null, g, y);
        assertArrayEquals(new double[] {1 + 2 + 4 + 5, 2 + 3 + 5 + 6, 4 + 5 + 7 + 8, 5 + 6 + 8 + 9}, y);

        double[] dx = new double[9];
        Conv2dReference.backwardInput(new double[] {1, 0, 0, 0}, w, g, dx);
        assertArrayEquals(new double[] {1, 1, 0, 1, 1, 0, 0, 0, 0}, dx);
    }

    @Example
    void dilatedKernel() {
        // 1x2 kernel with dilation 2 on a 1x4 row: y[j] = a*x[j] + b*x[j+2].
        Conv2dGeometry g = new Conv2dGeometry(1, 1, 1, 4, 1, 1, 2, 1, 1, 0, 0, 1, 2, 1);
        double[] y = new double[2];
        Conv2dReference.forward(new double[] {1, 2, 3, 4}, new double[] {10, 1}, null, g, y);
        assertArrayEquals(new double[] {13, 24}, y);
    }

    @Example
    void groupsKeepChannelsApart() {
        // Two groups, 1x1 kernels: channel 0 scaled by 2, channel 1 by 3; dw sums x * dy per channel.
        Conv2dGeometry g = Conv2dGeometry.of(1, 2, 1, 2, 2, 1, 1, 0, 2);
        double[] x = {1, 2, 3, 4};
        double[] y = new double[4];
        Conv2dReference.forward(x, new double[] {2, 3}, null, g, y);
        assertArrayEquals(new double[] {2, 4, 9, 12}, y);
        double[] dw = new double[2];
        Conv2dReference.backwardWeight(new double[] {1, 1, 1, -1}, x, g, dw);
        assertArrayEquals(new double[] {3, -1}, dw);
        double[] db = new double[2];
        Conv2dReference.backwardBias(new double[] {1, 1, 1, -1}, g, db);
        assertArrayEquals(new double[] {2, 0}, db);
    }

    @Property(tries = 200)
    void gradientsAreAdjointsOfForward(@ForAll long seed) {
        Random r = new Random(seed);
        Conv2dGeometry g = Conv2dKernelsProperties.randomGeometry(r);
        Assume.that(g != null);
        double[] x = ConvTestSupport.randomDoubles(g.inputSize(), r);
        double[] w = ConvTestSupport.randomDoubles(g.weightSize(), r);
        double[] b = ConvTestSupport.randomDoubles(g.outChannels(), r);
        double[] dy = ConvTestSupport.randomDoubles(g.outputSize(), r);
        double[] y = new double[g.outputSize()];
        double[] yb = new double[g.outputSize()];
        Conv2dReference.forward(x, w, null, g, y);
        Conv2dReference.forward(x, w, b, g, yb);
        double[] dx = new double[g.inputSize()];
        double[] dw = new double[g.weightSize()];
        double[] db = new double[g.outChannels()];
        Conv2dReference.backwardInput(dy, w, g, dx);
        Conv2dReference.backwardWeight(dy, x, g, dw);
        Conv2dReference.backwardBias(dy, g, db);

        double lhs = ConvTestSupport.dot(y, dy);
        double scale = 1 + Math.abs(lhs) + Math.sqrt(ConvTestSupport.dot(y, y) * ConvTestSupport.dot(dy, dy));
        assertEquals(lhs, ConvTestSupport.dot(x, dx), 1e-9 * scale, "<forward(x), dy> = <x, backwardInput(dy)>");
        assertEquals(lhs, ConvTestSupport.dot(w, dw), 1e-9 * scale, "<forward(w), dy> = <w, backwardWeight(dy)>");
        double[] biasPart = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            biasPart[i] = yb[i] - y[i];
        }
        assertEquals(ConvTestSupport.dot(biasPart, dy), ConvTestSupport.dot(b, db), 1e-9 * scale,
                "<bias part, dy> = <b, backwardBias(dy)>");
    }
}

package io.github.cola4j.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TensorTest {

    private static Tensor t(double[] v, int... shape) {
        return Tensor.of(DType.FLOAT32, v, shape);
    }

    @Test
    void creation() {
        assertArrayEquals(new float[] {0, 1, 2, 3}, Tensor.arange(4).toFloatArray());
        assertArrayEquals(new double[] {1, 1.5, 2, 2.5}, Tensor.arange(DType.FLOAT64, 1, 3, 0.5).toDoubleArray());
        assertArrayEquals(new float[6], Tensor.zeros(2, 3).toFloatArray());
        assertArrayEquals(new double[] {7, 7}, Tensor.full(DType.FLOAT64, 7, 2).toDoubleArray());
        assertEquals(3.5, Tensor.scalar(DType.FLOAT32, 3.5).item());
        assertEquals(DType.FLOAT64, Tensor.ones(DType.FLOAT64, 1).dtype());
        assertThrows(TensorException.class, () -> Tensor.of(new float[5], 2, 3));
    }

    @Test
    void seededRandomIsReproducibleAndHasTheRightMoments() {
        Tensor a = new Rng(42).normal(DType.FLOAT64, 1, 2, 20000);
        Tensor b = new Rng(42).normal(DType.FLOAT64, 1, 2, 20000);
        assertArrayEquals(a.toDoubleArray(), b.toDoubleArray());
        assertEquals(1, a.mean().item(), 0.05);
        assertEquals(4, a.variance(1, false).item(), 0.15);
        Tensor u = new Rng(7).uniform(DType.FLOAT32, -1, 3, 20000);
        assertEquals(1, u.mean().item(), 0.05);
        assertTrue(u.min(false).item() >= -1 && u.max().item() < 3);
        Rng r = new Rng(3);
        r.nextGaussian();
        long[] state = r.state();
        double next = r.nextGaussian();
        Rng s = new Rng(0);
        s.restore(state);
        assertEquals(next, s.nextGaussian());
    }

    @Test
    void viewsShareStorageAndReadCorrectly() {
        Tensor x = Tensor.arange(DType.FLOAT64, 0, 24, 1).reshape(2, 3, 4);
        Tensor p = x.permute(2, 0, 1);
        assertArrayEquals(new int[] {4, 2, 3}, p.shape());
        assertFalse(p.isContiguous());
        assertEquals(x.get(1, 2, 3), p.get(3, 1, 2));
        assertSame(x.storage(), p.storage());
        Tensor s = x.slice(2, 1, 4, 2);
        assertArrayEquals(new double[] {1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23}, s.toDoubleArray());
        assertArrayEquals(new double[] {12, 13, 14, 15}, x.select(0, 1).select(0, 0).toDoubleArray());
        assertArrayEquals(new int[] {2, 1, 3, 4}, x.unsqueeze(1).shape());
        assertArrayEquals(new int[] {2, 3, 4, 1}, x.unsqueeze(-1).shape());
        assertArrayEquals(new int[] {2, 3, 4}, x.unsqueeze(1).squeeze(1).shape());
        assertArrayEquals(new double[] {0, 4, 8, 12, 16, 20}, x.slice(2, 0, 1).reshape(-1).toDoubleArray());
        Tensor e = Tensor.of(new double[] {1, 2}, 2, 1).expand(2, 3);
        assertArrayEquals(new double[] {1, 1, 1, 2, 2, 2}, e.toDoubleArray());
        assertArrayEquals(x.transpose(0, 2).t().toDoubleArray(), x.permute(2, 1, 0).transpose(1, 2).toDoubleArray());
    }

    private static void assertSame(Object a, Object b) {
        assertTrue(a == b, "expected the same object");
    }

    @Test
    void assignWritesThroughAView() {
        Tensor z = Tensor.zeros(DType.FLOAT64, 2, 3);
        z.slice(1, 1, 3).assign(Tensor.of(new double[] {5, 6}));
        assertArrayEquals(new double[] {0, 5, 6, 0, 5, 6}, z.toDoubleArray());
    }

    @Test
    void broadcastingFollowsNumpy() {
        Tensor a = t(new double[] {1, 2, 3}, 3, 1);
        Tensor b = t(new double[] {10, 20}, 2);
        Tensor c = a.add(b);
        assertArrayEquals(new int[] {3, 2}, c.shape());
        assertArrayEquals(new float[] {11, 21, 12, 22, 13, 23}, c.toFloatArray());
        assertArrayEquals(new float[] {2, 4, 6}, a.mul(Tensor.scalar(DType.FLOAT32, 2)).toFloatArray());
        assertEquals(DType.FLOAT64, a.add(Tensor.of(new double[] {1})).dtype());
    }

    @Test
    void shapeMismatchNamesTheOpAndBothShapes() {
        TensorException e = assertThrows(TensorException.class,
                () -> Tensor.zeros(2, 3).add(Tensor.zeros(4, 3)));
        assertTrue(e.getMessage().startsWith("add:"), e.getMessage());
        assertTrue(e.getMessage().contains("[2, 3]") && e.getMessage().contains("[4, 3]"), e.getMessage());
        TensorException m = assertThrows(TensorException.class,
                () -> Tensor.zeros(2, 3).matmul(Tensor.zeros(4, 5)));
        assertTrue(m.getMessage().startsWith("matmul:") && m.getMessage().contains("[4, 5]"), m.getMessage());
        TensorException c = assertThrows(TensorException.class,
                () -> Tensor.zeros(1, 3, 8, 8).conv2d(Tensor.zeros(4, 2, 3, 3), null, Conv2dOptions.defaults()));
        assertTrue(c.getMessage().startsWith("conv2d:") && c.getMessage().contains("[4, 2, 3, 3]"), c.getMessage());
        assertThrows(TensorException.class, () -> Tensor.zeros(2, 3).reshape(4, 2));
        assertThrows(TensorException.class, () -> Tensor.zeros(2, 3).sum(false, 2));
    }

    @Test
    void elementwiseValues() {
        Tensor x = t(new double[] {-2, -0.5, 0, 0.5, 3}, 5);
        assertArrayEquals(new float[] {0, 0, 0, 0.5f, 3}, x.relu().toFloatArray());
        assertArrayEquals(new float[] {-1, -0.5f, 0, 0.5f, 1}, x.clamp(-1, 1).toFloatArray());
        float[] silu = x.silu().toFloatArray();
        for (int i = 0; i < 5; i++) {
            double v = x.get(i);
            assertEquals(v / (1 + Math.exp(-v)), silu[i], 1e-6);
        }
        assertArrayEquals(new float[] {2, 0.5f, 0, 0.5f, 3}, x.abs().toFloatArray());
        assertArrayEquals(new float[] {4, 0.25f, 0, 0.25f, 9}, x.pow(2).toFloatArray());
        assertArrayEquals(new float[] {-2, -0.5f, 0, 0.5f, 3}, x.maximum(Tensor.full(DType.FLOAT32, -3, 1)).toFloatArray());
        assertArrayEquals(new float[] {0, 0, 0, 1, 1}, x.gt(Tensor.zeros(1)).toFloatArray());
        assertEquals(1.0, Tensor.scalar(DType.FLOAT32, 1000).sigmoid().item());
        assertEquals(0.0, Tensor.scalar(DType.FLOAT32, -1000).sigmoid().item());
    }

    @Test
    void reductions() {
        Tensor x = Tensor.arange(DType.FLOAT64, 0, 24, 1).reshape(2, 3, 4);
        assertEquals(276, x.sum().item());
        assertArrayEquals(new int[] {2, 1, 4}, x.sum(true, 1).shape());
        assertArrayEquals(new double[] {12, 15, 18, 21, 48, 51, 54, 57}, x.sum(false, 1).toDoubleArray());
        assertArrayEquals(new double[] {5.5, 17.5}, x.mean(false, 1, 2).toDoubleArray());
        assertArrayEquals(new double[] {20, 21, 22, 23}, x.max(false, 0, 1).toDoubleArray());
        assertArrayEquals(new double[] {3, 3, 3, 3, 3, 3}, x.argmax(2, false).toDoubleArray());
        assertArrayEquals(new double[] {2, 2, 2, 2, 2, 2, 2, 2}, x.argmax(1, true).reshape(-1).toDoubleArray());
        Tensor v = Tensor.of(new double[] {1, 2, 3, 4});
        assertEquals(1.25, v.variance(0, false).item(), 1e-12);
        assertEquals(5.0 / 3, v.variance(1, false).item(), 1e-12);
        assertEquals(1, Tensor.of(new double[] {1, 5, 5, 2}).argmax(0, false).item(), "first maximum wins ties");
    }

    @Test
    void softmaxIsStableAndNormalised() {
        Tensor x = t(new double[] {1000, 1001, 1002, -5, 0, 5}, 2, 3);
        Tensor s = x.softmax(1);
        float[] v = s.toFloatArray();
        assertEquals(1, v[0] + v[1] + v[2], 1e-6);
        assertEquals(Math.exp(-2) / (Math.exp(-2) + Math.exp(-1) + 1), v[0], 1e-6);
        assertArrayEquals(s.log().toFloatArray(), x.logSoftmax(1).toFloatArray(), 1e-5f);
        assertArrayEquals(x.softmax(0).toFloatArray(), x.t().softmax(1).t().toFloatArray(), 1e-7f);
    }

    @Test
    void matmulShapes() {
        Tensor a = Tensor.arange(DType.FLOAT64, 0, 6, 1).reshape(2, 3);
        Tensor b = Tensor.arange(DType.FLOAT64, 0, 12, 1).reshape(3, 4);
        assertArrayEquals(new double[] {20, 23, 26, 29, 56, 68, 80, 92}, a.matmul(b).toDoubleArray());
        assertArrayEquals(new int[] {5, 2, 4}, Tensor.zeros(5, 2, 3).matmul(Tensor.zeros(3, 4)).shape());
        assertArrayEquals(new int[] {2, 5, 2, 4}, Tensor.zeros(2, 1, 2, 3).matmul(Tensor.zeros(5, 3, 4)).shape());
        assertArrayEquals(new double[] {5, 14}, a.matmul(Tensor.of(new double[] {0, 1, 2})).toDoubleArray());
        assertArrayEquals(new double[] {3, 4, 5}, Tensor.of(new double[] {0, 1}).matmul(a).toDoubleArray());
        assertArrayEquals(a.matmul(b).toDoubleArray(), b.t().matmul(a.t()).t().toDoubleArray());
    }

    @Test
    void concatAndStack() {
        Tensor a = Tensor.arange(DType.FLOAT64, 0, 4, 1).reshape(2, 2);
        Tensor b = Tensor.arange(DType.FLOAT64, 10, 12, 1).reshape(2, 1);
        assertArrayEquals(new double[] {0, 1, 10, 2, 3, 11}, Tensor.concat(1, a, b).toDoubleArray());
        assertArrayEquals(new int[] {2, 2, 2}, Tensor.stack(0, a, a).shape());
        assertArrayEquals(new double[] {0, 0, 1, 1, 2, 2, 3, 3}, Tensor.stack(-1, a, a).toDoubleArray());
        assertThrows(TensorException.class, () -> Tensor.concat(0, a, b));
    }

    @Test
    void convolutionAndPoolingValues() {
        Tensor x = Tensor.arange(DType.FLOAT64, 0, 16, 1).reshape(1, 1, 4, 4);
        Tensor w = Tensor.ones(DType.FLOAT64, 1, 1, 2, 2);
        assertArrayEquals(new double[] {10, 18, 42, 50},
                x.conv2d(w, Tensor.of(new double[] {0}), Conv2dOptions.of(2, 0, 1)).toDoubleArray());
        assertArrayEquals(new double[] {5, 7, 13, 15}, x.maxPool2d(Pool2dOptions.of(2, 2, 0)).toDoubleArray());
        assertArrayEquals(new double[] {2.5, 4.5, 10.5, 12.5}, x.avgPool2d(Pool2dOptions.of(2, 2, 0)).toDoubleArray());
        // padded cells count as zeros in average pooling, are ignored by max pooling
        assertEquals(0.0, x.avgPool2d(Pool2dOptions.of(2, 2, 1)).get(0, 0, 0, 0));
        assertEquals(0, x.maxPool2d(Pool2dOptions.of(2, 2, 1)).get(0, 0, 0, 0));
        assertEquals(15, x.maxPool2d(Pool2dOptions.of(2, 2, 1)).get(0, 0, 2, 2));
    }
}

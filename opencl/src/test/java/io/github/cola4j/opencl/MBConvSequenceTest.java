package io.github.cola4j.opencl;

import static io.github.cola4j.opencl.OpenClTestSupport.assertClose;
import static io.github.cola4j.opencl.OpenClTestSupport.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.tensor.Backend;
import io.github.cola4j.tensor.Backends;
import io.github.cola4j.tensor.BatchNormGrads;
import io.github.cola4j.tensor.BatchNormResult;
import io.github.cola4j.tensor.BinaryOp;
import io.github.cola4j.tensor.Conv2dOptions;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * An MBConv block (expand 1x1, BN, SiLU, depthwise 3x3, BN, SiLU, squeeze-excite, project 1x1, BN, residual)
 * with a pooled linear head and softmax cross-entropy, forward and hand-written backward, on both backends.
 * On OpenCL the whole step runs with no host transfer between ops.
 */
class MBConvSequenceTest {
    private static final Conv2dOptions POINT = Conv2dOptions.defaults();

    /** Loss and every gradient of the block, by name. */
    private static Map<String, Tensor> step(Map<String, Tensor> p, Tensor x, Tensor oneHot) {
        Backend be = x.backend();
        int n = x.dim(0);
        int h = x.dim(2);
        int w = x.dim(3);
        int ce = p.get("We").dim(0);
        Conv2dOptions dw = Conv2dOptions.of(1, 1, ce);
        // forward
        Tensor e = x.conv2d(p.get("We"), null, POINT);
        BatchNormResult bn1 = be.batchNormTraining(e, p.get("g1"), p.get("b1"), 1e-3);
        Tensor a1 = bn1.y().silu();
        Tensor d = a1.conv2d(p.get("Wd"), null, dw);
        BatchNormResult bn2 = be.batchNormTraining(d, p.get("g2"), p.get("b2"), 1e-3);
        Tensor a2 = bn2.y().silu();
        Tensor s = a2.mean(true, 2, 3);
        Tensor r = s.conv2d(p.get("Wr"), p.get("br"), POINT);
        Tensor ra = r.silu();
        Tensor z = ra.conv2d(p.get("Wx"), p.get("bx"), POINT);
        Tensor gate = z.sigmoid();
        Tensor se = a2.mul(gate);
        Tensor pr = se.conv2d(p.get("Wp"), null, POINT);
        BatchNormResult bn3 = be.batchNormTraining(pr, p.get("g3"), p.get("b3"), 1e-3);
        Tensor out = bn3.y().add(x);
        Tensor pooled = out.mean(false, 2, 3);
        Tensor logits = pooled.matmul(p.get("Wfc").t());
        Tensor loss = logits.logSoftmax(1).mul(oneHot).sum().mul(-1.0 / n);
        // backward
        Map<String, Tensor> g = new LinkedHashMap<>();
        g.put("loss", loss);
        Tensor dLogits = logits.softmax(1).sub(oneHot).mul(1.0 / n);
        g.put("Wfc", dLogits.t().matmul(pooled));
        Tensor dPooled = dLogits.matmul(p.get("Wfc"));
        Tensor dOut = dPooled.reshape(n, -1, 1, 1).mul(1.0 / (h * w)).expand(out.shape()).contiguous();
        BatchNormGrads dbn3 = be.batchNormBackward(dOut, pr, bn3.mean(), bn3.invStd(), p.get("g3"));
        g.put("g3", dbn3.dGamma());
        g.put("b3", dbn3.dBeta());
        g.put("Wp", be.conv2dBackwardWeight(dbn3.dx(), se, p.get("Wp").shape(), POINT));
        Tensor dSe = be.conv2dBackwardInput(dbn3.dx(), p.get("Wp"), se.shape(), POINT);
        Tensor dGate = dSe.mul(a2).sum(true, 2, 3);
        Tensor dz = dGate.mul(gate).mul(gate.neg().add(1));
        g.put("bx", dz.sum(false, 0, 2, 3));
        g.put("Wx", be.conv2dBackwardWeight(dz, ra, p.get("Wx").shape(), POINT));
        Tensor dr = be.conv2dBackwardInput(dz, p.get("Wx"), ra.shape(), POINT).apply(BinaryOp.SILU_BACKWARD, r);
        g.put("br", dr.sum(false, 0, 2, 3));
        g.put("Wr", be.conv2dBackwardWeight(dr, s, p.get("Wr").shape(), POINT));
        Tensor ds = be.conv2dBackwardInput(dr, p.get("Wr"), s.shape(), POINT);
        Tensor da2 = dSe.mul(gate).add(ds.mul(1.0 / (h * w)));
        Tensor db2 = da2.apply(BinaryOp.SILU_BACKWARD, bn2.y());
        BatchNormGrads dbn2 = be.batchNormBackward(db2, d, bn2.mean(), bn2.invStd(), p.get("g2"));
        g.put("g2", dbn2.dGamma());
        g.put("b2", dbn2.dBeta());
        g.put("Wd", be.conv2dBackwardWeight(dbn2.dx(), a1, p.get("Wd").shape(), dw));
        Tensor da1 = be.conv2dBackwardInput(dbn2.dx(), p.get("Wd"), a1.shape(), dw);
        BatchNormGrads dbn1 = be.batchNormBackward(da1.apply(BinaryOp.SILU_BACKWARD, bn1.y()), e, bn1.mean(), bn1.invStd(), p.get("g1"));
        g.put("g1", dbn1.dGamma());
        g.put("b1", dbn1.dBeta());
        g.put("We", be.conv2dBackwardWeight(dbn1.dx(), x, p.get("We").shape(), POINT));
        g.put("x", be.conv2dBackwardInput(dbn1.dx(), p.get("We"), x.shape(), POINT).add(dOut));
        return g;
    }

    @Test
    void blockForwardAndBackwardOnOpenClEqualsCpu() {
        OpenClBackend gpu = OpenClTestSupport.backend();
        Random rnd = new Random(11);
        int n = 2;
        int c = 5;
        int ce = 30;
        int cr = 2;
        int hw = 9;
        int classes = 7;
        Map<String, Tensor> params = new LinkedHashMap<>();
        params.put("We", random(rnd, ce, c, 1, 1).mul(0.5));
        params.put("g1", random(rnd, ce).add(1));
        params.put("b1", random(rnd, ce).mul(0.1));
        params.put("Wd", random(rnd, ce, 1, 3, 3).mul(0.5));
        params.put("g2", random(rnd, ce).add(1));
        params.put("b2", random(rnd, ce).mul(0.1));
        params.put("Wr", random(rnd, cr, ce, 1, 1).mul(0.3));
        params.put("br", random(rnd, cr).mul(0.1));
        params.put("Wx", random(rnd, ce, cr, 1, 1).mul(0.3));
        params.put("bx", random(rnd, ce).mul(0.1));
        params.put("Wp", random(rnd, c, ce, 1, 1).mul(0.3));
        params.put("g3", random(rnd, c).add(1));
        params.put("b3", random(rnd, c).mul(0.1));
        params.put("Wfc", random(rnd, classes, c));
        Tensor x = random(rnd, n, c, hw, hw);
        float[] hot = new float[n * classes];
        hot[3] = 1;
        hot[classes + 5] = 1;
        Tensor oneHot = Tensor.wrap(Backends.cpu().fromHost(DType.FLOAT32, hot), n, classes);

        Map<String, Tensor> want = step(params, x, oneHot);

        Map<String, Tensor> dp = new LinkedHashMap<>();
        params.forEach((k, v) -> dp.put(k, v.to(gpu)));
        Tensor dx = x.to(gpu);
        Tensor dHot = oneHot.to(gpu);
        OpenClBackend.Stats before = gpu.stats();
        long t0 = System.nanoTime();
        Map<String, Tensor> got = step(dp, dx, dHot);
        long stepMs = (System.nanoTime() - t0) / 1_000_000;
        OpenClBackend.Stats after = gpu.stats();
        assertEquals(before.downloads(), after.downloads(), "no value left the device during the step");
        assertEquals(before.uploads(), after.uploads(), "no value went to the device during the step");
        assertEquals(before.totalRoundTrips(), after.totalRoundTrips(), "every op of the step ran on the device");
        assertTrue(after.launches() > before.launches());
        System.out.println("MBConv step on OpenCL: " + (after.launches() - before.launches()) + " launches, "
                + stepMs + " ms");

        for (String k : want.keySet()) {
            assertClose(got.get(k), want.get(k), "MBConv " + k);
        }
        assertTrue(Double.isFinite(got.get("loss").item()));
    }
}

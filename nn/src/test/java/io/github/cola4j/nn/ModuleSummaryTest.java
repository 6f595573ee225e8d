package io.github.cola4j.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.autograd.Autograd;
import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ModuleSummaryTest {

    @Test
    void efficientNetB0WithTorchvisionsImageNetHeadHasItsParameterCountAndLayerShapes() {
        // torchvision's efficientnet_b0(): 3 input channels, 1000 classes, 5,288,548 parameters
        EfficientNet net = new EfficientNet(EfficientNetConfig.b(0, 3, EfficientNetConfig.Pooling.AVG), 1000, 0.2);
        ModuleSummary s = net.summary(1, 3, 224, 224);
        assertEquals(5_288_548L, s.totalParameters());
        assertEquals(5_288_548L, s.trainableParameters());
        assertArrayEquals(new int[] {1, 1000}, s.row("").outputShape());
        assertEquals("EfficientNet", s.row("").type());
        assertArrayEquals(new int[] {1, 32, 112, 112}, s.row("features.0").outputShape());
        assertArrayEquals(new int[] {1, 16, 112, 112}, s.row("features.1").outputShape());
        assertArrayEquals(new int[] {1, 24, 56, 56}, s.row("features.2").outputShape());
        assertArrayEquals(new int[] {1, 320, 7, 7}, s.row("features.7").outputShape());
        assertArrayEquals(new int[] {1, 1280, 7, 7}, s.row("features.8").outputShape());
        // a batch norm folded into its convolution at inference still shows: summary turns folding off
        assertArrayEquals(new int[] {1, 32, 112, 112}, s.row("features.0.1").outputShape());
        assertArrayEquals(new int[] {1, 96, 1, 1}, s.row("features.2.0.block.2.fc2").outputShape());
        assertArrayEquals(new int[] {1, 1000}, s.row("classifier.1").outputShape());
        // own parameters only: the stem convolution 32 x 3 x 3 x 3, its batch norm 2 x 32, containers none
        assertEquals(864, s.row("features.0.0").parameters());
        assertEquals(64, s.row("features.0.1").parameters());
        assertEquals(0, s.row("features").parameters());
        assertEquals(1_281_000, s.row("classifier.1").parameters());
        assertEquals("Conv2d", s.row("features.0.0").type());
        // the first block of a stage has no residual, so its stochastic depth never runs
        assertNull(s.row("features.2.0.stochastic_depth").outputShape());
        assertArrayEquals(new int[] {1, 24, 56, 56}, s.row("features.2.1.stochastic_depth").outputShape());
        long own = 0;
        for (ModuleSummary.Row r : s.rows()) {
            own += r.parameters();
        }
        assertEquals(s.totalParameters(), own, "own counts do not add up to the total");
        String table = s.toString();
        assertTrue(table.contains("total parameters: 5,288,548"), table);
        assertTrue(table.contains("features.2.0.block.2.fc2"), table);
        assertTrue(table.lines().anyMatch(l -> l.contains("features.8 ") && l.contains("[1, 1280, 7, 7]")), table);
    }

    @Test
    void summaryRestoresEachModulesModeAndRemovesItsHooks() {
        Linear head = new Linear(4, 2, true);
        Sequential net = new Sequential(new Linear(3, 4, true), new Dropout(0.5), head);
        net.train(true);
        head.eval();
        ModuleSummary s = net.summary(5, 3);
        assertArrayEquals(new int[] {5, 4}, s.row("1").outputShape());
        assertEquals(3 * 4 + 4 + 4 * 2 + 2, s.totalParameters());
        assertTrue(net.isTraining() && net.get(0).isTraining() && net.get(1).isTraining());
        assertFalse(head.isTraining());
        for (int i = 0; i < net.size(); i++) {
            assertFalse(net.get(i).hasForwardHooks(), "hook left on layer " + i);
        }
        assertTrue(Autograd.isGradEnabled());
    }

    @Test
    void aShapeTheNetworkCannotTakeIsReportedWithTheShape() {
        Sequential net = new Sequential(new Linear(3, 4, true));
        net.train(true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> net.summary(2, 5));
        assertTrue(e.getMessage().contains("[2, 5]"), e.getMessage());
        assertTrue(net.isTraining(), "mode not restored after a failure");
        assertFalse(net.get(0).hasForwardHooks());
    }

    @Test
    void aHookSeesTheConvolutionsOwnOutputEvenWhereItWouldBeFolded() {
        Conv2d conv = new Conv2d(2, 3, 3, 1, 1, 1, true);
        BatchNorm2d bn = new BatchNorm2d(3);
        Sequential block = new Sequential(conv, bn);
        Rng r = new Rng(5);
        try (Autograd.NoGradScope s = Autograd.noGrad()) {
            block.train(true);
            block.forward(Variable.constant(r.normal(DType.FLOAT32, 2, 3, 4, 2, 5, 5)));
        }
        block.eval();
        Tensor x = r.normal(DType.FLOAT32, 0, 1, 1, 2, 5, 5);
        List<Tensor> seen = new ArrayList<>();
        ForwardHook hook = (m, in, out) -> seen.add(out.value());
        conv.addForwardHook(hook);
        try (Autograd.NoGradScope s = Autograd.noGrad()) {
            block.call(Variable.constant(x));
            assertEquals(1, seen.size());
            assertArrayEquals(conv.forward(Variable.constant(x)).value().toFloatArray(), seen.get(0).toFloatArray(),
                    1e-6f);
        }
        assertTrue(conv.removeForwardHook(hook));
        assertFalse(conv.hasForwardHooks());
        block.call(Variable.constant(x));
        assertEquals(1, seen.size(), "a removed hook ran");
        assertThrows(IllegalArgumentException.class, () -> conv.addForwardHook(null));
    }
}

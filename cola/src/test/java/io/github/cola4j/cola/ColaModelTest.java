package io.github.cola4j.cola;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.Randomness;
import org.junit.jupiter.api.Test;

class ColaModelTest {
    private static final EfficientNetConfig TINY = new EfficientNetConfig(0.25, 0.25, 1, 0.0,
            EfficientNetConfig.Pooling.MAX);
    private static final ColaConfig CONFIG = new ColaConfig(TINY, 16, Similarity.BILINEAR, 0.2, 0.0);

    @Test
    void anEncoderOfAnotherWidthOrInputIsRejected() {
        Randomness.seed(3);
        EfficientNet wider = new EfficientNet(new EfficientNetConfig(0.5, 0.25, 1, 0.0,
                EfficientNetConfig.Pooling.MAX));
        String msg = assertThrows(IllegalArgumentException.class, () -> new ColaModel(CONFIG, wider)).getMessage();
        assertTrue(msg.contains("gives " + wider.config().featureWidth() + " features")
                && msg.contains("gives " + TINY.featureWidth() + " from"), msg);

        EfficientNet rgb = new EfficientNet(new EfficientNetConfig(0.25, 0.25, 3, 0.0,
                EfficientNetConfig.Pooling.MAX));
        msg = assertThrows(IllegalArgumentException.class, () -> new ColaModel(CONFIG, rgb)).getMessage();
        assertTrue(msg.contains("3 input channel(s)"), msg);
    }

    @Test
    void aMatchingEncoderIsUsedAsItIs() {
        Randomness.seed(4);
        // same shape, another stochastic-depth probability: accepted
        EfficientNet encoder = new EfficientNet(TINY.withStochasticDepth(0.1));
        ColaModel model = new ColaModel(CONFIG, encoder);
        assertSame(encoder, model.encoder());
        assertSame(CONFIG, model.config());
    }

    @Test
    void configRejectsNaN() {
        ColaConfig ok = ColaConfig.paper();
        assertThrows(IllegalArgumentException.class, () -> ok.toBuilder().headDropout(Double.NaN).build());
        assertThrows(IllegalArgumentException.class, () -> new ColaConfig(ok.encoder(), ok.embeddingDim(),
                ok.similarity(), Double.NaN, ok.headDropout()));
    }
}

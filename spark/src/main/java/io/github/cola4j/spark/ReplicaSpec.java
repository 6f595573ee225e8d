package io.github.cola4j.spark;

import io.github.cola4j.cola.ColaConfig;
import io.github.cola4j.cola.Similarity;
import io.github.cola4j.nn.EfficientNetConfig;
import java.io.Serializable;

/**
 * What a worker needs to build a replica of the model being trained: the COLA configuration as plain values, sent
 * with every task (the weights travel separately, as {@link ModelState}).
 *
 * @param widthMult the encoder's width multiplier
 * @param depthMult the encoder's depth multiplier
 * @param inChannels the encoder's input channels
 * @param stochasticDepthProb the encoder's stochastic depth
 * @param pooling the encoder's global pooling, by name
 * @param embeddingDim the head's width
 * @param similarity the similarity, by name
 * @param temperature the similarity's temperature
 * @param headDropout the head's dropout
 * @param bilinearInitScale the bilinear weight's initial scale
 *
 * @serial exclude
 */
public record ReplicaSpec(double widthMult, double depthMult, int inChannels, double stochasticDepthProb,
        String pooling, int embeddingDim, String similarity, double temperature, double headDropout,
        double bilinearInitScale) implements Serializable {

    /**
     * The spec of a configuration.
     *
     * @param c the model's configuration
     * @return the same values, serializable
     */
    public static ReplicaSpec of(ColaConfig c) {
        EfficientNetConfig e = c.encoder();
        return new ReplicaSpec(e.widthMult(), e.depthMult(), e.inChannels(), e.stochasticDepthProb(),
                e.pooling().name(), c.embeddingDim(), c.similarity().name(), c.temperature(), c.headDropout(),
                c.bilinearInitScale());
    }

    /**
     * The configuration back.
     *
     * @return a configuration equal to the one this spec was made of
     */
    public ColaConfig config() {
        return new ColaConfig(new EfficientNetConfig(widthMult, depthMult, inChannels, stochasticDepthProb,
                EfficientNetConfig.Pooling.valueOf(pooling)), embeddingDim, Similarity.valueOf(similarity),
                temperature, headDropout, bilinearInitScale);
    }
}

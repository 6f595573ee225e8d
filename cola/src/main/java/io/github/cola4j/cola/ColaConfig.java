package io.github.cola4j.cola;

import io.github.cola4j.nn.EfficientNetConfig;

/**
 * Everything that shapes a COLA model.
 *
 * @param encoder the EfficientNet (B0 with a 1-channel stem and max pooling in the paper)
 * @param embeddingDim width of the head's output (512)
 * @param similarity bilinear (paper) or cosine
 * @param temperature divides cosine similarities (0.2); unused for bilinear
 * @param headDropout dropout before the head's Linear (0.1 in the PyTorch re-implementation, 0 in the paper)
 */
public record ColaConfig(EfficientNetConfig encoder, int embeddingDim, Similarity similarity, double temperature,
        double headDropout) {

    /**
     * Checks the configuration; throws IllegalArgumentException for an embedding width below 1, a non-positive
     * temperature, or a head dropout outside [0, 1).
     */
    public ColaConfig {
        if (embeddingDim < 1 || temperature <= 0 || headDropout < 0 || headDropout >= 1) {
            throw new IllegalArgumentException("bad COLA config: embedding " + embeddingDim + ", temperature "
                    + temperature + ", dropout " + headDropout);
        }
    }

    /** The paper's model: B0, max pooling, 512-d bilinear head, no dropout, no stochastic depth. */
    public static ColaConfig paper() {
        return new ColaConfig(EfficientNetConfig.b0(EfficientNetConfig.Pooling.MAX).withStochasticDepth(0),
                512, Similarity.BILINEAR, 0.2, 0.0);
    }

    /** This configuration with another encoder. */
    public ColaConfig withEncoder(EfficientNetConfig e) {
        return new ColaConfig(e, embeddingDim, similarity, temperature, headDropout);
    }

    /** This configuration with another similarity. */
    public ColaConfig withSimilarity(Similarity s) {
        return new ColaConfig(encoder, embeddingDim, s, temperature, headDropout);
    }

    /** This configuration with another head dropout probability. */
    public ColaConfig withHeadDropout(double p) {
        return new ColaConfig(encoder, embeddingDim, similarity, temperature, p);
    }
}

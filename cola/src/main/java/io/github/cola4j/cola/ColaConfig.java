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
     *
     * @param encoder the EfficientNet configuration of the encoder
     * @param embeddingDim width of the head's output, at least 1
     * @param similarity bilinear or cosine
     * @param temperature divisor of cosine similarities, above 0 (checked even when the similarity is bilinear)
     * @param headDropout dropout probability before the head's Linear, in [0, 1)
     * @throws IllegalArgumentException if a value is outside the ranges above
     */
    public ColaConfig {
        // written so that NaN fails every check
        if (embeddingDim < 1 || !(temperature > 0) || !(headDropout >= 0 && headDropout < 1)) {
            throw new IllegalArgumentException("bad COLA config: embedding " + embeddingDim + ", temperature "
                    + temperature + ", dropout " + headDropout);
        }
    }

    /**
     * The paper's model: B0, max pooling, 512-d bilinear head, no dropout, no stochastic depth.
     *
     * @return a new configuration (temperature 0.2, unused by the bilinear similarity)
     */
    public static ColaConfig paper() {
        return new ColaConfig(EfficientNetConfig.b0(EfficientNetConfig.Pooling.MAX).withStochasticDepth(0),
                512, Similarity.BILINEAR, 0.2, 0.0);
    }

    /**
     * This configuration with another encoder.
     *
     * @param e the encoder configuration to use instead
     * @return a copy with {@code e} as encoder; the head and similarity are unchanged
     */
    public ColaConfig withEncoder(EfficientNetConfig e) {
        return new ColaConfig(e, embeddingDim, similarity, temperature, headDropout);
    }

    /**
     * This configuration with another similarity.
     *
     * @param s bilinear or cosine
     * @return a copy with {@code s} as similarity
     */
    public ColaConfig withSimilarity(Similarity s) {
        return new ColaConfig(encoder, embeddingDim, s, temperature, headDropout);
    }

    /**
     * This configuration with another head dropout probability.
     *
     * @param p dropout probability before the head's Linear, in [0, 1)
     * @return a copy with {@code p} as head dropout
     * @throws IllegalArgumentException if {@code p} is outside [0, 1)
     */
    public ColaConfig withHeadDropout(double p) {
        return new ColaConfig(encoder, embeddingDim, similarity, temperature, p);
    }
}

package io.github.cola4j.cola;

import io.github.cola4j.nn.EfficientNetConfig;

/**
 * Everything that shapes a COLA model. {@link #toBuilder()} changes some of it, starting for example from
 * {@link #paper()}.
 *
 * @param encoder the EfficientNet (B0 with a 1-channel stem and max pooling in the paper)
 * @param embeddingDim width of the head's output (512)
 * @param similarity bilinear (paper) or cosine
 * @param temperature divides cosine similarities (0.2); unused for bilinear
 * @param headDropout dropout before the head's Linear (0.1 in the PyTorch re-implementation, 0 in the paper)
 * @param bilinearInitScale the bilinear matrix starts uniform in +-{@code bilinearInitScale / sqrt(embeddingDim)}
 *     (1: PyTorch's default for a square weight). With embeddings in (-1, 1) the first logits have a spread of
 *     about {@code 0.2 sqrt(embeddingDim) * bilinearInitScale}: about 5 at 512 and scale 1, which makes the first
 *     losses several times ln(batch); a small scale starts near a uniform guess
 */
public record ColaConfig(EfficientNetConfig encoder, int embeddingDim, Similarity similarity, double temperature,
        double headDropout, double bilinearInitScale) {

    /**
     * Checks the configuration; throws IllegalArgumentException for an embedding width below 1, a non-positive
     * temperature, or a head dropout outside [0, 1).
     *
     * @param encoder the EfficientNet configuration of the encoder
     * @param embeddingDim width of the head's output, at least 1
     * @param similarity bilinear or cosine
     * @param temperature divisor of cosine similarities, above 0 (checked even when the similarity is bilinear)
     * @param headDropout dropout probability before the head's Linear, in [0, 1)
     * @param bilinearInitScale scale of the bilinear matrix's initial values, above 0 and finite
     * @throws IllegalArgumentException if a value is outside the ranges above
     */
    public ColaConfig {
        // written so that NaN fails every check
        if (embeddingDim < 1 || !(temperature > 0) || !(headDropout >= 0 && headDropout < 1)
                || !(bilinearInitScale > 0) || Double.isInfinite(bilinearInitScale)) {
            throw new IllegalArgumentException("bad COLA config: embedding " + embeddingDim + ", temperature "
                    + temperature + ", dropout " + headDropout + ", bilinear init scale " + bilinearInitScale);
        }
    }

    /**
     * A configuration whose bilinear matrix starts at PyTorch's default scale (1).
     *
     * @param encoder the EfficientNet configuration of the encoder
     * @param embeddingDim width of the head's output, at least 1
     * @param similarity bilinear or cosine
     * @param temperature divisor of cosine similarities, above 0
     * @param headDropout dropout probability before the head's Linear, in [0, 1)
     * @throws IllegalArgumentException if a value is out of range
     */
    public ColaConfig(EfficientNetConfig encoder, int embeddingDim, Similarity similarity, double temperature,
            double headDropout) {
        this(encoder, embeddingDim, similarity, temperature, headDropout, 1.0);
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
     * A builder starting from these settings.
     *
     * @return a builder holding every setting of this config
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * Collects settings one by one; {@link #build()} checks them all at once, with the messages of the record's
     * constructor.
     */
    public static final class Builder {
        private EfficientNetConfig encoder;
        private int embeddingDim;
        private Similarity similarity;
        private double temperature;
        private double headDropout;
        private double bilinearInitScale;

        private Builder(ColaConfig r) {
            this.encoder = r.encoder;
            this.embeddingDim = r.embeddingDim;
            this.similarity = r.similarity;
            this.temperature = r.temperature;
            this.headDropout = r.headDropout;
            this.bilinearInitScale = r.bilinearInitScale;
        }

        /**
         * Sets the encoder's configuration.
         *
         * @param encoder the EfficientNet configuration
         * @return this builder
         */
        public Builder encoder(EfficientNetConfig encoder) {
            this.encoder = encoder;
            return this;
        }

        /**
         * Sets the width of the head's output.
         *
         * @param embeddingDim at least 1
         * @return this builder
         */
        public Builder embeddingDim(int embeddingDim) {
            this.embeddingDim = embeddingDim;
            return this;
        }

        /**
         * Sets the similarity of anchors and positives.
         *
         * @param similarity bilinear or cosine
         * @return this builder
         */
        public Builder similarity(Similarity similarity) {
            this.similarity = similarity;
            return this;
        }

        /**
         * Sets the divisor of cosine similarities.
         *
         * @param temperature above 0 (checked even when the similarity is bilinear)
         * @return this builder
         */
        public Builder temperature(double temperature) {
            this.temperature = temperature;
            return this;
        }

        /**
         * Sets the dropout probability before the head's Linear.
         *
         * @param headDropout in [0, 1)
         * @return this builder
         */
        public Builder headDropout(double headDropout) {
            this.headDropout = headDropout;
            return this;
        }

        /**
         * Sets the scale of the bilinear matrix's initial values.
         *
         * @param scale above 0 (1: PyTorch's default bound 1 / sqrt(embeddingDim))
         * @return this builder
         */
        public Builder bilinearInitScale(double scale) {
            this.bilinearInitScale = scale;
            return this;
        }

        /**
         * The settings collected so far.
         *
         * @return a new config
         * @throws IllegalArgumentException if a value is out of range (NaN included)
         */
        public ColaConfig build() {
            return new ColaConfig(encoder, embeddingDim, similarity, temperature, headDropout, bilinearInitScale);
        }
    }
}

package io.github.cola4j.cola;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.Dropout;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.LayerNorm;
import io.github.cola4j.nn.Linear;
import io.github.cola4j.nn.Module;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;

/**
 * COLA: an EfficientNet encoder, a head Linear(features, 512) -> LayerNorm -> tanh, and a similarity between
 * anchors and positives. State keys: {@code encoder.features.*}, {@code head_linear.*}, {@code head_norm.*},
 * {@code similarity_weight}.
 */
public final class ColaModel extends Module {
    private final ColaConfig config;
    private final EfficientNet encoder;
    private final Dropout dropout;
    private final Linear headLinear;
    private final LayerNorm headNorm;
    private final Variable bilinear;

    /**
     * A model with a fresh encoder built from {@code config}.
     *
     * @param config the encoder, head and similarity; the weights are drawn from {@link Randomness#global()}
     */
    public ColaModel(ColaConfig config) {
        this(config, new EfficientNet(config.encoder()));
    }

    /**
     * Around an existing encoder (to continue from pre-trained weights). The encoder must have the input channels
     * and the feature width of {@code config.encoder()}, which {@link #config()} reports; the rest of its
     * configuration (stochastic depth, for example) may differ.
     *
     * @param config the head and similarity, and the encoder configuration {@code encoder} must match
     * @param encoder the encoder to use, registered as the module {@code encoder} (shared, not copied)
     * @throws IllegalArgumentException if the encoder's input channels or feature width differ from those of
     *     {@code config.encoder()}
     */
    public ColaModel(ColaConfig config, EfficientNet encoder) {
        EfficientNetConfig given = encoder.config();
        EfficientNetConfig expected = config.encoder();
        if (given.featureWidth() != expected.featureWidth() || given.inChannels() != expected.inChannels()) {
            throw new IllegalArgumentException("the encoder gives " + given.featureWidth() + " features from "
                    + given.inChannels() + " input channel(s), but the COLA config's encoder gives "
                    + expected.featureWidth() + " from " + expected.inChannels() + " (encoder " + given
                    + ", config " + expected + ")");
        }
        this.config = config;
        this.encoder = registerModule("encoder", encoder);
        this.dropout = registerModule("head_dropout", new Dropout(config.headDropout()));
        int f = encoder.config().featureWidth();
        this.headLinear = registerModule("head_linear", new Linear(f, config.embeddingDim(), true));
        this.headNorm = registerModule("head_norm", new LayerNorm(config.embeddingDim()));
        if (config.similarity() == Similarity.BILINEAR) {
            double bound = config.bilinearInitScale() / Math.sqrt(config.embeddingDim());
            Tensor w;
            synchronized (Randomness.global()) {
                w = Randomness.global().uniform(DType.FLOAT32, -bound, bound, config.embeddingDim(),
                        config.embeddingDim());
            }
            this.bilinear = registerParameter("similarity_weight", w);
        } else {
            this.bilinear = null;
        }
    }

    /**
     * Embeddings [N, 512] of spectrogram crops [N, 1, frames, mels].
     *
     * @param x log-mel crops [N, 1, frames, mels]
     * @return embeddings [N, embeddingDim] after LayerNorm and tanh, so each value is in (-1, 1)
     */
    public Variable embed(Variable x) {
        return headNorm.call(headLinear.call(dropout.call(encoder.features(x)))).tanh();
    }

    /**
     * Similarities [B, B] of anchors [B, d] (rows) against positives [B, d] (columns).
     *
     * @param anchors anchor embeddings [B, d]
     * @param positives positive embeddings [B, d], row i the positive of anchor i
     * @return scores [B, B]: {@code a^T W p} for the bilinear similarity, cosine divided by the temperature
     *     otherwise
     */
    public Variable similarities(Variable anchors, Variable positives) {
        if (config.similarity() == Similarity.BILINEAR) {
            return anchors.matmul(bilinear).matmul(positives.t());
        }
        Variable a = anchors.div(anchors.mul(anchors).sum(true, 1).add(1e-12).sqrt());
        Variable p = positives.div(positives.mul(positives).sum(true, 1).add(1e-12).sqrt());
        return a.matmul(p.t()).div(config.temperature());
    }

    /**
     * The contrastive loss and pair accuracy of one batch: anchors and positives [B, 1, frames, mels] pass the
     * encoder together as one batch of 2B; each anchor must pick its own positive among the B.
     *
     * @param anchors anchor crops [B, 1, frames, mels]
     * @param positives positive crops of the same shape, row i from the same clip as anchor i
     * @return the differentiable mean loss and the pair accuracy of the batch
     */
    public ColaLoss.Result loss(Tensor anchors, Tensor positives) {
        int b = anchors.dim(0);
        Variable both = Variable.constant(Tensor.concat(0, anchors, positives));
        Variable e = embed(both);
        Variable s = similarities(e.slice(0, 0, b), e.slice(0, b, 2 * b));
        return ColaLoss.of(s);
    }

    /**
     * Pooled encoder features, the representation used downstream.
     *
     * @param x log-mel crops [N, 1, frames, mels]
     * @return pooled features [N, featureWidth] of the encoder, before the head
     */
    public Variable features(Variable x) {
        return encoder.features(x);
    }

    @Override
    public Variable forward(Variable x) {
        return embed(x);
    }

    /**
     * The encoder, whose pooled features feed the head.
     *
     * @return the registered encoder module (live, not a copy)
     */
    public EfficientNet encoder() {
        return encoder;
    }

    /**
     * The configuration this model was built from.
     *
     * @return the configuration given to the constructor
     */
    public ColaConfig config() {
        return config;
    }
}

package io.github.cola4j.cola.eval;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.Module;

/**
 * An encoder and a linear probe as one network from crops [N, 1, frames, 64] to logits, for running the probe
 * through {@link WindowedPredictor} on raw clips. State keys {@code encoder.*} and {@code probe.*}.
 */
public final class ProbedEncoder extends Module {
    private final EfficientNet encoder;
    private final LinearProbe probe;

    /**
     * The encoder followed by the probe.
     *
     * @param encoder the encoder whose pooled features feed the probe (shared, not copied)
     * @param probe the trained probe; its feature width must equal the encoder's
     * @throws IllegalArgumentException if the widths differ
     */
    public ProbedEncoder(EfficientNet encoder, LinearProbe probe) {
        if (encoder.config().featureWidth() != probe.featureWidth()) {
            throw new IllegalArgumentException("encoder gives " + encoder.config().featureWidth()
                    + " features, the probe takes " + probe.featureWidth());
        }
        this.encoder = registerModule("encoder", encoder);
        this.probe = registerModule("probe", probe);
    }

    @Override
    public Variable forward(Variable x) {
        return probe.call(encoder.features(x));
    }

    /**
     * The encoder.
     *
     * @return the registered encoder (live, not a copy)
     */
    public EfficientNet encoder() {
        return encoder;
    }

    /**
     * The probe.
     *
     * @return the registered probe (live, not a copy)
     */
    public LinearProbe probe() {
        return probe;
    }
}

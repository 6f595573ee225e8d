package io.github.cola4j.cola.eval;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.Activation;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.EfficientNetConfig;
import io.github.cola4j.nn.LayerNorm;
import io.github.cola4j.nn.Linear;
import io.github.cola4j.nn.Module;
import io.github.cola4j.nn.Sequential;

/**
 * The seed re-implementation's genre classifier: an EfficientNet encoder (no classifier, pooled features), then
 * Linear(features, 512) -> LayerNorm -> tanh -> Linear(512, 256) -> ReLU -> Linear(256, classes). Input: crops
 * [N, 1, frames, 64]; output: logits [N, classes]. The whole network is trained when fine-tuning.
 *
 * <p>State keys: {@code encoder.features.*} (the same names as {@code ColaModel}'s encoder, so pre-trained
 * weights load by name) and {@code head.0.*} (Linear), {@code head.1.*} (LayerNorm), {@code head.3.*},
 * {@code head.5.*} (Linears).
 */
public final class GenreClassifier extends Module {
    /** Width of the first hidden layer (512 in the seed). */
    public static final int HIDDEN1 = 512;
    /** Width of the second hidden layer (256 in the seed). */
    public static final int HIDDEN2 = 256;

    private final EfficientNet encoder;
    private final Sequential head;
    private final int classes;

    /**
     * From scratch: a freshly initialised encoder of shape {@code encoderConfig}.
     *
     * @param encoderConfig the encoder's shape (the encoder is built without a classifier of its own)
     * @param classes number of output classes, at least 2
     * @throws IllegalArgumentException if {@code classes} is below 2
     */
    public GenreClassifier(EfficientNetConfig encoderConfig, int classes) {
        this(new EfficientNet(encoderConfig), classes);
    }

    /**
     * Around a given encoder (for example a COLA-pre-trained one, {@code colaModel.encoder()}); the encoder is used
     * as it is, not copied, so training this classifier changes it. It must have no classifier of its own.
     *
     * @param encoder the encoder to train on, without a classifier
     * @param classes number of output classes, at least 2
     * @throws IllegalArgumentException if {@code classes} is below 2 or the encoder has a classifier
     */
    public GenreClassifier(EfficientNet encoder, int classes) {
        if (classes < 2) {
            throw new IllegalArgumentException("a classifier needs at least 2 classes, got " + classes);
        }
        if (encoder.children().containsKey("classifier")) {
            throw new IllegalArgumentException("the encoder must be built without a classifier");
        }
        this.classes = classes;
        this.encoder = registerModule("encoder", encoder);
        int f = encoder.config().featureWidth();
        this.head = registerModule("head", new Sequential(new Linear(f, HIDDEN1, true), new LayerNorm(HIDDEN1),
                Activation.tanh(), new Linear(HIDDEN1, HIDDEN2, true), Activation.relu(),
                new Linear(HIDDEN2, classes, true)));
    }

    /** Logits [N, classes] of crops [N, 1, frames, 64]. */
    @Override
    public Variable forward(Variable x) {
        return head.call(encoder.features(x));
    }

    /**
     * The encoder.
     *
     * @return the registered encoder (live: fine-tuning changes its weights)
     */
    public EfficientNet encoder() {
        return encoder;
    }

    /**
     * Number of classes.
     *
     * @return the width of the logits
     */
    public int classes() {
        return classes;
    }
}

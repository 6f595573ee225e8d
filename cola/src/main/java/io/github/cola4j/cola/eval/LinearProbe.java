package io.github.cola4j.cola.eval;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.Linear;
import io.github.cola4j.nn.Module;
import io.github.cola4j.tensor.Tensor;

/**
 * Linear evaluation's classifier: one Linear(featureWidth, classes) on frozen pooled encoder features, after a
 * fixed per-feature standardisation {@code (x - featureMean) / featureScale} (identity until
 * {@link #setStandardization} is called). The standardisation is an affine map fixed before training, so the probe
 * is still a linear classifier of the features; it only makes the optimisation independent of the features'
 * scales. Input: features [N, featureWidth]; output: logits [N, classes]. State keys {@code feature_mean},
 * {@code feature_scale} (buffers), {@code linear.weight}, {@code linear.bias}.
 */
public final class LinearProbe extends Module {
    private final Linear linear;
    private final int featureWidth;
    private final int classes;

    /**
     * A probe from {@code featureWidth} features to {@code classes} logits; throws IllegalArgumentException for no
     * features or fewer than 2 classes.
     *
     * @param featureWidth number of input features, at least 1
     * @param classes number of output classes, at least 2
     * @throws IllegalArgumentException if a value is below its minimum
     */
    public LinearProbe(int featureWidth, int classes) {
        if (featureWidth < 1 || classes < 2) {
            throw new IllegalArgumentException("bad probe: " + featureWidth + " features, " + classes + " classes");
        }
        this.featureWidth = featureWidth;
        this.classes = classes;
        registerBuffer("feature_mean", Tensor.zeros(featureWidth), false);
        registerBuffer("feature_scale", Tensor.ones(featureWidth), false);
        this.linear = registerModule("linear", new Linear(featureWidth, classes, true));
    }

    /**
     * Sets the standardisation: features become {@code (x - mean) / scale} before the Linear layer.
     *
     * @param mean the value subtracted from each feature, {@code featureWidth} values (copied)
     * @param scale the positive divisor of each feature, {@code featureWidth} values (copied)
     * @throws IllegalArgumentException if a length differs from the feature width or a scale is not above 0
     */
    public void setStandardization(float[] mean, float[] scale) {
        if (mean.length != featureWidth || scale.length != featureWidth) {
            throw new IllegalArgumentException("standardisation needs " + featureWidth + " means and scales");
        }
        for (float v : scale) {
            if (!(v > 0)) {
                throw new IllegalArgumentException("standardisation scales must be > 0, got " + v);
            }
        }
        setBuffer("feature_mean", Tensor.of(mean.clone(), featureWidth));
        setBuffer("feature_scale", Tensor.of(scale.clone(), featureWidth));
    }

    @Override
    public Variable forward(Variable features) {
        Tensor mean = buffer("feature_mean");
        Tensor scale = buffer("feature_scale");
        Variable x = features.sub(Variable.constant(mean.to(features.dtype())))
                .div(Variable.constant(scale.to(features.dtype())));
        return linear.forward(x);
    }

    /**
     * The linear layer, weight [classes, featureWidth].
     *
     * @return the registered layer (live, not a copy)
     */
    public Linear linear() {
        return linear;
    }

    /**
     * Number of input features.
     *
     * @return the width the probe was built for
     */
    public int featureWidth() {
        return featureWidth;
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

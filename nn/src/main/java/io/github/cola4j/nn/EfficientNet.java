package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;

/**
 * EfficientNet as torchvision builds it: {@code features} (stem, seven MBConv stages, 1x1 head convolution),
 * global pooling to a feature vector, and an optional classifier (dropout then Linear). State keys match
 * torchvision's, so {@code features.*} weights move to and from PyTorch by name.
 */
public final class EfficientNet extends Module {
    private final EfficientNetConfig config;
    private final Sequential features;
    private final Sequential classifier;

    /**
     * Without a classifier: {@link #forward} returns the pooled features.
     *
     * @param config the network's shape: width and depth multipliers, input channels, stochastic depth, pooling
     */
    public EfficientNet(EfficientNetConfig config) {
        this(config, 0, 0);
    }

    /**
     * With a classifier of {@code classes} outputs (none when 0) after dropout {@code dropout}.
     *
     * @param config the network's shape: width and depth multipliers, input channels, stochastic depth, pooling
     * @param classes number of logits; 0 for no classifier, and {@link #forward} then returns the pooled features.
     *     The Linear layer starts as torchvision's: uniform in [-1 / sqrt(classes), 1 / sqrt(classes)), bias zero
     * @param dropout drop probability before the Linear layer, in [0, 1) (torchvision's B0 uses 0.2); ignored
     *     without a classifier
     * @throws IllegalArgumentException when there is a classifier and {@code dropout} lies outside [0, 1) or is NaN
     */
    public EfficientNet(EfficientNetConfig config, int classes, double dropout) {
        this.config = config;
        Sequential f = new Sequential();
        int stem = config.channels(32);
        f.add(ConvNormActivation.of(config.inChannels(), stem, 3, 2, 1, true));
        int total = 0;
        for (EfficientNetConfig.Stage s : EfficientNetConfig.B0_STAGES) {
            total += config.layers(s.layers());
        }
        int blockId = 0;
        for (EfficientNetConfig.Stage s : EfficientNetConfig.B0_STAGES) {
            Sequential stage = new Sequential();
            int in = config.channels(s.in());
            int out = config.channels(s.out());
            for (int i = 0; i < config.layers(s.layers()); i++) {
                double sd = config.stochasticDepthProb() * blockId / total;
                stage.add(new MBConv(i == 0 ? in : out, out, s.expandRatio(), s.kernel(), i == 0 ? s.stride() : 1, sd));
                blockId++;
            }
            f.add(stage);
        }
        int lastIn = config.channels(EfficientNetConfig.B0_STAGES.get(EfficientNetConfig.B0_STAGES.size() - 1).out());
        f.add(ConvNormActivation.of(lastIn, config.featureWidth(), 1, 1, 1, true));
        this.features = registerModule("features", f);
        if (classes > 0) {
            int w = config.featureWidth();
            Linear head = new Linear(w, classes, true, Init.uniform(1.0 / Math.sqrt(classes), classes, w));
            head.bias().setValue(io.github.cola4j.tensor.Tensor.zeros(classes));
            this.classifier = registerModule("classifier", new Sequential(new Dropout(dropout), head));
        } else {
            this.classifier = null;
        }
    }

    /**
     * The feature map before pooling: [N, featureWidth, H/32, W/32].
     *
     * @param x input images [N, inChannels, H, W]
     * @return the head convolution's output [N, featureWidth, H/32, W/32], each side rounded up
     */
    public Variable featureMap(Variable x) {
        return features.call(x);
    }

    /**
     * Pooled features [N, featureWidth].
     *
     * @param x input images [N, inChannels, H, W]
     * @return [N, featureWidth]: the feature map's maximum or mean over H and W, as the configuration's pooling says
     */
    public Variable features(Variable x) {
        Variable map = featureMap(x);
        return config.pooling() == EfficientNetConfig.Pooling.MAX ? map.max(false, 2, 3) : map.mean(false, 2, 3);
    }

    /**
     * Logits when there is a classifier, else the pooled features.
     *
     * @param x input images [N, inChannels, H, W]
     * @return logits [N, classes], or the pooled features [N, featureWidth] without a classifier
     */
    @Override
    public Variable forward(Variable x) {
        Variable f = features(x);
        return classifier == null ? f : classifier.call(f);
    }

    /**
     * The configuration this network was built from.
     *
     * @return the configuration given to the constructor
     */
    public EfficientNetConfig config() {
        return config;
    }

    /**
     * The feature extractor (stem, MBConv stages, final 1x1 convolution), child "features" as in torchvision.
     *
     * @return the Sequential itself: the stem at index 0, the seven stages at 1 to 7, the 1x1 convolution at 8
     */
    public Sequential featureLayers() {
        return features;
    }
}

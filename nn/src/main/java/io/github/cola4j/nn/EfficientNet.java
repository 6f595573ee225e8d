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

    /** Without a classifier: {@link #forward} returns the pooled features. */
    public EfficientNet(EfficientNetConfig config) {
        this(config, 0, 0);
    }

    /** With a classifier of {@code classes} outputs (none when 0) after dropout {@code dropout}. */
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

    /** The feature map before pooling: [N, featureWidth, H/32, W/32]. */
    public Variable featureMap(Variable x) {
        return features.forward(x);
    }

    /** Pooled features [N, featureWidth]. */
    public Variable features(Variable x) {
        Variable map = featureMap(x);
        return config.pooling() == EfficientNetConfig.Pooling.MAX ? map.max(false, 2, 3) : map.mean(false, 2, 3);
    }

    /** Logits when there is a classifier, else the pooled features. */
    @Override
    public Variable forward(Variable x) {
        Variable f = features(x);
        return classifier == null ? f : classifier.forward(f);
    }

    /** The configuration this network was built from. */
    public EfficientNetConfig config() {
        return config;
    }

    /** The feature extractor (stem, MBConv stages, final 1x1 convolution), child "features" as in torchvision. */
    public Sequential featureLayers() {
        return features;
    }
}

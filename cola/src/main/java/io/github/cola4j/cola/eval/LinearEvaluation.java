package io.github.cola4j.cola.eval;

import io.github.cola4j.autograd.Autograd;
import io.github.cola4j.autograd.Variable;
import io.github.cola4j.cola.Durations;
import io.github.cola4j.nn.EfficientNet;
import io.github.cola4j.nn.Losses;
import io.github.cola4j.nn.Module;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.optim.Adam;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Linear evaluation: the encoder is frozen (evaluation mode, never updated), its pooled features are computed once
 * under no-grad for every non-overlapping window of every clip and cached as float arrays, and only a
 * {@link LinearProbe} is trained on them with Adam, in shuffled mini-batches of windows (each window carries its
 * clip's label) for several epochs, from a fixed seed. Clip-level accuracy follows the test-time protocol: the
 * probe's logits are averaged over a clip's windows. The probe of the epoch with the best validation accuracy is
 * kept (the last one without a validation set).
 *
 * <p>With an untrained encoder this is the "random frozen encoder + linear" floor baseline.
 */
public final class LinearEvaluation {

    /**
     * Linear-evaluation settings; {@link #toBuilder()} changes some of them, starting for example from
     * {@link #defaults()}.
     *
     * @param epochs passes over the cached training windows
     * @param batchSize windows per probe update
     * @param lr Adam's learning rate
     * @param weightDecay Adam's (L2) weight decay
     * @param windowFrames window length (98 frames, one second, in the paper)
     * @param lastWindow what becomes of a clip's last partial window
     * @param encoderBatchSize windows per encoder forward pass while caching
     * @param seed probe initialisation and shuffling
     * @param standardize z-score every feature with the training windows' mean and standard deviation (kept in
     *     the probe, see {@link LinearProbe}); off, the probe sees the raw features
     */
    public record Options(int epochs, int batchSize, double lr, double weightDecay, int windowFrames,
            Crops.LastWindow lastWindow, int encoderBatchSize, long seed, boolean standardize) {

        /**
         * Checks the options; throws IllegalArgumentException for a size, epoch count or rate out of range.
         *
         * @param epochs passes over the cached training windows, at least 1
         * @param batchSize windows per probe update, at least 1
         * @param lr Adam's learning rate, above 0
         * @param weightDecay Adam's (L2) weight decay, 0 or more
         * @param windowFrames window length in frames, at least 1
         * @param lastWindow what becomes of a clip's last partial window (null counts as
         *     {@link Crops.LastWindow#DROP})
         * @param encoderBatchSize windows per encoder forward pass while caching, at least 1
         * @param seed probe initialisation and shuffling
         * @param standardize true to z-score the features with the training windows' statistics
         * @throws IllegalArgumentException if a value is outside the ranges above (NaN included); the message names the
         *     first such parameter and its value
         */
        public Options {
            // the fields are not assigned yet here, so the messages use the parameters
            require(epochs >= 1, "epochs", epochs, "at least 1");
            require(batchSize >= 1, "batchSize", batchSize, "at least 1");
            require(lr > 0, "lr", lr, "above 0");
            require(weightDecay >= 0, "weightDecay", weightDecay, "0 or more");
            require(windowFrames >= 1, "windowFrames", windowFrames, "at least 1");
            require(encoderBatchSize >= 1, "encoderBatchSize", encoderBatchSize, "at least 1");
        }

        private static void require(boolean ok, String name, Object value, String range) {
            if (!ok) {
                throw new IllegalArgumentException("bad linear evaluation options: " + name + " is " + value
                        + ", must be " + range);
            }
        }

        /**
         * 50 epochs, batch 64, lr 1e-3, no weight decay, 98-frame windows (last partial dropped), seed 0,
         * standardised features.
         *
         * @return the default options (encoder batches of 32 windows)
         */
        public static Options defaults() {
            return new Options(50, 64, 1e-3, 0, 98, Crops.LastWindow.DROP, 32, 0, true);
        }

        /**
         * A builder starting from these options.
         *
         * @return a builder holding every one of these options
         */
        public Builder toBuilder() {
            return new Builder(this);
        }

        /**
         * Collects options one by one; {@link #build()} checks them all at once, with the messages of the record's
         * constructor.
         */
        public static final class Builder {
            private int epochs;
            private int batchSize;
            private double lr;
            private double weightDecay;
            private int windowFrames;
            private Crops.LastWindow lastWindow;
            private int encoderBatchSize;
            private long seed;
            private boolean standardize;

            private Builder(Options r) {
                this.epochs = r.epochs;
                this.batchSize = r.batchSize;
                this.lr = r.lr;
                this.weightDecay = r.weightDecay;
                this.windowFrames = r.windowFrames;
                this.lastWindow = r.lastWindow;
                this.encoderBatchSize = r.encoderBatchSize;
                this.seed = r.seed;
                this.standardize = r.standardize;
            }

            /**
             * Sets the passes over the cached training windows.
             *
             * @param epochs at least 1
             * @return this builder
             */
            public Builder epochs(int epochs) {
                this.epochs = epochs;
                return this;
            }

            /**
             * Sets the windows per probe update.
             *
             * @param batchSize at least 1
             * @return this builder
             */
            public Builder batchSize(int batchSize) {
                this.batchSize = batchSize;
                return this;
            }

            /**
             * Sets Adam's learning rate.
             *
             * @param lr above 0
             * @return this builder
             */
            public Builder lr(double lr) {
                this.lr = lr;
                return this;
            }

            /**
             * Sets Adam's (L2) weight decay.
             *
             * @param weightDecay 0 or more
             * @return this builder
             */
            public Builder weightDecay(double weightDecay) {
                this.weightDecay = weightDecay;
                return this;
            }

            /**
             * Sets the window length, in frames.
             *
             * @param windowFrames at least 1
             * @return this builder
             */
            public Builder windowFrames(int windowFrames) {
                this.windowFrames = windowFrames;
                return this;
            }

            /**
             * Sets what becomes of a clip's last partial window.
             *
             * @param lastWindow drop or zero-pad (null counts as {@link Crops.LastWindow#DROP})
             * @return this builder
             */
            public Builder lastWindow(Crops.LastWindow lastWindow) {
                this.lastWindow = lastWindow;
                return this;
            }

            /**
             * Sets the windows per encoder forward pass while caching.
             *
             * @param encoderBatchSize at least 1
             * @return this builder
             */
            public Builder encoderBatchSize(int encoderBatchSize) {
                this.encoderBatchSize = encoderBatchSize;
                return this;
            }

            /**
             * Sets the seed of probe initialisation and shuffling.
             *
             * @param seed the seed
             * @return this builder
             */
            public Builder seed(long seed) {
                this.seed = seed;
                return this;
            }

            /**
             * Sets whether every feature is z-scored with the training windows' statistics.
             *
             * @param standardize true to standardise, false for raw features
             * @return this builder
             */
            public Builder standardize(boolean standardize) {
                this.standardize = standardize;
                return this;
            }

            /**
             * The options collected so far.
             *
             * @return new options
             * @throws IllegalArgumentException if an option is out of range; the message names the first such
             *     option and its value
             */
            public Options build() {
                return new Options(epochs, batchSize, lr, weightDecay, windowFrames, lastWindow, encoderBatchSize,
                        seed, standardize);
            }
        }
    }

    /**
     * The trained probe (best epoch's weights), the per-epoch history and the selected epoch.
     *
     * @param probe the probe with the selected epoch's weights, in evaluation mode
     * @param history one entry per epoch, in order
     * @param bestEpoch the selected epoch, counted from 1 (the last one without a validation set)
     * @param bestValidationAccuracy clip-level validation accuracy of that epoch (NaN without a validation set)
     * @param seconds wall time of the training, in seconds (feature caching not included)
     */
    public record Result(LinearProbe probe, List<EpochStats> history, int bestEpoch, double bestValidationAccuracy,
            double seconds) {
    }

    /**
     * The probe of the weight decay that scored best on validation, from
     * {@link #trainSelectingWeightDecay(CachedFeatures, CachedFeatures, double...)}.
     *
     * @param result the selected probe's training
     * @param weightDecay its weight decay
     * @param weightDecays the decays tried, in the order given
     * @param validationAccuracies the best clip-level validation accuracy of each decay tried, in the same order
     *     (NaN without a validation set)
     */
    public record Selection(Result result, double weightDecay, double[] weightDecays, double[] validationAccuracies) {
    }

    private final EfficientNet encoder;
    private final int classes;
    private final Options options;
    private final Consumer<String> log;

    /**
     * Progress to System.out.
     *
     * @param encoder the encoder to evaluate; only its features are used, its weights never change
     * @param classes number of classes, at least 2
     * @param options training and windowing settings
     * @throws IllegalArgumentException if {@code classes} is below 2
     */
    public LinearEvaluation(EfficientNet encoder, int classes, Options options) {
        this(encoder, classes, options, System.out::println);
    }

    /**
     * An evaluation of {@code encoder} (kept frozen) on {@code classes} classes, writing progress lines to {@code
     * log}; throws IllegalArgumentException for fewer than 2 classes.
     *
     * @param encoder the encoder to evaluate; only its features are used, its weights never change
     * @param classes number of classes, at least 2
     * @param options training and windowing settings
     * @param log receives progress lines; null discards them
     * @throws IllegalArgumentException if {@code classes} is below 2
     */
    public LinearEvaluation(EfficientNet encoder, int classes, Options options, Consumer<String> log) {
        if (classes < 2) {
            throw new IllegalArgumentException("needs at least 2 classes, got " + classes);
        }
        this.encoder = encoder;
        this.classes = classes;
        this.options = options;
        this.log = log == null ? s -> { } : log;
    }

    /**
     * A logistic regression on features computed elsewhere (such as {@link HandcraftedFeatures}): only
     * {@link #train(CachedFeatures, CachedFeatures)} and {@link #predict(LinearProbe, CachedFeatures)} apply.
     *
     * @param classes number of classes, at least 2
     * @param options training settings (the windowing ones are not used)
     * @param log receives progress lines; null discards them
     * @return an evaluation without an encoder
     * @throws IllegalArgumentException if {@code classes} is below 2
     */
    public static LinearEvaluation onFeatures(int classes, Options options, Consumer<String> log) {
        return new LinearEvaluation(null, classes, options, log);
    }

    /**
     * Frozen-encoder features of every window of {@code clips} (encoder in evaluation mode, no-grad).
     *
     * @param clips the labelled clips to encode
     * @return the features of each window with its clip's id and label; the encoder's training mode is restored
     * @throws IllegalArgumentException if a clip's label is not below the number of classes
     * @throws IllegalStateException if the evaluation was made by {@link #onFeatures} (no encoder)
     */
    public CachedFeatures features(List<LabelledClip> clips) {
        if (encoder == null) {
            throw new IllegalStateException("this evaluation has no encoder: it trains on given features only");
        }
        Module pooled = new Module() {
            {
                registerModule("encoder", encoder);
            }

            @Override
            public Variable forward(Variable x) {
                return encoder.features(x);
            }
        };
        pooled.train(encoder.isTraining());
        WindowedPredictor.WindowOutputs w = WindowedPredictor.runWindows(pooled, clips, options.windowFrames(),
                options.lastWindow(), options.encoderBatchSize());
        List<String> ids = new ArrayList<>();
        int[] labels = new int[clips.size()];
        for (int i = 0; i < clips.size(); i++) {
            ids.add(clips.get(i).id());
            labels[i] = clips.get(i).label();
            if (labels[i] >= classes) {
                throw new IllegalArgumentException("clip " + clips.get(i).id() + " has label " + labels[i]
                        + ", only " + classes + " classes");
            }
        }
        int width = w.width() == 0 ? encoder.config().featureWidth() : w.width();
        return new CachedFeatures(w.values(), width, w.clipOf(), ids, labels);
    }

    /**
     * Caches the features of both sets, then trains the probe.
     *
     * @param train the training clips, at least one
     * @param validation the clips that select the best epoch; null or empty to keep the last epoch
     * @return the trained probe, the history and the selected epoch
     * @throws IllegalArgumentException if there are no training windows or a label is out of range
     */
    public Result run(List<LabelledClip> train, List<LabelledClip> validation) {
        long t0 = System.nanoTime();
        CachedFeatures tr = features(train);
        CachedFeatures va = validation == null || validation.isEmpty() ? null : features(validation);
        log.accept(String.format(Locale.ROOT,
                "linear evaluation: cached %d training windows%s of %d features in %s", tr.windows(),
                va == null ? "" : " and " + va.windows() + " validation windows", tr.width(),
                Durations.format((System.nanoTime() - t0) / 1e9)));
        return train(tr, va);
    }

    /**
     * Trains a fresh probe on cached training features; {@code validation} may be null or hold no clips, and then
     * the last epoch is kept, as {@link #run} does for a null or empty validation list.
     *
     * @param train features of the training windows, at least one
     * @param validation features of the validation windows, selecting the best epoch; null or without clips to
     *     keep the last epoch
     * @return the trained probe, the history and the selected epoch
     * @throws IllegalArgumentException if {@code train} has no windows
     */
    public Result train(CachedFeatures train, CachedFeatures validation) {
        if (train.windows() == 0) {
            throw new IllegalArgumentException("no training windows");
        }
        if (validation != null && validation.clips() == 0) {
            // no clip to score: the accuracy would be NaN every epoch and no epoch would ever be selected
            validation = null;
        }
        LinearProbe probe;
        long[] savedRandomness = Randomness.state();
        try {
            Randomness.seed(options.seed());
            probe = new LinearProbe(train.width(), classes);
        } finally {
            Randomness.restore(savedRandomness);
        }
        if (options.standardize()) {
            standardize(probe, train);
        }
        Adam adam = new Adam(probe.parameters(), options.lr(), 0.9, 0.999, 1e-8, options.weightDecay());
        Rng rng = new Rng(options.seed() ^ 0x5DEECE66DL);
        int n = train.windows();
        int width = train.width();
        EpochLoop loop = new EpochLoop("linear", log, probe, adam, t -> options.lr(), options.epochs(), n,
                validation != null);
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            int[] order = loop.start(epoch, rng);
            for (int start = 0; start < n; start += options.batchSize()) {
                int b = Math.min(options.batchSize(), n - start);
                float[] x = new float[b * width];
                int[] y = new int[b];
                for (int r = 0; r < b; r++) {
                    int i = order[start + r];
                    System.arraycopy(train.values(), i * width, x, r * width, width);
                    y[r] = train.windowLabel(i);
                }
                Variable logits = probe.forward(Variable.constant(Tensor.of(x, b, width)));
                Variable loss = Losses.crossEntropy(logits, y);
                adam.zeroGrad();
                loss.backward();
                adam.step();
                loop.addBatch(loss.value().item(), logits.value(), y);
            }
            loop.end(validation == null ? Double.NaN : predict(probe, validation).accuracy());
        }
        loop.restoreBest();
        double seconds = loop.seconds();
        log.accept(String.format(Locale.ROOT,
                "linear evaluation done: %d epochs over %d windows in %s; kept epoch %d%s", options.epochs(), n,
                Durations.format(seconds), loop.bestEpoch(), validation == null ? " (the last)"
                        : String.format(Locale.ROOT, " (validation accuracy %.4f)", loop.bestValidationAccuracy())));
        return new Result(probe, loop.history(), loop.bestEpoch(), loop.bestValidationAccuracy(), seconds);
    }

    /**
     * Trains one probe for each weight decay (every other setting from the options) and keeps the one whose selected
     * epoch has the highest clip-level validation accuracy; of equal ones the first, so list the decays from the
     * weakest. L2 regularisation chosen on validation is the usual way a linear evaluation of a representation is
     * tuned: with a few hundred labelled clips and hundreds of features, an unregularised probe fits the training
     * clips and early stopping alone decides how much. Without validation clips only the first decay is trained.
     *
     * @param train features of the training windows, at least one
     * @param validation features of the validation windows; null or without clips to train only {@code decays[0]}
     * @param decays weight decays to try, at least one, each 0 or more
     * @return the selected probe with its decay and every decay's validation accuracy
     * @throws IllegalArgumentException if {@code decays} is empty or holds a negative or NaN value, or {@code train}
     *     has no windows
     */
    public Selection trainSelectingWeightDecay(CachedFeatures train, CachedFeatures validation, double... decays) {
        if (decays == null || decays.length == 0) {
            throw new IllegalArgumentException("no weight decay to try");
        }
        boolean scored = validation != null && validation.clips() > 0;
        int tried = scored ? decays.length : 1;
        double[] accuracy = new double[tried];
        Result best = null;
        double bestDecay = Double.NaN;
        for (int i = 0; i < tried; i++) {
            Options o = options.toBuilder().weightDecay(decays[i]).build();
            if (tried > 1) {
                log.accept(String.format(Locale.ROOT, "linear evaluation: weight decay %g (%d of %d)", decays[i],
                        i + 1, tried));
            }
            Result r = new LinearEvaluation(encoder, classes, o, log).train(train, validation);
            accuracy[i] = r.bestValidationAccuracy();
            if (best == null || accuracy[i] > best.bestValidationAccuracy()) {
                best = r;
                bestDecay = decays[i];
            }
        }
        if (tried > 1) {
            log.accept(String.format(Locale.ROOT, "linear evaluation: kept weight decay %g (validation accuracy %.4f)",
                    bestDecay, best.bestValidationAccuracy()));
        }
        return new Selection(best, bestDecay, Arrays.copyOf(decays, tried), accuracy);
    }

    /**
     * Clip-level predictions of {@code probe} on cached features: logits averaged over each clip's windows.
     *
     * @param probe the probe to run (in evaluation mode, under no-grad; its mode is restored)
     * @param f cached features of the width the probe takes
     * @return one prediction per clip of {@code f}, in its order
     */
    public static Predictions predict(LinearProbe probe, CachedFeatures f) {
        double[][] logits = new double[f.clips()][probe.classes()];
        int[] count = new int[f.clips()];
        boolean wasTraining = probe.isTraining();
        probe.eval();
        try (var scope = Autograd.noGrad()) {
            int chunk = 1024;
            for (int start = 0; start < f.windows(); start += chunk) {
                int b = Math.min(chunk, f.windows() - start);
                float[] x = new float[b * f.width()];
                System.arraycopy(f.values(), start * f.width(), x, 0, x.length);
                double[] out = probe.forward(Variable.constant(Tensor.of(x, b, f.width()))).value().toDoubleArray();
                for (int r = 0; r < b; r++) {
                    int c = f.clipOf()[start + r];
                    count[c]++;
                    for (int j = 0; j < probe.classes(); j++) {
                        logits[c][j] += out[r * probe.classes() + j];
                    }
                }
            }
        } finally {
            probe.train(wasTraining);
        }
        int[] predicted = new int[f.clips()];
        for (int c = 0; c < f.clips(); c++) {
            for (int j = 0; j < probe.classes(); j++) {
                logits[c][j] /= Math.max(1, count[c]);
            }
            predicted[c] = Predictions.argmax(logits[c]);
        }
        return new Predictions(f.ids(), f.labels().clone(), predicted, logits);
    }

    /**
     * Clip-level predictions of {@code probe} on raw clips (their features computed now).
     *
     * @param probe the probe to run, trained on this evaluation's encoder
     * @param clips the labelled clips to classify
     * @return one prediction per clip, in the order of {@code clips}
     * @throws IllegalArgumentException if a clip's label is not below the number of classes
     */
    public Predictions predict(LinearProbe probe, List<LabelledClip> clips) {
        return predict(probe, features(clips));
    }

    /** Sets the probe's standardisation to the training windows' per-feature mean and standard deviation. */
    static void standardize(LinearProbe probe, CachedFeatures train) {
        int w = train.width();
        int n = train.windows();
        double[] sum = new double[w];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < w; j++) {
                sum[j] += train.values()[i * w + j];
            }
        }
        float[] mean = new float[w];
        for (int j = 0; j < w; j++) {
            mean[j] = (float) (sum[j] / n);
        }
        double[] sq = new double[w];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < w; j++) {
                double d = train.values()[i * w + j] - mean[j];
                sq[j] += d * d;
            }
        }
        float[] scale = new float[w];
        for (int j = 0; j < w; j++) {
            double sd = Math.sqrt(sq[j] / n);
            // constant features stay as they are (scale 1) rather than being blown up
            scale[j] = (float) (sd > 1e-12 ? sd : 1.0);
        }
        probe.setStandardization(mean, scale);
    }

    /**
     * The options.
     *
     * @return the options given to the constructor
     */
    public Options options() {
        return options;
    }
}

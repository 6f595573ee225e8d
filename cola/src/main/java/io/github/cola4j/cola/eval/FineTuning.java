package io.github.cola4j.cola.eval;

import io.github.cola4j.cola.Durations;
import io.github.cola4j.cola.data.Augmentation;
import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.Losses;
import io.github.cola4j.nn.Module;
import io.github.cola4j.nn.optim.Adam;
import io.github.cola4j.nn.optim.GradClipping;
import io.github.cola4j.nn.optim.LrSchedule;
import io.github.cola4j.tensor.MemoryScope;
import io.github.cola4j.tensor.Rng;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Fine-tuning (or supervised training from scratch): the whole network, typically a {@link GenreClassifier} built
 * from scratch or around a pre-trained encoder, trained with Adam at {@code lr * decay^(e - 1)} in epoch {@code e}
 * (epochs count from 1), the global gradient norm clipped, on one random crop of {@code cropFrames} frames per
 * training clip per epoch (zero-padded when the clip is shorter), optionally augmented ({@link Augmentation}). After
 * every epoch the model is scored on the validation clips by the window protocol ({@link WindowedPredictor}, windows
 * of {@code cropFrames}); the state of the best epoch is kept and restored at the end (the last epoch's without a
 * validation set).
 *
 * <p>The seed's settings ({@link Options#seedRecipe()}): 64 epochs, batch 64, lr 1e-4 decayed x0.97 per epoch, clipping
 * at norm 1.0, 512-frame crops, frame masking and gain augmentation.
 */
public final class FineTuning {

    /**
     * Fine-tuning settings; {@link #toBuilder()} changes some of them, starting for example from
     * {@link #seedRecipe()}.
     *
     * @param epochs passes over the training clips (one crop of each per epoch)
     * @param batchSize crops per update
     * @param lr initial learning rate
     * @param lrDecay factor applied to the learning rate after every epoch (1 for a constant rate)
     * @param clipNorm maximum global gradient norm (0 or less: no clipping)
     * @param cropFrames training crop length and test window length
     * @param augmentation applied to every training crop
     * @param lastWindow what becomes of a validation clip's last partial window
     * @param evalBatchSize windows per forward pass when validating
     * @param seed crops, shuffling and augmentation
     * @param logEverySteps a progress line every this many steps within an epoch (0: per epoch only)
     */
    public record Options(int epochs, int batchSize, double lr, double lrDecay, double clipNorm, int cropFrames,
            Augmentation augmentation, Crops.LastWindow lastWindow, int evalBatchSize, long seed, int logEverySteps) {

        /**
         * Checks the options; throws IllegalArgumentException for a size, epoch count or rate out of range, or a
         * null augmentation or last-window policy.
         *
         * @param epochs passes over the training clips, at least 1
         * @param batchSize crops per update, at least 1
         * @param lr initial learning rate, above 0
         * @param lrDecay factor applied to the learning rate after every epoch, above 0
         * @param clipNorm maximum global gradient norm; 0 or less turns clipping off
         * @param cropFrames training crop and test window length in frames, at least 1
         * @param augmentation applied to every training crop, not null ({@link Augmentation#none()} for none)
         * @param lastWindow what becomes of a validation clip's last partial window, not null
         * @param evalBatchSize windows per forward pass when validating, at least 1
         * @param seed crops, shuffling and augmentation
         * @param logEverySteps a progress line every this many steps, 0 or more (0: per epoch only)
         * @throws IllegalArgumentException if a value is outside the ranges above or null; the message names the first
         *     such parameter and its value
         */
        public Options {
            // the fields are not assigned yet here, so the messages use the parameters
            require(epochs >= 1, "epochs", epochs, "at least 1");
            require(batchSize >= 1, "batchSize", batchSize, "at least 1");
            require(lr > 0, "lr", lr, "above 0");
            require(lrDecay > 0, "lrDecay", lrDecay, "above 0");
            require(cropFrames >= 1, "cropFrames", cropFrames, "at least 1");
            require(augmentation != null, "augmentation", augmentation, "given (Augmentation.none() for none)");
            require(lastWindow != null, "lastWindow", lastWindow, "given");
            require(evalBatchSize >= 1, "evalBatchSize", evalBatchSize, "at least 1");
            require(logEverySteps >= 0, "logEverySteps", logEverySteps, "0 or more");
        }

        private static void require(boolean ok, String name, Object value, String range) {
            if (!ok) {
                throw new IllegalArgumentException("bad fine-tuning options: " + name + " is " + value + ", must be "
                        + range);
            }
        }

        /**
         * The seed re-implementation's settings.
         *
         * @return 64 epochs, batch 64, lr 1e-4 decayed x0.97, clipping at 1.0, 512-frame crops, the seed's
         *     augmentation, partial windows dropped, 32 windows per evaluation pass, seed 0, per-epoch lines
         */
        public static Options seedRecipe() {
            return new Options(64, 64, 1e-4, 0.97, 1.0, 512, Augmentation.seed(), Crops.LastWindow.DROP, 32, 0, 0);
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
            private double lrDecay;
            private double clipNorm;
            private int cropFrames;
            private Augmentation augmentation;
            private Crops.LastWindow lastWindow;
            private int evalBatchSize;
            private long seed;
            private int logEverySteps;

            private Builder(Options r) {
                this.epochs = r.epochs;
                this.batchSize = r.batchSize;
                this.lr = r.lr;
                this.lrDecay = r.lrDecay;
                this.clipNorm = r.clipNorm;
                this.cropFrames = r.cropFrames;
                this.augmentation = r.augmentation;
                this.lastWindow = r.lastWindow;
                this.evalBatchSize = r.evalBatchSize;
                this.seed = r.seed;
                this.logEverySteps = r.logEverySteps;
            }

            /**
             * Sets the passes over the training clips.
             *
             * @param epochs at least 1
             * @return this builder
             */
            public Builder epochs(int epochs) {
                this.epochs = epochs;
                return this;
            }

            /**
             * Sets the crops per update.
             *
             * @param batchSize at least 1
             * @return this builder
             */
            public Builder batchSize(int batchSize) {
                this.batchSize = batchSize;
                return this;
            }

            /**
             * Sets the learning rate of the first epoch.
             *
             * @param lr above 0
             * @return this builder
             */
            public Builder lr(double lr) {
                this.lr = lr;
                return this;
            }

            /**
             * Sets the factor applied to the learning rate after every epoch.
             *
             * @param lrDecay above 0 (1 for a constant rate)
             * @return this builder
             */
            public Builder lrDecay(double lrDecay) {
                this.lrDecay = lrDecay;
                return this;
            }

            /**
             * Sets the maximum global gradient norm.
             *
             * @param clipNorm 0 or less for no clipping
             * @return this builder
             */
            public Builder clipNorm(double clipNorm) {
                this.clipNorm = clipNorm;
                return this;
            }

            /**
             * Sets the training crop and test window length, in frames.
             *
             * @param cropFrames at least 1
             * @return this builder
             */
            public Builder cropFrames(int cropFrames) {
                this.cropFrames = cropFrames;
                return this;
            }

            /**
             * Sets the augmentation applied to every training crop.
             *
             * @param augmentation not null ({@link Augmentation#none()} for none)
             * @return this builder
             */
            public Builder augmentation(Augmentation augmentation) {
                this.augmentation = augmentation;
                return this;
            }

            /**
             * Sets what becomes of a validation clip's last partial window.
             *
             * @param lastWindow drop or zero-pad, not null
             * @return this builder
             */
            public Builder lastWindow(Crops.LastWindow lastWindow) {
                this.lastWindow = lastWindow;
                return this;
            }

            /**
             * Sets the windows per forward pass when validating.
             *
             * @param evalBatchSize at least 1
             * @return this builder
             */
            public Builder evalBatchSize(int evalBatchSize) {
                this.evalBatchSize = evalBatchSize;
                return this;
            }

            /**
             * Sets the seed of crops, shuffling and augmentation.
             *
             * @param seed the seed
             * @return this builder
             */
            public Builder seed(long seed) {
                this.seed = seed;
                return this;
            }

            /**
             * Sets the progress-line interval within an epoch.
             *
             * @param logEverySteps a line every this many steps, 0 or more (0: per epoch only)
             * @return this builder
             */
            public Builder logEverySteps(int logEverySteps) {
                this.logEverySteps = logEverySteps;
                return this;
            }

            /**
             * The options collected so far.
             *
             * @return new options
             * @throws IllegalArgumentException if an option is out of range or null; the message names the first
             *     such option and its value
             */
            public Options build() {
                return new Options(epochs, batchSize, lr, lrDecay, clipNorm, cropFrames, augmentation, lastWindow,
                        evalBatchSize, seed, logEverySteps);
            }
        }
    }

    /**
     * The history, the selected epoch and its validation accuracy; the model holds the selected state.
     *
     * @param history one entry per epoch, in order
     * @param bestEpoch the selected epoch, counted from 1 (the last one without a validation set)
     * @param bestValidationAccuracy clip-level validation accuracy of that epoch (NaN without a validation set)
     * @param seconds wall time of the whole run, validation included, in seconds
     */
    public record Result(List<EpochStats> history, int bestEpoch, double bestValidationAccuracy, double seconds) {
    }

    private final Module model;
    private final Options options;
    private final Consumer<String> log;

    /**
     * Progress to System.out.
     *
     * @param model maps crops [N, 1, cropFrames, 64] to logits [N, classes]; trained in place
     * @param options training and validation settings
     */
    public FineTuning(Module model, Options options) {
        this(model, options, System.out::println);
    }

    /**
     * {@code model} maps crops [N, 1, cropFrames, 64] to logits [N, classes]; it is trained in place.
     *
     * @param model the network to train, for example a {@link GenreClassifier}
     * @param options training and validation settings
     * @param log receives progress lines; null discards them
     */
    public FineTuning(Module model, Options options, Consumer<String> log) {
        this.model = model;
        this.options = options;
        this.log = log == null ? s -> { } : log;
    }

    /**
     * The test-time predictor matching the training crops.
     *
     * @return a new predictor over the model with windows of {@code cropFrames} frames and the options' policy and
     *     evaluation batch size
     */
    public WindowedPredictor predictor() {
        return new WindowedPredictor(model, options.cropFrames(), options.lastWindow(), options.evalBatchSize());
    }

    /**
     * Trains on {@code train}, selecting the epoch by accuracy on {@code validation} (may be null or empty).
     *
     * @param train the training clips, at least one; labels must be below the model's number of classes
     * @param validation the clips that select the best epoch; null or empty to keep the last epoch
     * @return the history and the selected epoch; the model is left in evaluation mode with that epoch's state
     * @throws IllegalArgumentException if {@code train} is empty
     */
    public Result run(List<LabelledClip> train, List<LabelledClip> validation) {
        if (train.isEmpty()) {
            throw new IllegalArgumentException("no training clips");
        }
        boolean validate = validation != null && !validation.isEmpty();
        Adam adam = new Adam(model.parameters(), options.lr());
        Rng rng = new Rng(options.seed());
        WindowedPredictor predictor = predictor();
        int n = train.size();
        int steps = (n + options.batchSize() - 1) / options.batchSize();
        EpochLoop loop = new EpochLoop("fine-tune", log, model, adam,
                LrSchedule.exponential(options.lr(), options.lrDecay()), options.epochs(), n, validate);
        log.accept(String.format(Locale.ROOT,
                "fine-tuning %,d parameters on %d clips (%d validation), %d epochs of %d steps, crops of %d frames",
                model.parameterCount(), n, validate ? validation.size() : 0, options.epochs(), steps,
                options.cropFrames()));
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            int[] order = loop.start(epoch, rng);
            for (int s = 0; s < steps; s++) {
                int start = s * options.batchSize();
                int b = Math.min(options.batchSize(), n - start);
                List<float[]> crops = new ArrayList<>(b);
                int[] y = new int[b];
                for (int r = 0; r < b; r++) {
                    LabelledClip c = train.get(order[start + r]);
                    float[] crop = Crops.randomCrop(c, options.cropFrames(), rng);
                    if (options.augmentation().isActive()) {
                        options.augmentation().apply(crop, rng);
                    }
                    crops.add(crop);
                    y[r] = c.label();
                }
                // the step's activations and gradients go back to the CPU pool when it ends, for the next step
                try (MemoryScope stepMemory = MemoryScope.open()) {
                    Variable logits = model.forward(Variable.constant(Crops.batch(crops, options.cropFrames())));
                    Variable loss = Losses.crossEntropy(logits, y);
                    adam.zeroGrad();
                    loss.backward();
                    if (options.clipNorm() > 0) {
                        GradClipping.clipGradNorm(adam.parameters(), options.clipNorm());
                    }
                    adam.step();
                    loop.addBatch(loss.value().item(), logits.value(), y);
                }
                if (options.logEverySteps() > 0 && (s + 1) % options.logEverySteps() == 0 && s + 1 < steps) {
                    loop.stepLine(s + 1, steps);
                }
            }
            loop.end(validate ? predictor.predict(validation).accuracy() : Double.NaN);
        }
        loop.restoreBest();
        double seconds = loop.seconds();
        log.accept(String.format(Locale.ROOT, "fine-tuning done: %d epochs in %s (%.1f ex/s); kept epoch %d%s",
                options.epochs(), Durations.format(seconds), loop.examplesSeen() / seconds, loop.bestEpoch(),
                validate ? String.format(Locale.ROOT, " (validation accuracy %.4f)", loop.bestValidationAccuracy())
                        : " (the last)"));
        return new Result(loop.history(), loop.bestEpoch(), loop.bestValidationAccuracy(), seconds);
    }

    /**
     * The network being trained.
     *
     * @return the model given to the constructor (live, not a copy)
     */
    public Module model() {
        return model;
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

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
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Fine-tuning (or supervised training from scratch): the whole network, typically a {@link GenreClassifier} built
 * from scratch or around a pre-trained encoder, trained with Adam at {@code lr * decay^epoch}, the global
 * gradient norm clipped, on one random crop of {@code cropFrames} frames per training clip per epoch (zero-padded
 * when the clip is shorter), optionally augmented ({@link Augmentation}). After every epoch the model is scored on
 * the validation clips by the window protocol ({@link WindowedPredictor}, windows of {@code cropFrames}); the state
 * of the best epoch is kept and restored at the end (the last epoch's without a validation set).
 *
 * <p>The seed's settings ({@link Options#seedRecipe()}): 64 epochs, batch 64, lr 1e-4 decayed x0.97 per epoch, clipping
 * at norm 1.0, 512-frame crops, frame masking and gain augmentation.
 */
public final class FineTuning {

    /**
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
         * These options with another number of epochs.
         *
         * @param e passes over the training clips, at least 1
         * @return a copy with only that option changed
         * @throws IllegalArgumentException if {@code e} is below 1
         */
        public Options withEpochs(int e) {
            return new Options(e, batchSize, lr, lrDecay, clipNorm, cropFrames, augmentation, lastWindow,
                    evalBatchSize, seed, logEverySteps);
        }

        /**
         * These options with another batch size.
         *
         * @param b crops per update, at least 1
         * @return a copy with only that option changed
         * @throws IllegalArgumentException if {@code b} is below 1
         */
        public Options withBatchSize(int b) {
            return new Options(epochs, b, lr, lrDecay, clipNorm, cropFrames, augmentation, lastWindow, evalBatchSize,
                    seed, logEverySteps);
        }

        /**
         * These options with another initial learning rate.
         *
         * @param l the learning rate of the first epoch, above 0
         * @return a copy with only that option changed
         * @throws IllegalArgumentException if {@code l} is not above 0
         */
        public Options withLr(double l) {
            return new Options(epochs, batchSize, l, lrDecay, clipNorm, cropFrames, augmentation, lastWindow,
                    evalBatchSize, seed, logEverySteps);
        }

        /**
         * These options with another per-epoch learning-rate decay factor.
         *
         * @param d factor applied after every epoch, above 0 (1 for a constant rate)
         * @return a copy with only that option changed
         * @throws IllegalArgumentException if {@code d} is not above 0
         */
        public Options withLrDecay(double d) {
            return new Options(epochs, batchSize, lr, d, clipNorm, cropFrames, augmentation, lastWindow,
                    evalBatchSize, seed, logEverySteps);
        }

        /**
         * These options with another gradient-clipping norm.
         *
         * @param c maximum global gradient norm; 0 or less for none
         * @return a copy with only that option changed
         */
        public Options withClipNorm(double c) {
            return new Options(epochs, batchSize, lr, lrDecay, c, cropFrames, augmentation, lastWindow,
                    evalBatchSize, seed, logEverySteps);
        }

        /**
         * These options with another training crop length, in frames.
         *
         * @param f training crop and test window length in frames, at least 1
         * @return a copy with only that option changed
         * @throws IllegalArgumentException if {@code f} is below 1
         */
        public Options withCropFrames(int f) {
            return new Options(epochs, batchSize, lr, lrDecay, clipNorm, f, augmentation, lastWindow, evalBatchSize,
                    seed, logEverySteps);
        }

        /**
         * These options with another training augmentation.
         *
         * @param a applied to every training crop, not null
         * @return a copy with only that option changed
         * @throws IllegalArgumentException if {@code a} is null
         */
        public Options withAugmentation(Augmentation a) {
            return new Options(epochs, batchSize, lr, lrDecay, clipNorm, cropFrames, a, lastWindow, evalBatchSize,
                    seed, logEverySteps);
        }

        /**
         * These options with another policy for the last partial window at evaluation.
         *
         * @param l drop or zero-pad a validation clip's last partial window, not null
         * @return a copy with only that option changed
         * @throws IllegalArgumentException if {@code l} is null
         */
        public Options withLastWindow(Crops.LastWindow l) {
            return new Options(epochs, batchSize, lr, lrDecay, clipNorm, cropFrames, augmentation, l, evalBatchSize,
                    seed, logEverySteps);
        }

        /**
         * These options with another seed.
         *
         * @param s the seed of crops, shuffling and augmentation
         * @return a copy with only that option changed
         */
        public Options withSeed(long s) {
            return new Options(epochs, batchSize, lr, lrDecay, clipNorm, cropFrames, augmentation, lastWindow,
                    evalBatchSize, s, logEverySteps);
        }

        /**
         * These options with another progress-line interval, in steps.
         *
         * @param n a progress line every this many steps, 0 or more (0: per epoch only)
         * @return a copy with only that option changed
         * @throws IllegalArgumentException if {@code n} is negative
         */
        public Options withLogEverySteps(int n) {
            return new Options(epochs, batchSize, lr, lrDecay, clipNorm, cropFrames, augmentation, lastWindow,
                    evalBatchSize, seed, n);
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
        LrSchedule schedule = LrSchedule.exponential(options.lr(), options.lrDecay());
        Rng rng = new Rng(options.seed());
        WindowedPredictor predictor = predictor();
        int n = train.size();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        int steps = (n + options.batchSize() - 1) / options.batchSize();
        TrainingProgress progress = new TrainingProgress(log, "fine-tune", options.epochs());
        log.accept(String.format(Locale.ROOT,
                "fine-tuning %,d parameters on %d clips (%d validation), %d epochs of %d steps, crops of %d frames",
                model.parameterCount(), n, validate ? validation.size() : 0, options.epochs(), steps,
                options.cropFrames()));
        List<EpochStats> history = new ArrayList<>();
        int bestEpoch = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        Map<String, Tensor> best = null;
        for (int epoch = 1; epoch <= options.epochs(); epoch++) {
            double lr = schedule.apply(adam, epoch - 1);
            progress.startEpoch(epoch);
            model.train(true);
            LinearEvaluation.shuffle(order, rng);
            double lossSum = 0;
            int correct = 0;
            int seen = 0;
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
                    lossSum += loss.value().item() * b;
                    correct += LinearEvaluation.countCorrect(logits.value(), y);
                }
                seen += b;
                if (options.logEverySteps() > 0 && (s + 1) % options.logEverySteps() == 0 && s + 1 < steps) {
                    progress.step(epoch, s + 1, steps, lossSum / seen, correct / (double) seen, seen);
                }
            }
            double valAcc = validate ? predictor.predict(validation).accuracy() : Double.NaN;
            double seconds = progress.endEpoch(epoch, lossSum / n, correct / (double) n, valAcc, n, lr);
            history.add(new EpochStats(epoch, lossSum / n, correct / (double) n, valAcc, lr, seconds));
            double score = validate ? valAcc : epoch;
            if (score > bestScore) {
                bestScore = score;
                bestEpoch = epoch;
                best = validate && epoch < options.epochs() ? LinearEvaluation.snapshot(model) : null;
            }
        }
        if (best != null) {
            model.loadStateDict(best, true);
        }
        model.eval();
        double seconds = progress.elapsedSeconds();
        double bestVal = validate ? bestScore : Double.NaN;
        log.accept(String.format(Locale.ROOT, "fine-tuning done: %d epochs in %s (%.1f ex/s); kept epoch %d%s",
                options.epochs(), Durations.format(seconds), progress.examplesSeen() / seconds, bestEpoch,
                validate ? String.format(Locale.ROOT, " (validation accuracy %.4f)", bestVal) : " (the last)"));
        return new Result(List.copyOf(history), bestEpoch, bestVal, seconds);
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

package io.github.cola4j.cola.train;

import io.github.cola4j.autograd.Autograd;
import io.github.cola4j.cola.ColaModel;
import io.github.cola4j.cola.EncoderDescription;
import io.github.cola4j.cola.ProgressLine;
import io.github.cola4j.cola.data.BatchLoader;
import io.github.cola4j.cola.data.MelDataset;
import io.github.cola4j.cola.data.PairSampler;
import io.github.cola4j.nn.Randomness;
import io.github.cola4j.nn.io.ModelFiles;
import io.github.cola4j.nn.optim.Adam;
import io.github.cola4j.nn.optim.GradClipping;
import io.github.cola4j.tensor.MemoryScope;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * COLA pre-training: Adam over the whole model, the learning rate of {@link PretrainConfig#learningRateAt} for
 * each step ({@code lr * decay^(e - 1)} in epoch {@code e} by default; optional warm-up and cosine decay)
 * (epochs count from 1 in the progress lines, the {@link Summary} and the {@link Checkpoint}), optional gradient
 * clipping, batches from a background {@link BatchLoader}, validation pair accuracy after every epoch (evaluation
 * mode, no graph), the best model ({@link BestEpoch}) kept in {@code best-encoder.safetensors} (the encoder's
 * state, for downstream use) and {@code best-model.safetensors} (the whole COLA model), a
 * {@link Checkpoint} in {@code checkpoint.safetensors} every {@link PretrainConfig#checkpointEvery()} steps, at the
 * end of every epoch and at the end of the run, and the curves in a {@link History} (saved in the checkpoints, and
 * handed to an {@link EpochListener} after every epoch, for instance to draw them).
 *
 * <p>A run is a pure function of the model's initial state, the data, the config and the global
 * {@link Randomness}: {@link #resume(Path)} restores model, optimiser, generator, loader position and history
 * from a checkpoint, and the continued run produces exactly the losses an uninterrupted run would have.
 *
 * <p>A step whose loss or gradient norm is not finite stops the run with a {@link TrainingDivergedException}
 * naming the step, before the optimiser applies it; the last checkpoint on disk stays the last good one.
 */
public final class Pretrainer {
    /** File names inside the output directory. */
    public static final String CHECKPOINT = "checkpoint.safetensors";
    /** The encoder's state at the best validation accuracy so far. */
    public static final String BEST_ENCODER = "best-encoder.safetensors";
    /** The whole model's state at the best validation accuracy so far. */
    public static final String BEST_MODEL = "best-model.safetensors";

    private static final long VALIDATION_SEED_SALT = 0x5EEDFACEL;

    /** Told about every finished epoch. */
    @FunctionalInterface
    public interface EpochListener {
        /**
         * Called after an epoch's validation, best-model save and progress line, before its checkpoint.
         *
         * @param history the run's curves so far, the finished epoch included (live: read it now, do not keep it)
         * @throws IOException if the listener's own output fails; the run stops with it
         */
        void epochEnded(History history) throws IOException;
    }

    /**
     * The outcome of {@link #run}.
     *
     * @param steps global steps done
     * @param lastLoss mean loss of the last epoch's steps (or of the steps run, if no epoch ended)
     * @param bestValidationAccuracy best validation pair accuracy (-1 without validation)
     * @param bestEpoch epoch of the best accuracy, counted from 1; without validation the last finished epoch
     *     (0 before any epoch ended)
     * @param seconds wall time of this call
     * @param finished whether the configured number of epochs is complete
     */
    public record Summary(long steps, double lastLoss, double bestValidationAccuracy, int bestEpoch, double seconds,
            boolean finished) {
    }

    private final ColaModel model;
    private final MelDataset train;
    private final MelDataset validation;
    private final PairSampler sampler;
    private final PretrainConfig config;
    private final Adam optimizer;
    private Consumer<String> progress = System.out::println;
    private EpochListener epochListener = history -> { };
    private StepGradients gradients = StepGradients.LOCAL;
    private History history = new History();
    private long step;
    private BestEpoch best;
    private Path lastCheckpoint;

    /**
     * A run of {@code model} on {@code train}; {@code validation} may be null when validationBatches is 0.
     *
     * @param model the model to train in place; Adam is created over all of its parameters
     * @param train the training clips, at least {@code config.batchSize()} of them
     * @param validation the clips for the validation pair accuracy, at least 2; null when
     *     {@code config.validationBatches()} is 0
     * @param sampler makes the anchor/positive crops of training and validation batches
     * @param config the schedule, intervals and output directory
     * @throws IllegalArgumentException if there are fewer training clips than the batch size, or validation is
     *     asked for with fewer than 2 validation clips
     */
    public Pretrainer(ColaModel model, MelDataset train, MelDataset validation, PairSampler sampler,
            PretrainConfig config) {
        if (config.validationBatches() > 0 && (validation == null || validation.size() < 2)) {
            throw new IllegalArgumentException("validation needs at least 2 clips, got "
                    + (validation == null ? "none" : validation.size()));
        }
        if (train.size() < config.batchSize()) {
            throw new IllegalArgumentException("batch size " + config.batchSize() + " exceeds the " + train.size()
                    + " training clips");
        }
        this.model = model;
        this.train = train;
        this.validation = validation;
        this.sampler = sampler;
        this.config = config;
        this.optimizer = new Adam(model.parameters(), config.learningRate());
        this.best = new BestEpoch(config.validationBatches() > 0);
    }

    /**
     * Where progress lines go (System.out by default).
     *
     * @param sink receives each progress line, not null
     * @return this trainer, for chaining
     */
    public Pretrainer progress(Consumer<String> sink) {
        this.progress = sink;
        return this;
    }

    /**
     * Who is told about every finished epoch (nobody by default).
     *
     * @param listener receives the history after every epoch, not null
     * @return this trainer, for chaining
     */
    public Pretrainer onEpochEnd(EpochListener listener) {
        this.epochListener = listener;
        return this;
    }

    /**
     * How each step's loss and gradients are computed ({@link StepGradients#LOCAL} by default; a data-parallel
     * implementation spreads the batch over workers). Everything else about the run stays the same: schedule,
     * clipping, optimiser, checkpoints and resuming.
     *
     * @param source computes a step's loss and fills the parameters' gradients, not null
     * @return this trainer, for chaining
     */
    public Pretrainer gradients(StepGradients source) {
        this.gradients = java.util.Objects.requireNonNull(source, "source");
        return this;
    }

    /**
     * Continues from a checkpoint written by a run with the same model shape, batch size and steps per epoch:
     * restores the model, the optimiser, the global {@link Randomness}, the history and the position.
     *
     * @param checkpoint a {@link #CHECKPOINT} file of an earlier run
     * @return this trainer, positioned at the checkpoint's step
     * @throws IOException if the file cannot be read or is not a valid pre-training checkpoint
     * @throws IllegalArgumentException if the checkpoint's batch size, steps per epoch or seed differ from this
     *     run's, or its model state does not match the model
     */
    public Pretrainer resume(Path checkpoint) throws IOException {
        Checkpoint.Contents c = Checkpoint.read(checkpoint);
        Checkpoint.Position p = c.position();
        if (p.batchSize() != config.batchSize() || p.stepsPerEpoch() != config.stepsPerEpoch()
                || p.loaderSeed() != config.seed()) {
            throw new IllegalArgumentException(checkpoint + " was written by a run with batch " + p.batchSize()
                    + ", " + p.stepsPerEpoch() + " steps per epoch and seed " + p.loaderSeed() + "; this run has "
                    + config.batchSize() + ", " + config.stepsPerEpoch() + " and " + config.seed());
        }
        model.loadStateDict(c.model(), true);
        optimizer.loadState(c.optimizer());
        Randomness.restore(p.randomness());
        history = c.history();
        step = p.step();
        best = new BestEpoch(config.validationBatches() > 0, p.bestEpoch(), p.bestAccuracy());
        lastCheckpoint = checkpoint;
        progress.accept(String.format(Locale.ROOT, "resumed from %s at step %d (%d of %d epochs done)", checkpoint,
                step, step / config.stepsPerEpoch(), config.epochs()));
        return this;
    }

    /**
     * Trains to the end of the configured epochs (nothing is left to do when {@link #step()} is already there or
     * beyond, as after resuming from a longer run's checkpoint).
     *
     * @return the steps done, last loss and best validation accuracy; {@code finished} is true
     * @throws IOException if the output directory, a checkpoint or a best model cannot be written, or the
     *     {@link #onEpochEnd epoch listener} throws it
     * @throws TrainingDivergedException if a step's loss or gradient norm is not finite
     */
    public Summary run() throws IOException {
        return run(Math.max(config.totalSteps(), step));
    }

    /**
     * Trains until {@code untilStep} global steps are done (at most the configured total), then checkpoints.
     * {@code untilStep} equal to {@link #step()}, or a run already at or past its configured total, trains no
     * step.
     *
     * @param untilStep the global step to stop at, not below {@link #step()}; larger values stop at the end of
     *     the run
     * @return the steps done, last loss and best validation accuracy, and whether the run is complete
     * @throws IllegalArgumentException if {@code untilStep} is below {@link #step()} (steps cannot be undone)
     * @throws IOException if the output directory, a checkpoint or a best model cannot be written, or the
     *     {@link #onEpochEnd epoch listener} throws it
     * @throws TrainingDivergedException if a step's loss or gradient norm is not finite
     */
    public Summary run(long untilStep) throws IOException {
        if (untilStep < step) {
            throw new IllegalArgumentException("cannot run until step " + untilStep + ": the run is already at step "
                    + step);
        }
        long end = Math.max(step, Math.min(untilStep, config.totalSteps()));
        Files.createDirectories(config.outputDir());
        long start = System.nanoTime();
        long startStep = step;
        int b = config.batchSize();
        int spe = config.stepsPerEpoch();
        int intervalFrom = history.stepCount();
        model.train(true);
        try (BatchLoader loader = new BatchLoader(train, sampler, b, config.seed(), spe, step, end,
                config.prefetch())) {
            while (step < end) {
                int epoch = (int) (step / spe) + 1;
                optimizer.setLr(config.learningRateAt(step));
                BatchLoader.Batch batch = loader.next();
                if (batch.step() != step) {
                    throw new IllegalStateException("loader at step " + batch.step() + ", trainer at " + step);
                }
                // the step's activations and gradients go back to the CPU pool when it ends, for the next step
                try (MemoryScope stepMemory = MemoryScope.open()) {
                    optimizer.zeroGrad();
                    StepGradients.Result r = gradients.compute(model, batch.anchors(), batch.positives(), step);
                    double loss = r.loss();
                    if (!Double.isFinite(loss)) {
                        throw diverged("loss is " + loss, epoch);
                    }
                    double norm = GradClipping.clipGradNorm(optimizer.parameters(),
                            config.gradClipNorm() > 0 ? config.gradClipNorm() : Double.POSITIVE_INFINITY);
                    if (!Double.isFinite(norm)) {
                        throw diverged("gradient norm is " + norm, epoch);
                    }
                    optimizer.step();
                    history.addStep(loss, r.accuracy());
                }
                step++;

                if (step % config.logEvery() == 0 || step == end) {
                    int to = history.stepCount();
                    progress.accept(timed(ProgressLine.start("").count("step", step, config.totalSteps())
                            .count("epoch", epoch, config.epochs())
                            .value("loss", "%.4f", history.meanLoss(intervalFrom, to))
                            .value("pair acc", "%.3f", history.meanAccuracy(intervalFrom, to))
                            .value("lr", "%.2e", optimizer.lr()), start, startStep));
                    intervalFrom = to;
                }
                boolean epochEnd = step % spe == 0;
                if (epochEnd) {
                    endEpoch(epoch, start, startStep);
                }
                if (epochEnd || step == end || (config.checkpointEvery() > 0 && step % config.checkpointEvery() == 0)) {
                    checkpoint();
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double[] el = history.epochLosses();
        int n = history.stepCount();
        double last = el.length > 0 && step % spe == 0 ? el[el.length - 1]
                : history.meanLoss((int) Math.max(0, n - (step % spe)), n);
        Summary s = new Summary(step, last, bestAccuracy(), best.epoch(), seconds, step >= config.totalSteps());
        progress.accept(String.format(Locale.ROOT,
                "%s after %d steps (%d this call, %.1f s, %.1f ex/s): last loss %.4f, best validation pair acc %s",
                s.finished() ? "pre-training done" : "pre-training paused", step, step - startStep, seconds,
                (step - startStep) * (double) b / Math.max(1e-9, seconds), last,
                Double.isNaN(best.accuracy()) ? "n/a"
                        : String.format(Locale.ROOT, "%.3f (epoch %d)", best.accuracy(), best.epoch())));
        return s;
    }

    private TrainingDivergedException diverged(String what, int epoch) {
        String where = lastCheckpoint == null ? "no checkpoint was written yet"
                : "the last good checkpoint is " + lastCheckpoint + " (step " + checkpointStep() + ")";
        String msg = String.format(Locale.ROOT, "training diverged at step %d (epoch %d, batch %d): %s; stopped, %s",
                step, epoch, step % config.stepsPerEpoch(), what, where);
        progress.accept(msg);
        return new TrainingDivergedException(msg, step, lastCheckpoint);
    }

    private long checkpointStep() {
        try {
            return Checkpoint.position(lastCheckpoint).step();
        } catch (IOException e) {
            return -1;
        }
    }

    /**
     * Ends a progress line with the rate, time elapsed and time left of this call to {@link #run(long)}, which
     * started at {@code startNanos} at step {@code startStep}.
     */
    private String timed(ProgressLine line, long startNanos, long startStep) {
        double elapsed = (System.nanoTime() - startNanos) / 1e9;
        double rate = (step - startStep) * (double) config.batchSize() / Math.max(1e-9, elapsed);
        return line.end(rate, "ex", elapsed, ProgressLine.timeLeft(elapsed, step - startStep,
                config.totalSteps() - startStep));
    }

    private void endEpoch(int epoch, long startNanos, long startStep) throws IOException {
        int n = history.stepCount();
        int spe = config.stepsPerEpoch();
        double loss = history.meanLoss(n - spe, n);
        double acc = history.meanAccuracy(n - spe, n);
        double val = validationAccuracy();
        boolean isBest = best.offer(epoch, val);
        if (isBest) {
            saveBest();
        }
        history.addEpoch(loss, acc, val);
        ProgressLine line = ProgressLine.start("").count("epoch", epoch, config.epochs())
                .value("train loss", "%.4f", loss).value("train pair acc", "%.3f", acc);
        if (!Double.isNaN(val)) {
            line.value("val pair acc", isBest && best.validated() ? "%.3f (new best, saved)" : "%.3f", val);
        }
        progress.accept(timed(line, startNanos, startStep));
        epochListener.epochEnded(history);
    }

    /**
     * Mean pair accuracy on the validation set: {@code validationBatches} fixed batches (the same crops every
     * epoch), in evaluation mode without a graph. The model is back in training mode afterwards.
     *
     * @return the mean pair accuracy in [0, 1]; NaN when {@code validationBatches} is 0, whether or not a
     *     validation set was given (none is needed then)
     */
    public double validationAccuracy() {
        if (config.validationBatches() == 0) {
            return Double.NaN;
        }
        int b = Math.min(config.batchSize(), validation.size());
        double sum = 0;
        model.eval();
        try (var scope = Autograd.noGrad()) {
            for (int k = 0; k < config.validationBatches(); k++) {
                try (MemoryScope batchMemory = MemoryScope.open()) {
                    PairSampler.Batch batch = BatchLoader.batch(validation, sampler, b,
                            config.seed() ^ VALIDATION_SEED_SALT, 0, k);
                    sum += model.loss(batch.anchors(), batch.positives()).accuracy();
                }
            }
        } finally {
            model.train(true);
        }
        return sum / config.validationBatches();
    }

    /** The best validation accuracy, -1 before any or without validation (as Summary and Position have it). */
    private double bestAccuracy() {
        return Double.isNaN(best.accuracy()) ? -1 : best.accuracy();
    }

    private void saveBest() throws IOException {
        ModelFiles.save(model.encoder(), config.outputDir().resolve(BEST_ENCODER), encoderDescription().toMetadata());
        ModelFiles.save(model, config.outputDir().resolve(BEST_MODEL));
    }

    /**
     * What the encoder files of this run are: the encoder's architecture, the front-end of the training clips and
     * the crop length, which is the window the encoder is later applied to.
     *
     * @return the description written into {@link #BEST_ENCODER}
     */
    public EncoderDescription encoderDescription() {
        return EncoderDescription.of(model.encoder().config(), config.frontEnd(), sampler.config().cropFrames());
    }

    private void checkpoint() throws IOException {
        Path file = config.outputDir().resolve(CHECKPOINT);
        Checkpoint.save(file, model, optimizer, new Checkpoint.Position(step, config.seed(), Randomness.state(),
                bestAccuracy(), best.epoch(), config.batchSize(), config.stepsPerEpoch()), history);
        lastCheckpoint = file;
    }

    /**
     * The curves so far (including those restored by {@link #resume}).
     *
     * @return the live history (replaced, not updated, by {@link #resume})
     */
    public History history() {
        return history;
    }

    /**
     * Global steps done.
     *
     * @return the global step the next training step will have
     */
    public long step() {
        return step;
    }

    /**
     * The model being trained.
     *
     * @return the model given to the constructor (live, not a copy)
     */
    public ColaModel model() {
        return model;
    }

    /**
     * The optimiser, Adam over all of the model's parameters.
     *
     * @return the live optimiser, whose learning rate the schedule sets every step
     */
    public Adam optimizer() {
        return optimizer;
    }

    /**
     * The checkpoint written last (or resumed from), null before any.
     *
     * @return the checkpoint file, or null
     */
    public Path lastCheckpoint() {
        return lastCheckpoint;
    }
}

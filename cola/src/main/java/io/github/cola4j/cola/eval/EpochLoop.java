package io.github.cola4j.cola.eval;

import io.github.cola4j.cola.train.BestEpoch;
import io.github.cola4j.nn.Module;
import io.github.cola4j.nn.optim.LrSchedule;
import io.github.cola4j.nn.optim.Optimizer;
import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * What the epoch loops of {@link FineTuning} and {@link LinearEvaluation} share, around the training steps that
 * differ: every epoch, counted from 1, gets its learning rate from the schedule (epoch e runs at
 * {@code schedule.lr(e - 1)}) and a new random order of the examples; its batches add up the loss and the
 * correctly classified examples; its end prints the progress line, records an {@link EpochStats} and offers the
 * epoch to a {@link BestEpoch}, keeping a copy of the model's state when a later epoch might not beat it. At the end
 * of the run the best epoch's state goes back into the model.
 */
final class EpochLoop {
    private final TrainingProgress progress;
    private final int epochs;
    private final Module model;
    private final Optimizer optimizer;
    private final LrSchedule schedule;
    private final BestEpoch best;
    private final int[] order;
    private final List<EpochStats> history = new ArrayList<>();
    /** The best epoch's state, or null when the model itself holds it. */
    private Map<String, Tensor> bestState;
    private int epoch;
    private double lr;
    private double lossSum;
    private int correct;
    private int seen;

    /**
     * A run of {@code epochs} epochs over {@code examples} examples; its clock starts now.
     *
     * @param task the name that starts every progress line
     * @param log receives the progress lines; null discards them
     * @param model the module being trained; its best epoch's state is kept
     * @param optimizer whose learning rate the schedule sets at the start of every epoch
     * @param schedule the learning rate by epoch, counted from 0 as {@link LrSchedule} does
     * @param epochs the number of epochs
     * @param examples training examples per epoch
     * @param validated whether every epoch ends with a validation accuracy that chooses the best epoch
     */
    EpochLoop(String task, Consumer<String> log, Module model, Optimizer optimizer, LrSchedule schedule, int epochs,
            int examples, boolean validated) {
        this.progress = new TrainingProgress(log, task, epochs);
        this.epochs = epochs;
        this.model = model;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.best = new BestEpoch(validated);
        this.order = new int[examples];
        for (int i = 0; i < examples; i++) {
            order[i] = i;
        }
    }

    /**
     * Starts epoch {@code e}: sets its learning rate, puts the model in training mode, shuffles the examples with
     * {@code rng} (before the caller draws anything else from it for this epoch) and starts the epoch's clock.
     *
     * @return the examples' order for this epoch (the live array, reshuffled by the next call)
     */
    int[] start(int e, Rng rng) {
        epoch = e;
        lr = schedule.apply(optimizer, e - 1);
        progress.startEpoch(e);
        model.train(true);
        shuffle(order, rng);
        lossSum = 0;
        correct = 0;
        seen = 0;
        return order;
    }

    /** Adds a batch: its mean loss, and its logits [b, classes] scored against {@code labels}. */
    void addBatch(double meanLoss, Tensor logits, int[] labels) {
        lossSum += meanLoss * labels.length;
        correct += countCorrect(logits, labels);
        seen += labels.length;
    }

    /** A progress line within the epoch, after {@code step} of its {@code steps} steps. */
    void stepLine(int step, int steps) {
        progress.step(epoch, step, steps, lossSum / seen, correct / (double) seen, seen);
    }

    /** Ends the epoch started last with its validation accuracy (NaN without validation). */
    void end(double validationAccuracy) {
        double loss = lossSum / seen;
        double accuracy = correct / (double) seen;
        double seconds = progress.endEpoch(epoch, loss, accuracy, validationAccuracy, seen, lr);
        history.add(new EpochStats(epoch, loss, accuracy, validationAccuracy, lr, seconds));
        if (best.offer(epoch, validationAccuracy)) {
            // a copy only when a later epoch might not beat this one; otherwise the model holds the state to keep
            bestState = best.validated() && epoch < epochs ? snapshot(model) : null;
        }
    }

    /** Puts the best epoch's state back into the model and leaves it in evaluation mode. */
    void restoreBest() {
        if (bestState != null) {
            model.loadStateDict(bestState, true);
            bestState = null;
        }
        model.eval();
    }

    /** One entry per finished epoch, in order. */
    List<EpochStats> history() {
        return List.copyOf(history);
    }

    /** The chosen epoch, counted from 1 (the last one without validation). */
    int bestEpoch() {
        return best.epoch();
    }

    /** The chosen epoch's validation accuracy, NaN without validation. */
    double bestValidationAccuracy() {
        return best.accuracy();
    }

    /** Wall time since construction, in seconds. */
    double seconds() {
        return progress.elapsedSeconds();
    }

    /** Training examples of all finished epochs. */
    long examplesSeen() {
        return progress.examplesSeen();
    }

    private static int countCorrect(Tensor logits, int[] labels) {
        double[] predicted = logits.argmax(1, false).toDoubleArray();
        int c = 0;
        for (int i = 0; i < labels.length; i++) {
            if ((int) predicted[i] == labels[i]) {
                c++;
            }
        }
        return c;
    }

    private static void shuffle(int[] a, Rng rng) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static Map<String, Tensor> snapshot(Module m) {
        Map<String, Tensor> out = new HashMap<>();
        m.stateDict().forEach((k, e) -> out.put(k, e.tensor().copy()));
        return out;
    }
}

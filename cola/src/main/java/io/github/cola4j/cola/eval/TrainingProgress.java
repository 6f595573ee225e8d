package io.github.cola4j.cola.eval;

import io.github.cola4j.cola.ProgressLine;
import java.util.function.Consumer;

/**
 * Progress lines of a downstream training run: per epoch (and optionally every few steps) the loss, training
 * accuracy, validation accuracy, examples per second, the time elapsed and the estimated time left of the run, in
 * the {@link ProgressLine} format, printed to a {@code Consumer<String>}:
 * {@code linear epoch 3/50  loss 1.2345  train acc 0.412  val acc 0.388  lr 0.001  1520.3 ex/s  elapsed 4.1s  left 1m04s}.
 */
public final class TrainingProgress {
    private final Consumer<String> out;
    private final String task;
    private final int epochs;
    private final long startNanos = System.nanoTime();
    private long epochStartNanos;
    private long examplesSeen;

    /**
     * Progress of {@code task} over {@code epochs} epochs, printed to {@code out} (discarded when null).
     *
     * @param out receives each finished line, without a line terminator; null discards them
     * @param task the name that starts every line (for example {@code "linear"} or {@code "fine-tune"})
     * @param epochs the number of epochs of the run, shown as {@code epoch e/epochs} and used for the time left
     */
    public TrainingProgress(Consumer<String> out, String task, int epochs) {
        this.out = out == null ? s -> { } : out;
        this.task = task;
        this.epochs = epochs;
    }

    /**
     * Prints a line as it is.
     *
     * @param line the text passed to the output unchanged
     */
    public void print(String line) {
        out.accept(line);
    }

    /**
     * Marks the start of epoch {@code epoch} (counted from 1).
     *
     * @param epoch the epoch that starts now; only the time is recorded
     */
    public void startEpoch(int epoch) {
        epochStartNanos = System.nanoTime();
    }

    /**
     * A line within an epoch: step {@code step} of {@code steps}, running loss and accuracy; the time left is that
     * of the whole run, extrapolated from the fraction of it done.
     *
     * @param epoch the current epoch, counted from 1
     * @param step steps done in this epoch, counted from 1 (the time left is extrapolated from them)
     * @param steps steps in the whole epoch
     * @param loss the running mean loss of the epoch so far
     * @param accuracy the running training accuracy of the epoch so far, in [0, 1]
     * @param examplesThisEpoch training examples processed in this epoch so far, for the examples per second
     */
    public void step(int epoch, int step, int steps, double loss, double accuracy, long examplesThisEpoch) {
        long now = System.nanoTime();
        double s = (now - epochStartNanos) / 1e9;
        double total = (now - startNanos) / 1e9;
        double doneEpochs = epoch - 1 + step / (double) steps;
        out.accept(ProgressLine.start(task).count("epoch", epoch, epochs).count("step", step, steps)
                .value("loss", "%.4f", loss).value("acc", "%.3f", accuracy)
                .end(examplesThisEpoch / Math.max(s, 1e-9), "ex", total, ProgressLine.timeLeft(total, doneEpochs,
                        epochs)));
    }

    /**
     * Ends epoch {@code epoch} (from 1) after {@code examples} training examples and prints its line; a NaN
     * validation accuracy is left out. Returns the epoch's seconds.
     *
     * @param epoch the epoch that ends, counted from 1
     * @param loss the epoch's mean training loss
     * @param trainAccuracy the epoch's training accuracy, in [0, 1]
     * @param validationAccuracy the validation accuracy after the epoch, or NaN when there is none
     * @param examples training examples processed in the epoch; added to {@link #examplesSeen()}
     * @param lr the learning rate used in the epoch
     * @return wall time since {@link #startEpoch(int)}, in seconds
     */
    public double endEpoch(int epoch, double loss, double trainAccuracy, double validationAccuracy, long examples,
            double lr) {
        long now = System.nanoTime();
        double s = (now - epochStartNanos) / 1e9;
        double total = (now - startNanos) / 1e9;
        examplesSeen += examples;
        ProgressLine line = ProgressLine.start(task).count("epoch", epoch, epochs).value("loss", "%.4f", loss)
                .value("train acc", "%.3f", trainAccuracy);
        if (!Double.isNaN(validationAccuracy)) {
            line.value("val acc", "%.3f", validationAccuracy);
        }
        out.accept(line.value("lr", "%.3g", lr).end(examples / Math.max(s, 1e-9), "ex", total,
                ProgressLine.timeLeft(total, epoch, epochs)));
        return s;
    }

    /**
     * Seconds since this progress was created.
     *
     * @return wall time since construction, in seconds
     */
    public double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    /**
     * Training examples counted so far, over all epochs.
     *
     * @return the sum of the {@code examples} passed to {@link #endEpoch}
     */
    public long examplesSeen() {
        return examplesSeen;
    }
}

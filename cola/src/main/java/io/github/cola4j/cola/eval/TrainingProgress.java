package io.github.cola4j.cola.eval;

import io.github.cola4j.cola.Durations;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Progress lines of a downstream training run: per epoch (and optionally every few steps) the loss, training
 * accuracy, validation accuracy, examples per second and the estimated time left, printed to a
 * {@code Consumer<String>}.
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
     * A line within an epoch: step {@code step} of {@code steps}, running loss and accuracy.
     *
     * @param epoch the current epoch, counted from 1
     * @param step steps done in this epoch, counted from 1 (the time left is extrapolated from them)
     * @param steps steps in the whole epoch
     * @param loss the running mean loss of the epoch so far
     * @param accuracy the running training accuracy of the epoch so far, in [0, 1]
     * @param examplesThisEpoch training examples processed in this epoch so far, for the examples per second
     */
    public void step(int epoch, int step, int steps, double loss, double accuracy, long examplesThisEpoch) {
        double s = (System.nanoTime() - epochStartNanos) / 1e9;
        double rate = examplesThisEpoch / Math.max(s, 1e-9);
        double epochLeft = s / step * (steps - step);
        out.accept(String.format(Locale.ROOT, "%s epoch %d/%d step %d/%d  loss %.4f  acc %.3f  %.1f ex/s  epoch left %s",
                task, epoch, epochs, step, steps, loss, accuracy, rate, Durations.format(epochLeft)));
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
        double left = total / epoch * (epochs - epoch);
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%s epoch %d/%d  loss %.4f  train acc %.3f",
                task, epoch, epochs, loss, trainAccuracy));
        if (!Double.isNaN(validationAccuracy)) {
            b.append(String.format(Locale.ROOT, "  val acc %.3f", validationAccuracy));
        }
        b.append(String.format(Locale.ROOT, "  lr %.3g  %.1f ex/s  %s  elapsed %s  left ~%s", lr,
                examples / Math.max(s, 1e-9), Durations.format(s), Durations.format(total), Durations.format(left)));
        out.accept(b.toString());
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

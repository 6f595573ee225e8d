package io.github.cola4j.cola.train;

import io.github.cola4j.cola.ColaLoss;
import io.github.cola4j.cola.ColaModel;
import io.github.cola4j.tensor.Tensor;

/**
 * Where a pre-training step's loss and gradients come from. {@link #LOCAL} computes them on this machine; a
 * data-parallel implementation sums the gradients of shards of the batch computed by workers. Either way the
 * {@link Pretrainer} then clips the gradients, steps the optimiser, logs and checkpoints in the same way.
 */
@FunctionalInterface
public interface StepGradients {

    /**
     * A step's loss and in-batch pair accuracy.
     *
     * @param loss the step's loss (NaN or infinite when training diverged)
     * @param accuracy the fraction of anchors whose positive scored highest
     */
    record Result(double loss, double accuracy) {
    }

    /**
     * Computes the loss of {@code anchors}/{@code positives} and leaves its gradient in every parameter of
     * {@code model} (their gradients are cleared before the call). A non-finite loss is returned without
     * gradients; the trainer stops there.
     *
     * @param model the model in training mode, with the weights of this step
     * @param anchors anchor crops {@code [B, 1, frames, mels]}
     * @param positives positive crops of the same clips, same shape
     * @param step the global step, 0-based (for generators seeded per step)
     * @return the loss and pair accuracy of the step
     */
    Result compute(ColaModel model, Tensor anchors, Tensor positives, long step);

    /** The whole batch on this machine: one forward pass and one backward pass. */
    StepGradients LOCAL = (model, anchors, positives, step) -> {
        ColaLoss.Result r = model.loss(anchors, positives);
        double loss = r.loss().value().item();
        if (Double.isFinite(loss)) {
            r.loss().backward();
        }
        return new Result(loss, r.accuracy());
    };
}

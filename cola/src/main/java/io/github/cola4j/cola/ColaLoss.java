package io.github.cola4j.cola;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.Losses;
import io.github.cola4j.tensor.TensorException;

/**
 * COLA's objective: softmax cross-entropy over each row of the B x B similarity matrix with the diagonal as the
 * target (the other clips of the batch are the distractors), and the pair-identification accuracy.
 */
public final class ColaLoss {

    /**
     * The mean loss (differentiable) and the fraction of anchors whose best-scoring candidate is their own.
     *
     * @param loss mean cross-entropy over the B anchors, a scalar connected to the similarity graph
     * @param accuracy fraction of rows whose largest similarity is on the diagonal, in [0, 1]
     */
    public record Result(Variable loss, double accuracy) {
    }

    private ColaLoss() {
    }

    /**
     * The loss and pair accuracy of a square [B, B] similarity matrix (row i: anchor i against every positive);
     * throws TensorException when it is not square.
     *
     * @param similarities scores [B, B], row i holding anchor i against every positive (logits, not
     *     probabilities)
     * @return the differentiable mean loss and the pair-identification accuracy
     * @throws TensorException if {@code similarities} is not a square matrix
     */
    public static Result of(Variable similarities) {
        int[] s = similarities.shape();
        if (s.length != 2 || s[0] != s[1]) {
            throw TensorException.shapes("ColaLoss", "similarities must be square [B, B]", s);
        }
        int b = s[0];
        int[] diagonal = new int[b];
        for (int i = 0; i < b; i++) {
            diagonal[i] = i;
        }
        Variable loss = Losses.crossEntropy(similarities, diagonal);
        double[] best = similarities.value().argmax(1, false).toDoubleArray();
        int correct = 0;
        for (int i = 0; i < b; i++) {
            if ((int) best[i] == i) {
                correct++;
            }
        }
        return new Result(loss, correct / (double) b);
    }
}

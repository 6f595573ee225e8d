package io.github.cola4j.cola;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.nn.Losses;
import io.github.cola4j.tensor.TensorException;

/**
 * COLA's objective: softmax cross-entropy over each row of the B x B similarity matrix with the diagonal as the
 * target (the other clips of the batch are the distractors), and the pair-identification accuracy.
 */
public final class ColaLoss {

    /** The mean loss (differentiable) and the fraction of anchors whose best-scoring candidate is their own. */
    public record Result(Variable loss, double accuracy) {
    }

    private ColaLoss() {
    }

    /**
     * The loss and pair accuracy of a square [B, B] similarity matrix (row i: anchor i against every positive);
     * throws TensorException when it is not square.
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

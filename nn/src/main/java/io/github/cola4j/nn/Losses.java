package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.LossAndGrad;
import io.github.cola4j.tensor.Tensor;
import io.github.cola4j.tensor.TensorException;
import java.util.Arrays;

/** Loss functions, each returning a scalar (0-d) variable with mean reduction, as PyTorch's defaults. */
public final class Losses {
    private Losses() {
    }

    /**
     * Softmax cross-entropy without label smoothing: see {@link #crossEntropy(Variable, int[], double)}.
     *
     * @param logits unnormalised scores [N, C]
     * @param labels the class index of each example: N values in [0, C)
     * @return the mean loss over the batch, a 0-d variable of the logits' type
     * @throws TensorException when logits are not 2-d, N or C is 0, or the number of labels differs from N
     * @throws IllegalArgumentException when a label lies outside [0, C), naming it and its batch index
     */
    public static Variable crossEntropy(Variable logits, int[] labels) {
        return crossEntropy(logits, labels, 0.0);
    }

    /**
     * Softmax cross-entropy of {@code logits} [N, C] against class indices {@code labels} (N of them, each in
     * [0, C)), averaged over the batch, as PyTorch's {@code cross_entropy(logits, labels, label_smoothing=eps)}:
     * {@code (1 - eps) * NLL + eps * mean over classes of -log p}, that is the cross-entropy against the target
     * distribution {@code (1 - eps) * onehot + eps / C}.
     *
     * <p>One backend op ({@link io.github.cola4j.tensor.Backend#softmaxCrossEntropy}): the forward pass is a
     * stable log-softmax (the row maximum subtracted) and a weighted sum, and it returns the gradient
     * {@code (softmax - target) / N} with the loss, so very large logits neither overflow nor lose the gradient;
     * the backward pass scales that gradient by the upstream one. The loss has the logits' type.
     *
     * @param logits unnormalised scores [N, C]
     * @param labels the class index of each example: N values in [0, C)
     * @param labelSmoothing eps, in [0, 1]: the share of the target moved from the true class to a uniform
     *     spread over all C classes; 0 for none
     * @return the mean loss over the batch, a 0-d variable of the logits' type
     * @throws TensorException when logits are not 2-d, N or C is 0, or the number of labels differs from N
     * @throws IllegalArgumentException when {@code labelSmoothing} lies outside [0, 1] (NaN included), or a label
     *     lies outside [0, C), naming it and its batch index
     */
    public static Variable crossEntropy(Variable logits, int[] labels, double labelSmoothing) {
        int[] s = logits.shape();
        if (s.length != 2) {
            throw TensorException.shapes("crossEntropy", "logits must be 2-d [N, C]", s);
        }
        int n = s[0];
        int c = s[1];
        if (labels.length != n) {
            throw TensorException.shapes("crossEntropy", labels.length + " labels given for a batch of " + n, s);
        }
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException("crossEntropy: label smoothing must lie in [0, 1], got "
                    + labelSmoothing);
        }
        if (n == 0 || c == 0) {
            throw TensorException.shapes("crossEntropy", "needs at least one example and one class", s);
        }
        for (int i = 0; i < n; i++) {
            if (labels[i] < 0 || labels[i] >= c) {
                throw new IllegalArgumentException("crossEntropy: label " + labels[i] + " at batch index " + i
                        + " is outside [0, " + c + ")");
            }
        }
        Tensor x = logits.value();
        LossAndGrad r = x.backend().softmaxCrossEntropy(x, labels, labelSmoothing);
        Tensor gradLogits = r.grad();
        return Variable.fromOp("crossEntropy", r.loss(), g -> new Tensor[] {gradLogits.mul(g)}, logits);
    }

    /**
     * Mean squared error over all elements; prediction and target must have the same shape.
     *
     * @param prediction the model's output, of any shape
     * @param target the expected values, of the same shape; a gradient reaches it too when it wants one
     * @return the mean of {@code (prediction - target)^2} over all elements, a 0-d variable
     * @throws TensorException when the shapes differ
     */
    public static Variable mse(Variable prediction, Variable target) {
        if (!Arrays.equals(prediction.shape(), target.shape())) {
            throw TensorException.shapes("mse", "prediction and target shapes differ", prediction.shape(),
                    target.shape());
        }
        Variable d = prediction.sub(target);
        return d.mul(d).mean();
    }

    /**
     * Mean squared error against a constant target.
     *
     * @param prediction the model's output, of any shape
     * @param target the expected values, of the same shape; no gradient reaches it
     * @return the mean of {@code (prediction - target)^2} over all elements, a 0-d variable
     * @throws TensorException when the shapes differ
     */
    public static Variable mse(Variable prediction, Tensor target) {
        return mse(prediction, Variable.constant(target));
    }
}

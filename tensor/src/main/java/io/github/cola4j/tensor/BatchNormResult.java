package io.github.cola4j.tensor;

/**
 * What batch normalisation with batch statistics returns: the normalised output and the per-channel statistics
 * its backward pass and the running statistics need.
 *
 * @param y the output [N, C, H, W] (after SiLU when the fused batch-norm + SiLU produced it)
 * @param mean the batch mean per channel [C]
 * @param invStd {@code 1 / sqrt(variance + eps)} per channel [C]
 * @param variance the biased batch variance per channel [C]
 */
public record BatchNormResult(Tensor y, Tensor mean, Tensor invStd, Tensor variance) {

    /**
     * The same statistics with another output (a fused activation applied to {@link #y()}).
     *
     * @param newY the new output, of y's shape
     * @return a new result sharing the statistics
     */
    public BatchNormResult withY(Tensor newY) {
        return new BatchNormResult(newY, mean, invStd, variance);
    }
}

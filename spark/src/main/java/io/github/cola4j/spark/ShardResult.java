package io.github.cola4j.spark;

import java.io.Serializable;

/**
 * What a worker sends back for its shard.
 *
 * @param index the shard's position
 * @param loss the shard's own loss (not scaled by its weight); NaN or infinite when it diverged
 * @param accuracy the shard's in-batch pair accuracy
 * @param gradients the gradient of weight x loss for each parameter, in the model's parameter order; null when
 *     the loss is not finite
 * @param buffers the values of each buffer after the forward pass (batch norm's running statistics), in
 *     state-dict order
 * @param computeNanos time spent in the forward and backward passes on the worker
 *
 * @serial exclude
 */
public record ShardResult(int index, double loss, double accuracy, float[][] gradients, float[][] buffers,
        long computeNanos) implements Serializable {
}

package io.github.cola4j.spark;

import java.io.Serializable;

/**
 * One worker's part of a step: a contiguous slice of the global batch's anchor/positive pairs, and the weight of
 * its loss in the step's loss (its share of the pairs).
 *
 * @param index the shard's position, 0-based; the shards' gradients are summed in this order
 * @param step the global step, 0-based
 * @param weight the shard's pairs over the batch's pairs; its loss is scaled by this before backward
 * @param shape the shape of {@code anchors} and {@code positives}: {@code [pairs, 1, frames, mels]}
 * @param anchors the anchor crops, C order
 * @param positives the positive crops, C order
 *
 * @serial exclude
 */
public record ShardTask(int index, long step, double weight, int[] shape, float[] anchors, float[] positives)
        implements Serializable {
}

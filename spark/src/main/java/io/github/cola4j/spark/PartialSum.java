package io.github.cola4j.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The sum of the results of consecutive shards {@code first .. first + count - 1}: what a step's reduction passes
 * along, from the workers through the optional intermediate level to the driver. Sums are always taken in shard
 * order, so a reduction's result depends on its shape (how many shards per group) but never on the order in which
 * tasks finish or are retried.
 *
 * @param first the first shard summed
 * @param count the number of shards summed
 * @param weightedLoss sum of each shard's loss times its share of the batch's pairs
 * @param weightedAccuracy sum of each shard's pair accuracy times its share
 * @param gradients the sum of the shards' gradients per parameter (float32, added in shard order); null when a
 *     shard's loss was not finite
 * @param bufferSums the sum of the shards' buffer values (batch norm's running statistics), in float64
 * @param maxComputeNanos the slowest shard's forward and backward time
 * @serial exclude
 */
public record PartialSum(int first, int count, double weightedLoss, double weightedAccuracy, float[][] gradients,
        double[][] bufferSums, long maxComputeNanos) implements Serializable {

    /**
     * One shard's result as a sum of one.
     *
     * @param r the shard's result
     * @param weight the shard's share of the batch's pairs
     * @return the partial sum of shard {@code r.index()} alone
     */
    public static PartialSum of(ShardResult r, double weight) {
        double[][] b = new double[r.buffers().length][];
        for (int i = 0; i < b.length; i++) {
            float[] f = r.buffers()[i];
            b[i] = new double[f.length];
            for (int k = 0; k < f.length; k++) {
                b[i][k] = f[k];
            }
        }
        return new PartialSum(r.index(), 1, weight * r.loss(), weight * r.accuracy(), r.gradients(), b,
                r.computeNanos());
    }

    /**
     * This sum followed by the next shards'.
     *
     * @param next the sum of the shards right after this one's
     * @return the sum of both ranges; the gradients are added element by element into a new array
     * @throws IllegalArgumentException if {@code next} does not start where this sum ends
     */
    public PartialSum plus(PartialSum next) {
        if (next.first != first + count) {
            throw new IllegalArgumentException("shards " + first + ".." + (first + count - 1) + " cannot be followed"
                    + " by shards starting at " + next.first);
        }
        float[][] g = null;
        if (gradients != null && next.gradients != null) {
            g = new float[gradients.length][];
            for (int i = 0; i < g.length; i++) {
                float[] a = gradients[i];
                float[] b = next.gradients[i];
                float[] s = new float[a.length];
                for (int k = 0; k < s.length; k++) {
                    s[k] = a[k] + b[k];
                }
                g[i] = s;
            }
        }
        double[][] bs = new double[bufferSums.length][];
        for (int i = 0; i < bs.length; i++) {
            double[] a = bufferSums[i];
            double[] b = next.bufferSums[i];
            double[] s = new double[a.length];
            for (int k = 0; k < s.length; k++) {
                s[k] = a[k] + b[k];
            }
            bs[i] = s;
        }
        return new PartialSum(first, count + next.count, weightedLoss + next.weightedLoss,
                weightedAccuracy + next.weightedAccuracy, g, bs, Math.max(maxComputeNanos, next.maxComputeNanos));
    }

    /**
     * Adds sums of consecutive ranges in shard order, whatever order they arrive in.
     *
     * @param parts sums that together cover a contiguous range of shards, each shard once
     * @return their total
     * @throws IllegalArgumentException if there are none, or they leave a gap or overlap
     */
    public static PartialSum inOrder(Iterable<PartialSum> parts) {
        List<PartialSum> l = new ArrayList<>();
        parts.forEach(l::add);
        if (l.isEmpty()) {
            throw new IllegalArgumentException("no shard results to add");
        }
        l.sort(Comparator.comparingInt(PartialSum::first));
        PartialSum total = l.get(0);
        for (int i = 1; i < l.size(); i++) {
            total = total.plus(l.get(i));
        }
        return total;
    }
}

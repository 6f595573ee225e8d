package io.github.cola4j.nn.data;

import io.github.cola4j.tensor.Rng;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Cuts a {@link Dataset} into batches, one epoch at a time: {@code for (Batch b : loader)} runs one epoch, and the
 * next {@code for} runs the next.
 *
 * <p>Without shuffling, every epoch visits the examples in index order. With {@link #withShuffle(long)} each epoch
 * visits them in a new permutation that is a pure function of (seed, epoch), so a run repeats exactly for a seed
 * and an epoch can be replayed on its own with {@link #epoch(int)} (resuming from a checkpoint, say). The last
 * batch of an epoch holds the examples left over and may be smaller, unless {@link #withDropLast(boolean)} drops
 * it. Batches are read from the dataset as the iteration reaches them.
 *
 * <p>A loader counts the epochs it has started; it is meant for one thread.
 */
public final class DataLoader implements Iterable<Batch> {
    private final Dataset dataset;
    private final int batchSize;
    private final boolean shuffle;
    private final long seed;
    private final boolean dropLast;
    private int nextEpoch;

    /**
     * A loader that visits the examples in index order and keeps a last partial batch.
     *
     * @param dataset the examples
     * @param batchSize examples per batch, at least 1 (a batch size above the dataset's size gives one batch of all)
     * @throws IllegalArgumentException if {@code dataset} is null or {@code batchSize} is below 1
     */
    public DataLoader(Dataset dataset, int batchSize) {
        this(dataset, batchSize, false, 0, false);
    }

    private DataLoader(Dataset dataset, int batchSize, boolean shuffle, long seed, boolean dropLast) {
        if (dataset == null) {
            throw new IllegalArgumentException("a data loader needs a dataset");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.dataset = dataset;
        this.batchSize = batchSize;
        this.shuffle = shuffle;
        this.seed = seed;
        this.dropLast = dropLast;
    }

    /**
     * This loader shuffling every epoch: epoch e visits the examples in a permutation fixed by {@code seed} and e.
     *
     * @param seed any value; the same seed gives the same permutations
     * @return a new loader, at epoch 0, with the other settings of this one
     */
    public DataLoader withShuffle(long seed) {
        return new DataLoader(dataset, batchSize, true, seed, dropLast);
    }

    /**
     * This loader with or without the last batch of an epoch when it is smaller than the batch size.
     *
     * @param drop true to drop a last partial batch (every batch then has exactly the batch size), false to keep it
     * @return a new loader, at epoch 0, with the other settings of this one
     */
    public DataLoader withDropLast(boolean drop) {
        return new DataLoader(dataset, batchSize, shuffle, seed, drop);
    }

    /**
     * The dataset the batches come from.
     *
     * @return the dataset given to the constructor
     */
    public Dataset dataset() {
        return dataset;
    }

    /**
     * Examples per full batch.
     *
     * @return the batch size given to the constructor
     */
    public int batchSize() {
        return batchSize;
    }

    /**
     * The number of batches in every epoch.
     *
     * @return {@code size / batchSize} with drop-last, else that rounded up
     */
    public int batchesPerEpoch() {
        int n = dataset.size();
        return dropLast ? n / batchSize : (int) ((n + (long) batchSize - 1) / batchSize);
    }

    /**
     * The epoch the next {@link #iterator()} runs.
     *
     * @return the number of epochs started so far, from 0
     */
    public int nextEpoch() {
        return nextEpoch;
    }

    /**
     * The order in which {@code epoch} visits the examples: index order, or its seeded permutation when shuffling.
     * Drop-last leaves out the examples at the end of this order.
     *
     * @param epoch the epoch, from 0
     * @return a new array holding each index in [0, size) once
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    public int[] order(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epochs count from 0, got " + epoch);
        }
        int n = dataset.size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        if (shuffle) {
            // Fisher-Yates from a generator of (seed, epoch) alone: an epoch does not depend on the ones before
            Rng rng = new Rng(mix(seed, epoch));
            for (int i = n - 1; i > 0; i--) {
                int j = rng.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
        }
        return perm;
    }

    /**
     * The batches of the next epoch, which this call starts: the first call gives epoch 0, the next epoch 1, and
     * so on.
     *
     * @return an iterator over {@link #batchesPerEpoch()} batches
     */
    @Override
    public Iterator<Batch> iterator() {
        return batches(nextEpoch++);
    }

    /**
     * The batches of one epoch, without counting it as started: for replaying or resuming at an epoch.
     *
     * @param epoch the epoch, from 0
     * @return an iterable whose every iterator gives the same batches as epoch {@code epoch} of {@link #iterator()}
     * @throws IllegalArgumentException if {@code epoch} is negative
     */
    public Iterable<Batch> epoch(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epochs count from 0, got " + epoch);
        }
        return () -> batches(epoch);
    }

    private Iterator<Batch> batches(int epoch) {
        int[] perm = order(epoch);
        int count = batchesPerEpoch();
        return new Iterator<>() {
            private int k;

            @Override
            public boolean hasNext() {
                return k < count;
            }

            @Override
            public Batch next() {
                if (k >= count) {
                    throw new NoSuchElementException("epoch " + epoch + " has " + count + " batches");
                }
                int from = k * batchSize;
                int to = Math.min(from + batchSize, perm.length);
                k++;
                return dataset.get(Arrays.copyOfRange(perm, from, to));
            }
        };
    }

    /** A well-mixed generator seed from (seed, epoch), so that nearby seeds and epochs give unrelated orders. */
    private static long mix(long seed, long epoch) {
        long h = scramble(seed ^ 0x6A09E667F3BCC909L);
        return scramble(h ^ (epoch * 0x9E3779B97F4A7C15L + 0x3C6EF372FE94F82BL));
    }

    private static long scramble(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

package io.github.cola4j.cola.data;

import io.github.cola4j.tensor.Rng;
import io.github.cola4j.tensor.Tensor;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Builds COLA batches on a background daemon thread into a small bounded queue, so training rarely waits on disk.
 *
 * <p>Batches are numbered by a global step {@code s = epoch * stepsPerEpoch + k}. Batch k of an epoch is a pure
 * function of (seed, epoch, k): each epoch shuffles the clips with a generator derived from (seed, epoch), batch k
 * takes the clips at positions {@code k * B ... k * B + B - 1} of that order (wrapping around, so B distinct clips
 * whenever B is at most the dataset size), and its crops and augmentations draw from a generator derived from
 * (seed, epoch, k). Thread timing therefore never changes a batch, and a loader started at step s gives the same
 * batches as one that reached step s from 0.
 *
 * <p>A clip that fails to read when its batch is built is reported in the dataset's bad files and replaced by the
 * next readable clip in the epoch's order. A batch that cannot be built at all stops the loader: {@link #next()}
 * reports the failure when it reaches that batch, and again on every later call, without waiting.
 * {@link #close()} stops the thread.
 */
public final class BatchLoader implements AutoCloseable {

    /**
     * One batch and where it belongs.
     *
     * @param step global step, {@code epoch * stepsPerEpoch + index}
     * @param epoch epoch of the batch, counted from 0
     * @param index position of the batch within its epoch, from 0 to {@code stepsPerEpoch - 1}
     * @param anchors the anchor crops [B, 1, cropFrames, mels]
     * @param positives the positive crops, same shape; positive i pairs with anchor i
     */
    public record Batch(long step, int epoch, int index, Tensor anchors, Tensor positives) {
        /**
         * Number of pairs in the batch (B).
         *
         * @return the first dimension of {@link #anchors()}
         */
        public int size() {
            return anchors.dim(0);
        }
    }

    private static final Object END = new Object();

    private final MelDataset data;
    private final PairSampler sampler;
    private final int batchSize;
    private final long seed;
    private final int stepsPerEpoch;
    private final BlockingQueue<Object> queue;
    private final Thread thread;
    private volatile boolean closed;
    private long nextStep;
    /** What stopped the producer, once {@link #next()} has met it; every later call fails with it. */
    private Throwable failure;
    private long failedStep;

    /**
     * Starts loading at global step {@code startStep}, keeping up to {@code prefetch} batches ready; with
     * {@code endStep} the producer stops after step {@code endStep - 1}.
     *
     * @param data the clips to sample from
     * @param sampler turns the clips of a batch into anchor/positive crops
     * @param batchSize pairs per batch, from 1 to {@code data.size()}
     * @param seed fixes every epoch's shuffle and every batch's crops and augmentation
     * @param stepsPerEpoch batches per epoch, at least 1 (the shuffle changes every this many steps)
     * @param startStep global step of the first batch, 0 or more (a checkpoint's position when resuming)
     * @param endStep global step after the last batch, at least {@code startStep}
     * @param prefetch how many built batches may wait in the queue, at least 1
     * @throws IllegalArgumentException if a value is outside the ranges above
     */
    public BatchLoader(MelDataset data, PairSampler sampler, int batchSize, long seed, int stepsPerEpoch,
            long startStep, long endStep, int prefetch) {
        if (batchSize < 1 || batchSize > data.size()) {
            throw new IllegalArgumentException("batch size " + batchSize + " must be between 1 and the number of "
                    + "clips, " + data.size());
        }
        if (stepsPerEpoch < 1 || startStep < 0 || endStep < startStep || prefetch < 1) {
            throw new IllegalArgumentException("bad loader range: steps per epoch " + stepsPerEpoch + ", steps "
                    + startStep + ".." + endStep + ", prefetch " + prefetch);
        }
        this.data = data;
        this.sampler = sampler;
        this.batchSize = batchSize;
        this.seed = seed;
        this.stepsPerEpoch = stepsPerEpoch;
        this.queue = new ArrayBlockingQueue<>(prefetch);
        this.nextStep = startStep;
        this.thread = new Thread(() -> produce(startStep, endStep), "cola-batch-loader");
        thread.setDaemon(true);
        thread.start();
    }

    private void produce(long from, long to) {
        int permEpoch = -1;
        int[] perm = null;
        try {
            for (long s = from; s < to && !closed; s++) {
                int epoch = Math.toIntExact(s / stepsPerEpoch);
                int k = (int) (s % stepsPerEpoch);
                if (epoch != permEpoch) {
                    perm = epochOrder(data.size(), seed, epoch);
                    permEpoch = epoch;
                }
                PairSampler.Batch b = build(data, sampler, batchSize, perm, seed, epoch, k);
                queue.put(new Batch(s, epoch, k, b.anchors(), b.positives()));
            }
            if (!closed) {
                queue.put(END);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | Error e) {
            try {
                queue.put(e);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The next batch, waiting for it if needed. Once building a batch has failed, this call and every later one
     * fail at once with that failure as the cause; once the loader has given its last step, every later call
     * fails at once too. It never waits on a producer that has stopped.
     *
     * @return the batch of step {@link #position()}; the position then moves on by one
     * @throws IllegalStateException if the loader is closed, has produced its last step, was interrupted while
     *     waiting, or failed to build this batch or an earlier one (the failure is attached as the cause)
     * @throws Error the error that stopped the producer, the first time it is met (later calls throw an
     *     IllegalStateException carrying it)
     */
    public Batch next() {
        if (closed) {
            throw new IllegalStateException("loader is closed");
        }
        if (failure != null) {
            throw new IllegalStateException("building batch " + failedStep + " failed earlier: "
                    + failure.getMessage(), failure);
        }
        Object o;
        try {
            o = take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a batch", e);
        }
        if (o == END) {
            queue.offer(END);
            throw new IllegalStateException("no batches left: the loader stopped before step " + nextStep);
        }
        if (o instanceof Throwable t) {
            failure = t;
            failedStep = nextStep;
            if (t instanceof Error e) {
                throw e;
            }
            throw new IllegalStateException("building batch " + nextStep + " failed: " + t.getMessage(), t);
        }
        nextStep++;
        return (Batch) o;
    }

    /**
     * The next element of the queue; if the producer has stopped and left nothing (which it never does on
     * purpose, but a thread can die), fails instead of waiting forever.
     */
    private Object take() throws InterruptedException {
        while (true) {
            Object o = queue.poll(100, TimeUnit.MILLISECONDS);
            if (o != null) {
                return o;
            }
            if (!thread.isAlive()) {
                // the producer may have put its last element just before it ended
                o = queue.poll();
                if (o != null) {
                    return o;
                }
                if (closed) {
                    throw new IllegalStateException("loader is closed");
                }
                throw new IllegalStateException("the loader's thread stopped before step " + nextStep);
            }
        }
    }

    /**
     * The global step of the batch the next {@link #next()} returns: the loader's position for checkpoints.
     *
     * @return the start step plus the number of batches returned so far
     */
    public long position() {
        return nextStep;
    }

    /**
     * The seed that fixes every epoch's shuffle and every batch's crops.
     *
     * @return the seed given to the constructor
     */
    public long seed() {
        return seed;
    }

    /** Stops the background thread and waits for it to end. */
    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        queue.clear();
    }

    /**
     * Whether the background thread is still running.
     *
     * @return false once the producer has built its last batch, failed or been closed
     */
    public boolean isAlive() {
        return thread.isAlive();
    }

    /**
     * Batch {@code k} of {@code epoch}, computed directly on the calling thread (the same batch the loader gives).
     *
     * @param data the clips to sample from, at least one
     * @param sampler turns the clips of the batch into anchor/positive crops
     * @param batchSize pairs per batch
     * @param seed the seed of the loader whose batch to reproduce
     * @param epoch the epoch, counted from 0; picks the shuffle
     * @param k the batch's position within the epoch, counted from 0
     * @return anchors and positives [batchSize, 1, cropFrames, mels]
     * @throws IllegalStateException if no clip of {@code data} can be read
     */
    public static PairSampler.Batch batch(MelDataset data, PairSampler sampler, int batchSize, long seed, int epoch,
            int k) {
        return build(data, sampler, batchSize, epochOrder(data.size(), seed, epoch), seed, epoch, k);
    }

    private static PairSampler.Batch build(MelDataset data, PairSampler sampler, int batchSize, int[] perm, long seed,
            int epoch, int k) {
        int n = perm.length;
        List<float[]> clips = new ArrayList<>(batchSize);
        long base = (long) k * batchSize;
        for (int i = 0; i < batchSize; i++) {
            clips.add(readable(data, perm, (int) ((base + i) % n)));
        }
        return sampler.batch(clips, new Rng(mix(seed, epoch, k)));
    }

    private static float[] readable(MelDataset data, int[] perm, int pos) {
        UncheckedIOException first = null;
        for (int t = 0; t < perm.length; t++) {
            try {
                return data.clip(perm[(pos + t) % perm.length]);
            } catch (UncheckedIOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        throw new IllegalStateException("no clip of the dataset can be read", first);
    }

    /** The order of the clips in {@code epoch}: a Fisher-Yates shuffle from a generator derived from (seed, epoch). */
    static int[] epochOrder(int n, long seed, int epoch) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        Rng rng = new Rng(mix(seed, epoch, -1));
        for (int i = n - 1; i > 0; i--) {
            int j = rng.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }

    /** A well-mixed 64-bit seed from (seed, epoch, k). */
    static long mix(long seed, long epoch, long k) {
        long h = scramble(seed ^ 0x243F6A8885A308D3L);
        h = scramble(h ^ (epoch * 0x9E3779B97F4A7C15L + 0x13198A2E03707344L));
        return scramble(h ^ (k * 0xC2B2AE3D27D4EB4FL + 0xA4093822299F31D0L));
    }

    private static long scramble(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}

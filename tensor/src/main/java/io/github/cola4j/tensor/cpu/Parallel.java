package io.github.cola4j.tensor.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinWorkerThread;
import java.util.concurrent.RecursiveAction;

/**
 * The one thread pool that every CPU kernel shares.
 *
 * <p>Its size is the number of available processors, or the system property {@code cola4j.threads}.
 * Threads are daemons, so the pool never keeps a JVM alive. Work is split into contiguous index ranges;
 * a call made from inside the pool splits as well (work stealing keeps that deadlock-free).
 */
public final class Parallel {

    /** Body of a parallel loop: handles the indices {@code [from, to)}. */
    @FunctionalInterface
    public interface Range {
        /**
         * Processes the indices {@code from} (inclusive) to {@code to} (exclusive).
         *
         * @param from first index of the range, at least 0
         * @param to one past the last index, greater than {@code from}
         */
        void run(int from, int to);
    }

    private static final int THREADS = Math.max(1,
            Integer.getInteger("cola4j.threads", Runtime.getRuntime().availableProcessors()));

    private static final ForkJoinPool POOL = new ForkJoinPool(THREADS, pool -> {
        ForkJoinWorkerThread t = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(pool);
        t.setDaemon(true);
        t.setName("cola4j-cpu-" + t.getPoolIndex());
        return t;
    }, null, false);

    private Parallel() {
    }

    /**
     * Number of threads the pool runs.
     *
     * @return at least 1; fixed when the class loads
     */
    public static int threads() {
        return THREADS;
    }

    /**
     * Runs {@code body} over {@code [0, n)} split into ranges of at least {@code grain} indices.
     * Runs on the calling thread when the work is too small to split.
     *
     * @param n number of indices; 0 or less runs nothing
     * @param grain the fewest indices worth a task of their own (values below 1 count as 1); splitting halves
     *     ranges, so a range may hold as few as half of it, rounded up
     * @param body the loop body, called concurrently on disjoint ranges; returns when all ranges are done,
     *     and an exception thrown by the body is rethrown to the caller
     */
    public static void forRange(int n, int grain, Range body) {
        if (n <= 0) {
            return;
        }
        int g = Math.max(1, grain);
        if (THREADS == 1 || n <= g) {
            body.run(0, n);
            return;
        }
        // About four ranges a thread balance uneven work without paying much for splitting.
        int chunk = Math.max(g, (n + THREADS * 4 - 1) / (THREADS * 4));
        RangeTask task = new RangeTask(body, 0, n, chunk);
        if (inPool()) {
            task.invoke();
        } else {
            POOL.invoke(task);
        }
    }

    private static boolean inPool() {
        return Thread.currentThread() instanceof ForkJoinWorkerThread w && w.getPool() == POOL;
    }

    private static final class RangeTask extends RecursiveAction {
        private final Range body;
        private final int from;
        private final int to;
        private final int chunk;

        RangeTask(Range body, int from, int to, int chunk) {
            this.body = body;
            this.from = from;
            this.to = to;
            this.chunk = chunk;
        }

        @Override
        protected void compute() {
            if (to - from <= chunk) {
                body.run(from, to);
                return;
            }
            int mid = from + (to - from) / 2;
            invokeAll(new RangeTask(body, from, mid, chunk), new RangeTask(body, mid, to, chunk));
        }
    }
}

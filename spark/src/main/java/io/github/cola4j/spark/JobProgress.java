package io.github.cola4j.spark;

import io.github.cola4j.examples.fma.ProgressBar;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.util.LongAccumulator;

/**
 * Waits for a Spark job while a progress bar follows an accumulator that its tasks add finished items to (Spark
 * merges a task's additions when the task ends, so the bar moves task by task).
 */
final class JobProgress {
    private static final long POLL_MILLIS = 250;

    private JobProgress() {
    }

    /**
     * Waits for {@code job}, drawing a bar of {@code total} items from {@code done}.
     *
     * @return the job's result
     * @throws IOException if the job failed (its cause, unwrapped where it was one) or the wait was interrupted
     */
    static <T> T await(JavaFutureAction<T> job, LongAccumulator done, long total, String item, String items,
            PrintWriter out) throws IOException {
        ProgressBar bar = new ProgressBar(out, total, item, items, ProgressBar.interactive());
        long shown = 0;
        try {
            while (true) {
                try {
                    T result = job.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    bar.step(total - shown, true);
                    return result;
                } catch (TimeoutException e) {
                    long now = Math.min(total, done.value());
                    bar.step(now - shown, true);
                    shown = Math.max(shown, now);
                }
            }
        } catch (InterruptedException e) {
            job.cancel(true);
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            for (Throwable t = c; t != null; t = t.getCause()) {
                if (t instanceof IOException io) {
                    throw new IOException(io.getMessage(), e);
                }
            }
            throw new IOException("Spark job failed: " + (c == null ? e : c), e);
        }
    }
}

package io.github.cola4j.cola.train;

import java.nio.file.Path;

/** Raised when a training step produces a non-finite loss or gradient; the run stops before applying it. */
public final class TrainingDivergedException extends RuntimeException {
    /** The global step at which training diverged. */
    private final long step;
    private final transient Path lastCheckpoint;

    TrainingDivergedException(String message, long step, Path lastCheckpoint) {
        super(message);
        this.step = step;
        this.lastCheckpoint = lastCheckpoint;
    }

    /**
     * The global step (counted from 0) whose loss or gradient was not finite.
     *
     * @return the step that was not applied
     */
    public long step() {
        return step;
    }

    /**
     * The last checkpoint written before it, or null when none was.
     *
     * @return the checkpoint file to resume from, or null (always null after deserialisation: the path is
     *     transient)
     */
    public Path lastCheckpoint() {
        return lastCheckpoint;
    }
}

package io.github.cola4j.cola.embed;

import io.github.cola4j.audio.AudioDecodeException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The embedding of one audio file, or why there is none.
 *
 * @param file the audio file
 * @param embedding the clip's embedding (the mean of its windows'), or null when the file could not be decoded
 * @param windows the embeddings of its windows [windows][dimension], or null on failure
 * @param seconds the decoded audio's length in seconds (0 on failure)
 * @param error why the file could not be embedded, or null
 */
public record ClipEmbedding(Path file, float[] embedding, float[][] windows, double seconds,
        AudioDecodeException error) {
    /**
     * Checks that exactly one of an embedding and an error is given.
     *
     * @param file the audio file, not null
     * @param embedding the clip's embedding, or null on failure
     * @param windows its windows' embeddings, null exactly when {@code embedding} is
     * @param seconds the decoded length in seconds
     * @param error the failure, null exactly when there is an embedding
     * @throws IllegalArgumentException if both or neither of an embedding and an error are given
     */
    public ClipEmbedding {
        Objects.requireNonNull(file, "file");
        if ((embedding == null) == (error == null) || (embedding == null) != (windows == null)) {
            throw new IllegalArgumentException(file + ": give either an embedding with its windows or an error");
        }
    }

    /**
     * A file that could not be embedded.
     *
     * @param file the audio file
     * @param error why
     * @return a result with no embedding
     */
    public static ClipEmbedding failed(Path file, AudioDecodeException error) {
        return new ClipEmbedding(file, null, null, 0, error);
    }

    /**
     * Whether the file was embedded.
     *
     * @return true when {@link #embedding()} holds the embedding
     */
    public boolean ok() {
        return error == null;
    }
}

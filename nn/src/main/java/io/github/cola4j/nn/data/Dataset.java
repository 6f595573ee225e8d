package io.github.cola4j.nn.data;

/**
 * An indexed collection of examples, each an input and a target. A {@link DataLoader} decides which examples go
 * together; the dataset reads them and stacks them into one {@link Batch}, which lets an implementation gather many
 * examples at once instead of building one tensor per example.
 */
public interface Dataset {

    /**
     * The number of examples.
     *
     * @return the number of examples, 0 or more; indices run from 0 to {@code size() - 1}
     */
    int size();

    /**
     * The examples at {@code indices}, in that order, stacked along a new first axis.
     *
     * @param indices positions of the examples, each in [0, {@link #size()}); repeats allowed; at least one
     * @return a batch of {@code indices.length} examples
     * @throws IndexOutOfBoundsException if an index is outside [0, {@link #size()})
     * @throws IllegalArgumentException if {@code indices} is empty
     */
    Batch get(int... indices);
}

package io.github.cola4j.tensor;

/** Reductions over a set of axes. */
public enum ReduceOp {
    /** Sum of the elements. */
    SUM,
    /** Arithmetic mean of the elements. */
    MEAN,
    /** Largest element; an empty axis is an error. */
    MAX,
    /** Smallest element; an empty axis is an error. */
    MIN
}

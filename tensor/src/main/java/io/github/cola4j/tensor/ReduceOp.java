package io.github.cola4j.tensor;

/** Reductions over a set of axes. */
public enum ReduceOp {
    SUM, MEAN, MAX, MIN
}

package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;

/** A parameter-free element-wise activation: SiLU (swish), sigmoid, tanh or ReLU. */
public final class Activation extends Module {

    /** The activations on offer. */
    public enum Kind {
        /** x * sigmoid(x). */
        SILU,
        /** 1 / (1 + e^-x). */
        SIGMOID,
        /** Hyperbolic tangent. */
        TANH,
        /** max(x, 0). */
        RELU
    }

    private final Kind kind;

    boolean isSilu() {
        return kind == Kind.SILU;
    }

    /**
     * An activation of the given kind.
     *
     * @param kind the function applied to every element; not null
     */
    public Activation(Kind kind) {
        this.kind = kind;
    }

    /**
     * SiLU (swish), x * sigmoid(x).
     *
     * @return a new activation of kind {@link Kind#SILU}
     */
    public static Activation silu() {
        return new Activation(Kind.SILU);
    }

    /**
     * The logistic sigmoid.
     *
     * @return a new activation of kind {@link Kind#SIGMOID}, with outputs between 0 and 1
     */
    public static Activation sigmoid() {
        return new Activation(Kind.SIGMOID);
    }

    /**
     * The hyperbolic tangent.
     *
     * @return a new activation of kind {@link Kind#TANH}, with outputs between -1 and 1
     */
    public static Activation tanh() {
        return new Activation(Kind.TANH);
    }

    /**
     * ReLU, max(x, 0).
     *
     * @return a new activation of kind {@link Kind#RELU}
     */
    public static Activation relu() {
        return new Activation(Kind.RELU);
    }

    @Override
    public Variable forward(Variable x) {
        switch (kind) {
            case SILU: return x.silu();
            case SIGMOID: return x.sigmoid();
            case TANH: return x.tanh();
            case RELU: return x.relu();
            default: throw new AssertionError(kind);
        }
    }

    @Override
    public String toString() {
        return kind.name().charAt(0) + kind.name().substring(1).toLowerCase(java.util.Locale.ROOT);
    }
}

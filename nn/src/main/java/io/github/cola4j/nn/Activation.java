package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;

/** A parameter-free element-wise activation: SiLU (swish), sigmoid, tanh or ReLU. */
public final class Activation extends Module {

    /** The activations on offer. */
    public enum Kind { SILU, SIGMOID, TANH, RELU }

    private final Kind kind;

    public Activation(Kind kind) {
        this.kind = kind;
    }

    public static Activation silu() {
        return new Activation(Kind.SILU);
    }

    public static Activation sigmoid() {
        return new Activation(Kind.SIGMOID);
    }

    public static Activation tanh() {
        return new Activation(Kind.TANH);
    }

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

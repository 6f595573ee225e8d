package io.github.cola4j.autograd;

import io.github.cola4j.tensor.Tensor;

/**
 * The op that produced a variable: its inputs and the rule that turns the output's gradient into the
 * inputs' gradients. Released (inputs and rule dropped) once backward has passed through it.
 */
final class Node {

    /** Gradients of the inputs given the gradient of the output; null entries mean "no gradient". */
    @FunctionalInterface
    interface Rule {
        Tensor[] apply(Tensor gradOut);
    }

    final String op;
    Variable[] inputs;
    Rule rule;

    Node(String op, Variable[] inputs, Rule rule) {
        this.op = op;
        this.inputs = inputs;
        this.rule = rule;
    }

    boolean released() {
        return rule == null;
    }

    void release() {
        inputs = null;
        rule = null;
    }
}

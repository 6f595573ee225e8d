package io.github.cola4j.autograd;

import io.github.cola4j.tensor.Storage;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The backward engine and the no-grad switch.
 *
 * <p>Backward sorts the graph topologically with an explicit stack (graphs are thousands of ops deep, far
 * beyond what recursion survives), then applies each node's rule in reverse order, summing gradients that
 * meet at a variable. Leaf variables that require gradients accumulate into {@link Variable#grad()}.
 */
public final class Autograd {
    private static final ThreadLocal<int[]> NO_GRAD_DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private Autograd() {
    }

    /** A scope in which ops record no graph. Closing it restores the previous state. */
    public static final class NoGradScope implements AutoCloseable {
        private boolean closed;

        private NoGradScope() {
            NO_GRAD_DEPTH.get()[0]++;
        }

        @Override
        public void close() {
            if (!closed) {
                closed = true;
                NO_GRAD_DEPTH.get()[0]--;
            }
        }
    }

    /**
     * Use as {@code try (var scope = Autograd.noGrad()) { ... }}: no graph is recorded inside.
     *
     * @return an open scope for this thread; close it on the same thread (scopes nest)
     */
    public static NoGradScope noGrad() {
        return new NoGradScope();
    }

    /**
     * True unless inside a {@link #noGrad()} scope on this thread.
     *
     * @return false while any {@link #noGrad()} scope of this thread is open
     */
    public static boolean isGradEnabled() {
        return NO_GRAD_DEPTH.get()[0] == 0;
    }

    /**
     * Walks the graph from {@code root} back to the leaves. Leaves keep the gradient tensor they receive instead
     * of copying it (one device launch each saved) unless its storage is the caller's (a root gradient the
     * caller passed, {@code rootOwned} false) or already went to another leaf.
     */
    static void backward(Variable root, Tensor gradRoot, boolean retainGraph, boolean rootOwned) {
        List<Variable> order = topologicalOrder(root);
        Map<Variable, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, gradRoot);
        Set<Storage> handedOut = Collections.newSetFromMap(new IdentityHashMap<>());
        if (!rootOwned) {
            handedOut.add(gradRoot.storage());
        }
        for (int i = order.size() - 1; i >= 0; i--) {
            Variable v = order.get(i);
            Tensor g = grads.remove(v);
            if (g == null) {
                continue;
            }
            Node node = v.node;
            if (node == null) {
                v.accumulateGrad(g, handedOut.add(g.storage()));
                continue;
            }
            if (node.released()) {
                throw new IllegalStateException("backward through '" + node.op + "' a second time: its graph was "
                        + "released after the first backward (pass retainGraph = true to keep it)");
            }
            Tensor[] inGrads = node.rule.apply(g);
            Variable[] inputs = node.inputs;
            if (inGrads == null || inGrads.length != inputs.length) {
                throw new IllegalStateException("backward of '" + node.op + "' returned "
                        + (inGrads == null ? "null" : inGrads.length + " gradients") + " for " + inputs.length
                        + " inputs: return one entry per input, null for an input without a gradient");
            }
            for (int k = 0; k < inputs.length; k++) {
                Variable in = inputs[k];
                if (in == null || !in.requiresGrad() || inGrads[k] == null) {
                    continue;
                }
                Tensor gk = fitted(node.op, k, in.value(), inGrads[k]);
                Tensor prev = grads.get(in);
                grads.put(in, prev == null ? gk : prev.add(gk));
            }
            if (!retainGraph) {
                node.release();
            }
        }
    }

    /**
     * The gradient an op's backward returned for input {@code k}, in the input's shape. Every gradient passes here,
     * built-in or custom, so a wrong shape fails at the op that made it rather than as a broadcast somewhere
     * upstream. The common case is one shape compare without allocation.
     */
    private static Tensor fitted(String op, int k, Tensor input, Tensor g) {
        if (sameShape(input, g)) {
            return g;
        }
        if (broadcastsTo(input, g)) {
            // a rule that left its result broadcast (PyTorch allows it): sum back over the broadcast axes
            return Variable.sumTo(g, input.shape());
        }
        throw new IllegalStateException("backward of '" + op + "' returned a gradient of shape "
                + Arrays.toString(g.shape()) + " for input " + k + " of shape " + Arrays.toString(input.shape())
                + ": a gradient must have its input's shape, or a shape the input broadcasts to");
    }

    private static boolean sameShape(Tensor a, Tensor b) {
        int r = a.rank();
        if (r != b.rank()) {
            return false;
        }
        for (int i = 0; i < r; i++) {
            if (a.dim(i) != b.dim(i)) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code a}'s shape broadcasts to {@code b}'s: no more axes, and each trailing axis equal or 1. */
    private static boolean broadcastsTo(Tensor a, Tensor b) {
        int lead = b.rank() - a.rank();
        if (lead < 0) {
            return false;
        }
        for (int i = 0; i < a.rank(); i++) {
            if (a.dim(i) != 1 && a.dim(i) != b.dim(i + lead)) {
                return false;
            }
        }
        return true;
    }

    /** Variables reachable from root that need a gradient, each after all of its inputs. */
    private static List<Variable> topologicalOrder(Variable root) {
        List<Variable> order = new ArrayList<>();
        Map<Variable, Boolean> visited = new IdentityHashMap<>();
        ArrayDeque<Variable> stack = new ArrayDeque<>();
        ArrayDeque<Integer> nextChild = new ArrayDeque<>();
        stack.push(root);
        nextChild.push(0);
        visited.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Variable v = stack.peek();
            int c = nextChild.pop();
            Variable[] inputs = v.node == null || v.node.released() ? null : v.node.inputs;
            if (inputs != null && c < inputs.length) {
                nextChild.push(c + 1);
                Variable in = inputs[c];
                if (in != null && in.requiresGrad() && visited.put(in, Boolean.TRUE) == null) {
                    stack.push(in);
                    nextChild.push(0);
                }
            } else {
                stack.pop();
                order.add(v);
            }
        }
        return order;
    }
}

package io.github.cola4j.nn;

import io.github.cola4j.autograd.Autograd;
import io.github.cola4j.autograd.Variable;
import java.util.ArrayList;
import java.util.List;

/** Modules applied in order; children are named "0", "1", ... as in PyTorch. */
public final class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    /**
     * The modules, applied in the order given.
     *
     * @param modules the layers, named "0", "1", ... in this order; none for an empty Sequential to fill with
     *     {@link #add}
     */
    public Sequential(Module... modules) {
        for (Module m : modules) {
            add(m);
        }
    }

    /**
     * Appends a module (named by its position) and returns this.
     *
     * @param m the module to run after the current last one
     * @return this Sequential, for chaining
     */
    public Sequential add(Module m) {
        registerModule(Integer.toString(layers.size()), m);
        layers.add(m);
        return this;
    }

    /**
     * The module at position {@code i}.
     *
     * @param i the position, from 0; also the module's name as a child
     * @return the module at that position
     * @throws IndexOutOfBoundsException when {@code i} is negative or not below {@link #size()}
     */
    public Module get(int i) {
        return layers.get(i);
    }

    /**
     * The number of modules.
     *
     * @return the number of modules, 0 for an empty Sequential (which returns its input unchanged)
     */
    public int size() {
        return layers.size();
    }

    @Override
    public Variable forward(Variable x) {
        Variable y = x;
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            // At inference, an evaluation-mode batch norm after a convolution is folded into its kernel and bias.
            // Modules with forward hooks are never fused: the hooks must see each one's own output.
            if (m instanceof Conv2d conv && i + 1 < layers.size() && layers.get(i + 1) instanceof BatchNorm2d bn
                    && bn.channels() == conv.outChannels() && !bn.isTraining() && !Autograd.isGradEnabled()
                    && !conv.hasForwardHooks() && !bn.hasForwardHooks()) {
                BatchNorm2d.InferenceAffine a = bn.inferenceAffine(y.value().dtype());
                // a SiLU after them is applied as the convolution writes its output
                boolean silu = i + 2 < layers.size() && layers.get(i + 2) instanceof Activation act && act.isSilu()
                        && !act.hasForwardHooks();
                y = conv.forwardFolded(y, a.scale(), a.shift(), silu);
                i += silu ? 2 : 1;
                continue;
            }
            // Batch norm in training followed by SiLU runs as one fused op where the backend has one.
            if (m instanceof BatchNorm2d bn && i + 1 < layers.size()
                    && layers.get(i + 1) instanceof Activation a && a.isSilu()
                    && !bn.hasForwardHooks() && !a.hasForwardHooks()) {
                Variable fused = bn.trainingForwardSilu(y);
                if (fused != null) {
                    y = fused;
                    i++;
                    continue;
                }
            }
            y = m.call(y);
        }
        return y;
    }

    @Override
    public String toString() {
        return "Sequential" + layers;
    }
}

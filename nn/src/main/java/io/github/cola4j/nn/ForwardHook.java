package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;

/**
 * Code run after a module's forward pass, when the module is run through {@link Module#call(Variable)}: to record
 * output shapes (as {@link Module#summary} does), inspect activations or log. Added with
 * {@link Module#addForwardHook} and removed with {@link Module#removeForwardHook}.
 */
@FunctionalInterface
public interface ForwardHook {

    /**
     * Called once per {@link Module#call(Variable)} of the module the hook is on, after its forward returned.
     *
     * @param module the module that ran
     * @param input the input it was given
     * @param output the output it returned; the hook should not change it
     */
    void afterForward(Module module, Variable input, Variable output);
}

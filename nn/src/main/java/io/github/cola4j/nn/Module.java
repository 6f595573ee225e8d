package io.github.cola4j.nn;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.MemoryScope;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A layer or a network: named parameters, named buffers (state that is saved but not trained, such as batch
 * norm's running statistics) and named child modules, in the order they were registered. Names nest with dots,
 * as in PyTorch's state dicts ({@code features.1.0.block.0.0.weight}), so weights move between the two by name.
 */
public abstract class Module {
    private final Map<String, Variable> parameters = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Set<String> integerBuffers = new LinkedHashSet<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final List<ForwardHook> forwardHooks = new ArrayList<>();
    private boolean training = true;

    /**
     * Runs the module on one input.
     *
     * @param x the input, of the shape the module expects (such as [N, C, H, W] for convolutions)
     * @return the output, linked to {@code x} and the parameters so that backward reaches them
     */
    public abstract Variable forward(Variable x);

    /**
     * Runs {@link #forward} and then this module's {@linkplain #addForwardHook forward hooks}. The library's
     * containers run their children this way, so hooks see every layer of a network; calling {@code forward}
     * directly skips the hooks (a module of your own that runs its children with {@code forward} hides them from
     * hooks and from {@link #summary}).
     *
     * @param x the input, of the shape the module expects
     * @return what {@link #forward} returned
     */
    public final Variable call(Variable x) {
        Variable y = forward(x);
        // an index loop, not an iterator: a hook may remove itself
        for (int i = 0; i < forwardHooks.size(); i++) {
            forwardHooks.get(i).afterForward(this, x, y);
        }
        return y;
    }

    /**
     * Adds a hook that runs after every {@link #call} of this module (not of its children; add one to each module
     * to watch a whole network).
     *
     * @param hook the hook; hooks run in the order they were added
     * @throws IllegalArgumentException if {@code hook} is null
     */
    public final void addForwardHook(ForwardHook hook) {
        if (hook == null) {
            throw new IllegalArgumentException("a forward hook cannot be null");
        }
        forwardHooks.add(hook);
    }

    /**
     * Removes a hook added with {@link #addForwardHook}.
     *
     * @param hook the hook to remove (its first occurrence, when added more than once)
     * @return true when the hook was on this module
     */
    public final boolean removeForwardHook(ForwardHook hook) {
        return forwardHooks.remove(hook);
    }

    /**
     * Whether any forward hook is on this module. Containers do not fuse a module that has hooks with its
     * neighbour (a convolution with the batch norm after it, say), so that the hooks see its own output.
     *
     * @return true when at least one hook was added and not removed
     */
    public final boolean hasForwardHooks() {
        return !forwardHooks.isEmpty();
    }

    /**
     * Describes this network: runs it once on zeros of {@code inputShape} in evaluation mode without recording a
     * graph, and lists every module by dotted name with its class, its output shape and the number of parameters
     * it holds itself, then the totals. Each module's training mode is restored afterwards. {@code toString()} of
     * the result is a printable table.
     *
     * @param inputShape the input's shape, batch axis included (such as 1, 3, 224, 224); the zeros have the element
     *     type of the first parameter (float32 when there is none) and live on its backend
     * @return the rows and totals; a module that did not run through {@link #call} has no output shape
     * @throws IllegalArgumentException if the forward pass fails on that shape (the failure is the cause)
     */
    public ModuleSummary summary(int... inputShape) {
        return ModuleSummary.of(this, inputShape);
    }

    /** Parameters registered on this module itself, by their own names, for {@link ModuleSummary}. */
    final Map<String, Variable> ownParameters() {
        return Collections.unmodifiableMap(parameters);
    }

    // ---------------------------------------------------------------- registration

    /**
     * Registers a trainable parameter initialised to {@code init}.
     *
     * @param name the parameter's name within this module: non-empty, without dots
     * @param init the initial value, wrapped as it is (not copied)
     * @return the new parameter, a leaf variable that wants a gradient
     * @throws IllegalArgumentException for an empty or dotted name, or one this module already uses for a
     *     parameter, buffer or child
     */
    protected final Variable registerParameter(String name, Tensor init) {
        checkName(name);
        Variable p = Variable.param(init);
        parameters.put(name, p);
        return p;
    }

    /**
     * Registers a buffer; {@code integer} buffers (counters) are saved as int64.
     *
     * @param name the buffer's name within this module: non-empty, without dots
     * @param value the initial value, kept as it is (not copied)
     * @param integer true for a counter saved as int64 (I64 in safetensors), false for a floating-point buffer
     * @throws IllegalArgumentException for an empty or dotted name, or one this module already uses for a
     *     parameter, buffer or child
     */
    protected final void registerBuffer(String name, Tensor value, boolean integer) {
        checkName(name);
        buffers.put(name, MemoryScope.retain(value)); // state outlives any memory scope
        if (integer) {
            integerBuffers.add(name);
        }
    }

    /**
     * Registers a child module and returns it.
     *
     * @param <M> the child's type
     * @param name the child's name within this module: non-empty, without dots
     * @param module the child; its parameters and buffers appear under {@code name + "."}
     * @return {@code module} itself, so that a field can be assigned in the same statement
     * @throws IllegalArgumentException for an empty or dotted name, or one this module already uses for a
     *     parameter, buffer or child
     */
    protected final <M extends Module> M registerModule(String name, M module) {
        checkName(name);
        children.put(name, module);
        return module;
    }

    private void checkName(String name) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("bad name '" + name + "': names are non-empty and have no dots");
        }
        if (parameters.containsKey(name) || buffers.containsKey(name) || children.containsKey(name)) {
            throw new IllegalArgumentException("name '" + name + "' is already registered in " + getClass().getSimpleName());
        }
    }

    /**
     * The current value of a buffer of this module, or null when there is none of that name.
     *
     * @param name the buffer's name within this module (not a dotted path into a child)
     * @return the buffer's tensor itself (not a copy), or null
     */
    protected final Tensor buffer(String name) {
        return buffers.get(name);
    }

    /**
     * Replaces the value of a registered buffer.
     *
     * @param name the name of a buffer registered on this module
     * @param value the new value, stored as it is (not copied)
     * @throws IllegalArgumentException when this module has no buffer of that name
     */
    protected final void setBuffer(String name, Tensor value) {
        if (!buffers.containsKey(name)) {
            throw new IllegalArgumentException("no buffer '" + name + "' in " + getClass().getSimpleName());
        }
        buffers.put(name, MemoryScope.retain(value)); // state outlives any memory scope
    }

    // ---------------------------------------------------------------- traversal

    /**
     * The direct children, by name.
     *
     * @return an unmodifiable view of the children, in registration order
     */
    public Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * Every parameter of this module and its descendants, by dotted name, in registration order.
     *
     * @return a new map from dotted name (such as {@code block.0.0.weight}) to parameter
     */
    public Map<String, Variable> namedParameters() {
        Map<String, Variable> out = new LinkedHashMap<>();
        collectParameters("", out);
        return out;
    }

    private void collectParameters(String prefix, Map<String, Variable> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, p));
        children.forEach((n, c) -> c.collectParameters(prefix + n + ".", out));
    }

    /**
     * Every parameter of this module and its descendants, in registration order.
     *
     * @return a new list, in the order of {@link #namedParameters()}
     */
    public List<Variable> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /**
     * Number of trainable scalars.
     *
     * @return the element count summed over every parameter of this module and its descendants
     */
    public long parameterCount() {
        long n = 0;
        for (Variable p : parameters()) {
            n += p.value().size();
        }
        return n;
    }

    /** Clears the gradients of every parameter. */
    public void zeroGrad() {
        for (Variable p : parameters()) {
            p.zeroGrad();
        }
    }

    /**
     * Training mode (batch statistics, dropout on) for this module and all descendants.
     *
     * @param on true for training mode, false for evaluation mode
     * @return this module, for chaining
     */
    public Module train(boolean on) {
        training = on;
        for (Module c : children.values()) {
            c.train(on);
        }
        return this;
    }

    /**
     * Evaluation mode: running statistics, no dropout. The same as {@code train(false)}.
     *
     * @return this module, for chaining
     */
    public Module eval() {
        return train(false);
    }

    /**
     * True in training mode, false in evaluation mode.
     *
     * @return whether this module is in training mode, where every new module starts
     */
    public boolean isTraining() {
        return training;
    }

    /**
     * Converts every parameter and buffer of this module and its descendants to {@code dtype}, in place.
     *
     * @param dtype the element type every parameter and buffer gets
     * @return this module, for chaining
     */
    public Module to(io.github.cola4j.tensor.DType dtype) {
        for (Variable p : parameters.values()) {
            p.setValue(p.value().to(dtype));
        }
        buffers.replaceAll((n, b) -> MemoryScope.retain(b.to(dtype)));
        for (Module c : children.values()) {
            c.to(dtype);
        }
        return this;
    }

    /**
     * Moves every parameter and buffer of this module and its descendants to {@code backend}, in place.
     * Tensors the module creates while running come from the default backend ({@code Backends.setDefault}),
     * so set that too when training on a device.
     *
     * @param backend the backend that holds every parameter and buffer afterwards
     * @return this module, for chaining
     */
    public Module to(io.github.cola4j.tensor.Backend backend) {
        for (Variable p : parameters.values()) {
            p.setValue(p.value().to(backend));
        }
        buffers.replaceAll((n, b) -> MemoryScope.retain(b.to(backend)));
        for (Module c : children.values()) {
            c.to(backend);
        }
        return this;
    }

    // ---------------------------------------------------------------- state

    /**
     * One entry of a state dict: a tensor, and whether it is an integer counter (saved as int64).
     *
     * @param tensor the parameter's or buffer's value
     * @param integer true for an integer counter (batch norm's {@code num_batches_tracked}), saved as I64
     */
    public record StateEntry(Tensor tensor, boolean integer) {
    }

    /**
     * Parameters and buffers by dotted name, in PyTorch's order (a module's own entries, then its children's).
     *
     * @return a new map; its tensors are the module's own, not copies, and training updates some in place (the
     *     optimisers, batch norm's running statistics), so copy them to keep a snapshot
     */
    public Map<String, StateEntry> stateDict() {
        Map<String, StateEntry> out = new LinkedHashMap<>();
        collectState("", out);
        return out;
    }

    private void collectState(String prefix, Map<String, StateEntry> out) {
        parameters.forEach((n, p) -> out.put(prefix + n, new StateEntry(p.value(), false)));
        buffers.forEach((n, b) -> out.put(prefix + n, new StateEntry(b, integerBuffers.contains(n))));
        children.forEach((n, c) -> c.collectState(prefix + n + ".", out));
    }

    /**
     * Loads values by name. Strict loading checks everything first and reports every missing, unexpected and
     * mis-shaped key in one exception, changing nothing; non-strict loading fills what matches and ignores the rest
     * (mis-shaped keys are still an error).
     *
     * @param state tensors by dotted name, as {@link #stateDict()} names them; each is converted to the type of the
     *     entry it replaces and copied
     * @param strict true to require exactly the model's keys, false to load the keys both have
     * @throws StateDictException for mis-shaped keys, and when strict also for missing or unexpected ones
     */
    public void loadStateDict(Map<String, Tensor> state, boolean strict) {
        Map<String, StateEntry> own = stateDict();
        List<String> missing = new ArrayList<>();
        List<String> unexpected = new ArrayList<>();
        List<String> misShaped = new ArrayList<>();
        for (String k : own.keySet()) {
            if (!state.containsKey(k)) {
                missing.add(k);
            }
        }
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            StateEntry mine = own.get(e.getKey());
            if (mine == null) {
                unexpected.add(e.getKey());
            } else if (!Arrays.equals(mine.tensor().shape(), e.getValue().shape())) {
                misShaped.add(e.getKey() + " (model " + Arrays.toString(mine.tensor().shape()) + ", file "
                        + Arrays.toString(e.getValue().shape()) + ")");
            }
        }
        if (!misShaped.isEmpty() || (strict && (!missing.isEmpty() || !unexpected.isEmpty()))) {
            throw new StateDictException(missing, unexpected, misShaped);
        }
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            if (own.containsKey(e.getKey())) {
                assign(e.getKey(), e.getValue());
            }
        }
    }

    private void assign(String dotted, Tensor value) {
        int dot = dotted.indexOf('.');
        if (dot >= 0) {
            children.get(dotted.substring(0, dot)).assign(dotted.substring(dot + 1), value);
            return;
        }
        Variable p = parameters.get(dotted);
        if (p != null) {
            p.setValue(value.to(p.value().dtype()).copy());
        } else {
            Tensor old = buffers.get(dotted);
            buffers.put(dotted, MemoryScope.retain(value.to(old.dtype()).copy()));
        }
    }

    @Override
    public String toString() {
        return getClass().getSimpleName();
    }
}

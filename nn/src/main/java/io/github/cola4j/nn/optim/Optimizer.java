package io.github.cola4j.nn.optim;

import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.MemoryScope;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Updates a fixed list of parameters from their gradients. {@link #step()} visits the parameters in order and
 * skips those whose gradient is null (no backward reached them since the last {@link #zeroGrad()}).
 *
 * <p>Per-parameter buffers (momentum, moment estimates) are held by name and index and exported, together with
 * the step count and the learning rate, by {@link #state()}; {@link #loadState(Map)} restores them so a run
 * resumed from a checkpoint continues with exactly the numbers it would have produced. Parameter values are
 * updated in place with {@link Tensor#assign}, so tensors that alias a parameter see the new values as in PyTorch.
 */
public abstract class Optimizer {
    /** State key of the number of {@link #step()} calls made. */
    public static final String STEP_KEY = "step";
    /** State key of the learning rate. */
    public static final String LR_KEY = "lr";

    private final List<Variable> params;
    private final Map<String, Tensor[]> buffers = new LinkedHashMap<>();
    private double lr;
    private long steps;

    /**
     * An optimiser over {@code params} (the list is copied; the parameters' gradients are left as they are).
     *
     * @param params the parameters to update, in a fixed order: a parameter's position is its index in state keys;
     *     not empty, each a leaf variable
     * @param lr the learning rate, finite and at least 0
     * @throws IllegalArgumentException when {@code params} is empty or holds null or a non-leaf, or {@code lr} is
     *     negative, infinite or NaN
     */
    protected Optimizer(List<Variable> params, double lr) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": no parameters given");
        }
        for (Variable p : params) {
            if (p == null || !p.isLeaf()) {
                throw new IllegalArgumentException(getClass().getSimpleName()
                        + ": parameters must be leaf variables, got " + p);
            }
        }
        checkLr(lr);
        this.params = List.copyOf(params);
        this.lr = lr;
    }

    private void checkLr(double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning rate must be finite and >= 0, got "
                    + v);
        }
    }

    /**
     * Registers a per-parameter buffer named {@code name} (such as {@code momentum_buffer}); entries start null
     * and are created by the subclass on first use. Returns the array the subclass reads and writes.
     *
     * @param name the name in state keys ({@code "<index>.<name>"}): without dots, neither {@value #STEP_KEY} nor
     *     {@value #LR_KEY}
     * @return a new array with one entry per parameter, in parameter order, all null
     * @throws IllegalArgumentException for a dotted or reserved name, or one already registered
     */
    protected final Tensor[] registerBuffer(String name) {
        if (name.contains(".") || buffers.containsKey(name) || name.equals(STEP_KEY) || name.equals(LR_KEY)) {
            throw new IllegalArgumentException("bad or repeated buffer name '" + name + "'");
        }
        Tensor[] b = new Tensor[params.size()];
        buffers.put(name, b);
        return b;
    }

    /** One update of every parameter that has a gradient. */
    public final void step() {
        steps++;
        int[] indices = new int[params.size()];
        Tensor[] values = new Tensor[params.size()];
        Tensor[] grads = new Tensor[params.size()];
        int count = 0;
        for (int i = 0; i < params.size(); i++) {
            Variable p = params.get(i);
            Tensor g = p.grad();
            if (g != null) {
                Tensor v = p.value();
                indices[count] = i;
                values[count] = v;
                grads[count] = g.dtype() == v.dtype() ? g : g.to(v.dtype());
                count++;
            }
        }
        updateAll(Arrays.copyOf(indices, count), Arrays.copyOf(values, count), Arrays.copyOf(grads, count));
    }

    /**
     * Updates every parameter that has a gradient this step: {@code indices[j]} is the parameter's index,
     * {@code values[j]} its value (to be written in place) and {@code grads[j]} its gradient. The default calls
     * {@link #update(int, Tensor, Tensor)} for each in order; optimisers override it to update all parameters in
     * one backend call (Adam: one device launch).
     *
     * @param indices the positions in {@link #parameters()} of the parameters that have a gradient, ascending
     * @param values their values, to be updated in place
     * @param grads their gradients, each already converted to its value's type
     */
    protected void updateAll(int[] indices, Tensor[] values, Tensor[] grads) {
        for (int j = 0; j < indices.length; j++) {
            update(indices[j], values[j], grads[j]);
        }
    }

    /**
     * Updates parameter {@code index} with value {@code value} (to be written in place) and gradient {@code grad}
     * (same type as the value).
     *
     * @param index the parameter's position in {@link #parameters()}, also its index into registered buffers
     * @param value the parameter's value, to be updated in place (with {@link Tensor#assign})
     * @param grad the gradient, of the value's shape and type
     */
    protected abstract void update(int index, Tensor value, Tensor grad);

    /** Clears the gradient of every parameter. */
    public final void zeroGrad() {
        for (Variable p : params) {
            p.zeroGrad();
        }
    }

    /**
     * The current learning rate.
     *
     * @return the rate the next {@link #step()} uses
     */
    public final double lr() {
        return lr;
    }

    /**
     * Sets the learning rate (schedulers do this).
     *
     * @param lr the rate for the following steps, finite and at least 0
     * @throws IllegalArgumentException when {@code lr} is negative, infinite or NaN
     */
    public final void setLr(double lr) {
        checkLr(lr);
        this.lr = lr;
    }

    /**
     * Number of {@link #step()} calls made (or restored).
     *
     * @return the count, which {@link #state()} saves under {@value #STEP_KEY}
     */
    public final long stepCount() {
        return steps;
    }

    /**
     * The parameters, in order.
     *
     * @return an unmodifiable copy of the list given to the constructor
     */
    public final List<Variable> parameters() {
        return params;
    }

    // ---------------------------------------------------------------- state

    /**
     * The optimiser's state: {@value #STEP_KEY} and {@value #LR_KEY} as 0-d float64 tensors, and every buffer
     * that exists as {@code "<index>.<name>"} (for example {@code "3.exp_avg"}). Buffers are copies: optimisers
     * may update their own in place, and a saved state must not change with later steps.
     *
     * @return a new map: {@value #STEP_KEY}, {@value #LR_KEY}, then each parameter's buffers and extra entries
     */
    public Map<String, Tensor> state() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put(STEP_KEY, Tensor.scalar(DType.FLOAT64, steps));
        out.put(LR_KEY, Tensor.scalar(DType.FLOAT64, lr));
        for (int i = 0; i < params.size(); i++) {
            for (Map.Entry<String, Tensor[]> e : buffers.entrySet()) {
                Tensor t = e.getValue()[i];
                if (t != null) {
                    out.put(i + "." + e.getKey(), t.copy());
                }
            }
            saveExtra(i, out);
        }
        return out;
    }

    /**
     * Restores a state produced by {@link #state()} of an optimiser of the same kind over parameters of the same
     * shapes. Everything is checked before anything changes; an unknown key, a bad index, a mis-shaped buffer, a
     * bad step count or rate, or an extra entry that {@link #checkExtra} rejects raises an exception naming all
     * problems, and the optimiser is left as it was. Buffers absent from {@code state} start afresh.
     *
     * @param state a map returned by {@link #state()}, possibly saved to a file and read back; buffers are copied
     *     to the type and backend of their parameter
     * @throws IllegalArgumentException when {@value #STEP_KEY} or {@value #LR_KEY} is missing or not a single
     *     value, the saved step count is not a whole number at least 0, the saved rate is negative or not finite,
     *     a key names no parameter or no buffer of this optimiser, a buffer's shape differs from its parameter's,
     *     or an extra entry (such as Adam's {@code "<index>.step"}) is not a single value or is rejected by
     *     {@link #checkExtra}
     */
    public void loadState(Map<String, Tensor> state) {
        List<String> problems = new ArrayList<>();
        Double savedSteps = single(state, STEP_KEY, problems);
        if (savedSteps != null && !isCount(savedSteps)) {
            problems.add("'" + STEP_KEY + "' must be a whole number >= 0, got " + savedSteps);
        }
        Double savedLr = single(state, LR_KEY, problems);
        if (savedLr != null && (!(savedLr >= 0) || Double.isInfinite(savedLr))) {
            problems.add("'" + LR_KEY + "' must be finite and >= 0, got " + savedLr);
        }
        for (Map.Entry<String, Tensor> e : state.entrySet()) {
            String k = e.getKey();
            if (k.equals(STEP_KEY) || k.equals(LR_KEY)) {
                continue;
            }
            int dot = k.indexOf('.');
            int index = dot > 0 ? parseIndex(k.substring(0, dot)) : -1;
            String name = dot > 0 ? k.substring(dot + 1) : k;
            if (index < 0 || index >= params.size()) {
                problems.add("'" + k + "' names no parameter (there are " + params.size() + ")");
            } else if (buffers.containsKey(name)) {
                int[] want = params.get(index).shape();
                if (!Arrays.equals(want, e.getValue().shape())) {
                    problems.add("'" + k + "' has shape " + Arrays.toString(e.getValue().shape())
                            + ", the parameter " + Arrays.toString(want));
                }
            } else if (!extraKeys().contains(name)) {
                problems.add("'" + k + "' is not a buffer of " + getClass().getSimpleName());
            } else if (e.getValue().size() != 1) {
                problems.add("'" + k + "' is not a single value (shape " + Arrays.toString(e.getValue().shape())
                        + ")");
            } else {
                String why = checkExtra(name, e.getValue().item());
                if (why != null) {
                    problems.add("'" + k + "' " + why);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadState: "
                    + String.join("; ", new TreeSet<>(problems)));
        }
        steps = savedSteps.longValue();
        lr = savedLr;
        for (Map.Entry<String, Tensor[]> e : buffers.entrySet()) {
            Tensor[] b = e.getValue();
            for (int i = 0; i < b.length; i++) {
                Tensor t = state.get(i + "." + e.getKey());
                Tensor v = params.get(i).value();
                b[i] = t == null ? null : MemoryScope.retain(t.to(v.dtype()).to(v.backend()).copy());
            }
        }
        for (int i = 0; i < params.size(); i++) {
            loadExtra(i, state);
        }
    }

    /** The single value under {@code key}, or null after adding a problem when it is missing or not single. */
    private static Double single(Map<String, Tensor> state, String key, List<String> problems) {
        Tensor t = state.get(key);
        if (t == null || t.size() != 1) {
            problems.add("'" + key + "' missing or not a single value");
            return null;
        }
        return t.item();
    }

    /** Whether a saved count is valid: finite, whole and at least 0. */
    static boolean isCount(double v) {
        return v >= 0 && !Double.isInfinite(v) && v == Math.rint(v);
    }

    private static int parseIndex(String s) {
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /**
     * Names of per-parameter scalar entries a subclass saves beside its buffers (such as a step count).
     *
     * @return the names without the index prefix (such as {@code "step"}); empty by default
     */
    protected List<String> extraKeys() {
        return Collections.emptyList();
    }

    /**
     * Adds a subclass's per-parameter scalar entries for parameter {@code index} to {@code out}.
     *
     * @param index the parameter's position in {@link #parameters()}
     * @param out the state being built; entries go in as {@code "<index>.<name>"}, names from {@link #extraKeys()}
     */
    protected void saveExtra(int index, Map<String, Tensor> out) {
    }

    /**
     * Checks the saved value of one of the {@link #extraKeys()} before {@link #loadState} changes anything, so that
     * {@link #loadExtra} cannot fail. The default accepts any value.
     *
     * @param name the entry's name without the index prefix, one of {@link #extraKeys()}
     * @param value the entry's single value
     * @return null when {@link #loadExtra} can restore the value, otherwise what is wrong with it, to follow the
     *     entry's key in the exception's message (such as {@code "must be a whole number >= 0, got -1.0"})
     */
    protected String checkExtra(String name, double value) {
        return null;
    }

    /**
     * Restores what {@link #saveExtra} wrote (entries are absent when it wrote none).
     *
     * @param index the parameter's position in {@link #parameters()}
     * @param state the whole state given to {@link #loadState}, already checked: each extra entry present is a
     *     single value that {@link #checkExtra} accepted
     */
    protected void loadExtra(int index, Map<String, Tensor> state) {
    }
}

package io.github.cola4j.nn;

import io.github.cola4j.autograd.Autograd;
import io.github.cola4j.autograd.Variable;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What {@link Module#summary} found: one row per module of the network, in registration order (a module before
 * its children), and the parameter totals. {@link #toString()} prints it as a table.
 */
public final class ModuleSummary {

    /**
     * One module of the network.
     *
     * @param name the dotted name, as in the state dict's keys ({@code features.1.0.block}); empty for the network
     * @param type the module's class, without its package
     * @param depth 0 for the network, 1 for its children, and so on
     * @param outputShape the shape of the module's output in the summary's forward pass, or null when it did not
     *     run through {@link Module#call} (a residual branch that is skipped, or a child its parent runs with
     *     {@code forward})
     * @param parameters the number of scalars in the parameters registered on this module itself, its children's
     *     not included
     */
    public record Row(String name, String type, int depth, int[] outputShape, long parameters) {

        /**
         * Copies the output shape, so that the row cannot change.
         *
         * @param name the dotted name, empty for the network
         * @param type the module's class, without its package
         * @param depth the nesting depth, 0 for the network
         * @param outputShape the output shape, or null when the module did not run
         * @param parameters the module's own parameter count
         */
        public Row {
            outputShape = outputShape == null ? null : outputShape.clone();
        }

        /**
         * The output shape, as a fresh copy.
         *
         * @return the output shape, or null when the module did not run
         */
        @Override
        public int[] outputShape() {
            return outputShape == null ? null : outputShape.clone();
        }
    }

    private final int[] inputShape;
    private final List<Row> rows;
    private final long totalParameters;
    private final long trainableParameters;

    private ModuleSummary(int[] inputShape, List<Row> rows, long totalParameters, long trainableParameters) {
        this.inputShape = inputShape.clone();
        this.rows = Collections.unmodifiableList(rows);
        this.totalParameters = totalParameters;
        this.trainableParameters = trainableParameters;
    }

    /** The work of {@link Module#summary}: hooks on every module, one forward pass in evaluation mode, rows. */
    static ModuleSummary of(Module root, int[] inputShape) {
        List<Row> skeleton = new ArrayList<>();
        List<Module> modules = new ArrayList<>();
        walk(root, "", 0, skeleton, modules);

        Map<Module, int[]> shapes = new IdentityHashMap<>();
        ForwardHook record = (m, in, out) -> shapes.putIfAbsent(m, out.shape());
        Map<Module, Boolean> modes = new IdentityHashMap<>();
        for (Module m : modules) {
            modes.putIfAbsent(m, m.isTraining());
            m.addForwardHook(record);
        }
        try (Autograd.NoGradScope noGrad = Autograd.noGrad()) {
            root.eval();
            root.call(Variable.constant(zeros(root, inputShape)));
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("summary: the forward pass of " + root.getClass().getSimpleName()
                    + " on zeros of shape " + Arrays.toString(inputShape) + " failed: " + e.getMessage(), e);
        } finally {
            for (Module m : modules) {
                m.removeForwardHook(record);
            }
            // parents first, so that a child's own mode wins over the parent's recursive train()
            for (Module m : modules) {
                m.train(modes.get(m));
            }
        }

        List<Row> rows = new ArrayList<>(skeleton.size());
        for (int i = 0; i < skeleton.size(); i++) {
            Row r = skeleton.get(i);
            rows.add(new Row(r.name(), r.type(), r.depth(), shapes.get(modules.get(i)), r.parameters()));
        }
        // a parameter shared by two modules is counted once
        Set<Variable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        long total = 0;
        long trainable = 0;
        for (Variable p : root.parameters()) {
            if (seen.add(p)) {
                total += p.value().size();
                trainable += p.requiresGrad() ? p.value().size() : 0;
            }
        }
        return new ModuleSummary(inputShape, rows, total, trainable);
    }

    /** Rows without output shapes, and the module of each, in pre-order. */
    private static void walk(Module m, String name, int depth, List<Row> rows, List<Module> modules) {
        long own = 0;
        for (Variable p : m.ownParameters().values()) {
            own += p.value().size();
        }
        rows.add(new Row(name, m.getClass().getSimpleName(), depth, null, own));
        modules.add(m);
        for (Map.Entry<String, Module> c : m.children().entrySet()) {
            walk(c.getValue(), name.isEmpty() ? c.getKey() : name + "." + c.getKey(), depth + 1, rows, modules);
        }
    }

    private static Tensor zeros(Module root, int[] shape) {
        List<Variable> params = root.parameters();
        if (params.isEmpty()) {
            return Tensor.zeros(DType.FLOAT32, shape);
        }
        Tensor p = params.get(0).value();
        return Tensor.zeros(p.dtype(), shape).to(p.backend());
    }

    /**
     * The input shape the summary ran on.
     *
     * @return a fresh copy of the shape given to {@link Module#summary}
     */
    public int[] inputShape() {
        return inputShape.clone();
    }

    /**
     * Every module of the network, the network itself first, each before its children.
     *
     * @return an unmodifiable list of rows
     */
    public List<Row> rows() {
        return rows;
    }

    /**
     * The row of one module.
     *
     * @param name the module's dotted name, empty for the network
     * @return its row
     * @throws IllegalArgumentException if the network has no module of that name
     */
    public Row row(String name) {
        for (Row r : rows) {
            if (r.name().equals(name)) {
                return r;
            }
        }
        throw new IllegalArgumentException("no module named '" + name + "' in this summary");
    }

    /**
     * Scalars in all parameters of the network, each parameter counted once.
     *
     * @return the total parameter count
     */
    public long totalParameters() {
        return totalParameters;
    }

    /**
     * Scalars in the parameters that take gradients.
     *
     * @return the trainable parameter count
     */
    public long trainableParameters() {
        return trainableParameters;
    }

    /**
     * The summary as a table: one line per module, indented by depth, with class, output shape ("-" for a module
     * that did not run) and own parameter count, then the totals.
     *
     * @return a multi-line string ending in a newline
     */
    @Override
    public String toString() {
        String[][] cells = new String[rows.size() + 1][];
        cells[0] = new String[] {"module", "type", "output shape", "own parameters"};
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            cells[i + 1] = new String[] {
                "  ".repeat(r.depth()) + (r.name().isEmpty() ? "(network)" : r.name()),
                r.type(),
                r.outputShape() == null ? "-" : Arrays.toString(r.outputShape()),
                String.format(Locale.ROOT, "%,d", r.parameters())};
        }
        int[] width = new int[4];
        for (String[] line : cells) {
            for (int c = 0; c < 4; c++) {
                width[c] = Math.max(width[c], line[c].length());
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("input shape ").append(Arrays.toString(inputShape)).append('\n');
        for (String[] line : cells) {
            for (int c = 0; c < 3; c++) {
                sb.append(line[c]).append(" ".repeat(width[c] - line[c].length() + 2));
            }
            // counts are right-aligned, so their digits line up
            sb.append(" ".repeat(width[3] - line[3].length())).append(line[3]).append('\n');
        }
        sb.append(String.format(Locale.ROOT, "total parameters: %,d\n", totalParameters));
        sb.append(String.format(Locale.ROOT, "trainable parameters: %,d\n", trainableParameters));
        return sb.toString();
    }
}

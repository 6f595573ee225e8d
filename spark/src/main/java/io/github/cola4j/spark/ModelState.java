package io.github.cola4j.spark;

import io.github.cola4j.nn.Module;
import io.github.cola4j.tensor.Tensor;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A model's parameters and buffers as plain arrays, in state-dict order: what the driver broadcasts to the workers
 * at every step (float32 values; batch norm's counter travels as a float, exact below 2^24 steps).
 *
 * @serial exclude
 */
public final class ModelState implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final int[][] shapes;
    private final float[][] values;

    private ModelState(String[] names, int[][] shapes, float[][] values) {
        this.names = names;
        this.shapes = shapes;
        this.values = values;
    }

    /**
     * A copy of {@code module}'s state.
     *
     * @param module the model
     * @return its parameters and buffers, copied to the host
     */
    public static ModelState of(Module module) {
        Map<String, Module.StateEntry> state = module.stateDict();
        String[] names = new String[state.size()];
        int[][] shapes = new int[names.length][];
        float[][] values = new float[names.length][];
        int i = 0;
        for (Map.Entry<String, Module.StateEntry> e : state.entrySet()) {
            names[i] = e.getKey();
            shapes[i] = e.getValue().tensor().shape();
            values[i] = e.getValue().tensor().toFloatArray();
            i++;
        }
        return new ModelState(names, shapes, values);
    }

    /**
     * Loads this state into a model of the same shape.
     *
     * @param module the replica; every name must match (strict loading)
     */
    public void loadInto(Module module) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            m.put(names[i], tensor(values[i], shapes[i]));
        }
        module.loadStateDict(m, true);
    }

    /**
     * A float32 tensor of any shape, 0-d (batch norm's counter) included.
     *
     * @param values the elements, C order
     * @param shape the dimensions; none for a 0-d tensor
     * @return the tensor
     */
    static Tensor tensor(float[] values, int[] shape) {
        return shape.length == 0 ? Tensor.scalar(io.github.cola4j.tensor.DType.FLOAT32, values[0])
                : Tensor.of(values, shape);
    }

    /**
     * Number of entries.
     *
     * @return parameters plus buffers
     */
    public int size() {
        return names.length;
    }
}

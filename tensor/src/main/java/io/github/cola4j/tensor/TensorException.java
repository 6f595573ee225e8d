package io.github.cola4j.tensor;

import java.util.Arrays;

/**
 * Thrown when an op is given tensors it cannot work on: mismatched shapes or types, bad axes or arguments.
 * The message always names the op and the shapes at fault.
 */
public class TensorException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /**
     * An exception with a message that names the op and the shapes at fault.
     *
     * @param message the full message, starting with the op's name
     */
    public TensorException(String message) {
        super(message);
    }

    /**
     * "op: message (shapes [2, 3] and [4])".
     *
     * @param op name of the op at fault
     * @param message what is wrong
     * @param shapes the shapes at fault, listed in order; one gives "(shape [2, 3])"
     * @return a new exception, for the caller to throw
     */
    public static TensorException shapes(String op, String message, int[]... shapes) {
        StringBuilder sb = new StringBuilder(op).append(": ").append(message).append(" (shape");
        sb.append(shapes.length == 1 ? " " : "s ");
        for (int i = 0; i < shapes.length; i++) {
            if (i > 0) {
                sb.append(i == shapes.length - 1 ? " and " : ", ");
            }
            sb.append(Arrays.toString(shapes[i]));
        }
        return new TensorException(sb.append(')').toString());
    }
}

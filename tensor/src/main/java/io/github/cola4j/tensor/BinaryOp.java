package io.github.cola4j.tensor;

/** Element-wise ops of two tensors, broadcast by NumPy rules. Comparisons give 1 or 0. */
public enum BinaryOp {
    /** a + b. */
    ADD,
    /** a - b. */
    SUB,
    /** a * b. */
    MUL,
    /** a / b (IEEE division: dividing by 0 gives infinity or NaN). */
    DIV,
    /** a raised to the power b. */
    POW,
    /** The larger of a and b; a NaN in either gives NaN. */
    MAXIMUM,
    /** The smaller of a and b; a NaN in either gives NaN. */
    MINIMUM,
    /** 1 where a &gt; b, else 0. */
    GT,
    /** 1 where a &gt;= b, else 0. */
    GE,
    /** 1 where a &lt; b, else 0. */
    LT,
    /** 1 where a &lt;= b, else 0. */
    LE,
    /** 1 where a == b, else 0. */
    EQ,
    /** a * silu'(b): the gradient a sent back through SiLU at b, fused into one pass. */
    SILU_BACKWARD,
    /**
     * a * b * (1 - b): the gradient a sent back through the sigmoid whose output is b, fused into one pass (the
     * composition takes four).
     */
    SIGMOID_BACKWARD;

    /**
     * Applies the op to one pair of values, in double precision.
     *
     * @param a the left operand
     * @param b the right operand (the exponent for POW, the point SiLU is differentiated at for SILU_BACKWARD,
     *     the sigmoid's output for SIGMOID_BACKWARD)
     * @return the result; 1 or 0 for the comparisons
     */
    public double apply(double a, double b) {
        switch (this) {
            case ADD: return a + b;
            case SUB: return a - b;
            case MUL: return a * b;
            case DIV: return a / b;
            case POW: return Math.pow(a, b);
            case MAXIMUM: return a >= b || Double.isNaN(a) ? a : b;
            case MINIMUM: return a <= b || Double.isNaN(a) ? a : b;
            case GT: return a > b ? 1 : 0;
            case GE: return a >= b ? 1 : 0;
            case LT: return a < b ? 1 : 0;
            case LE: return a <= b ? 1 : 0;
            case EQ: return a == b ? 1 : 0;
            case SILU_BACKWARD: return a * UnaryOp.SILU_GRAD.apply(b, 0, 0);
            case SIGMOID_BACKWARD: return a * (b * (1 - b));
            default: throw new AssertionError(this);
        }
    }
}

package io.github.cola4j.tensor;

/** Element-wise ops of one tensor; some take scalar parameters {@code p} and {@code q}. */
public enum UnaryOp {
    /** -x. */
    NEG,
    /** e^x. */
    EXP,
    /** Natural logarithm of x (NaN below 0, -infinity at 0). */
    LOG,
    /** Square root of x (NaN below 0). */
    SQRT,
    /** |x|. */
    ABS,
    /** -1, 0 or 1 by the sign of x (0 stays signed, NaN stays NaN). */
    SIGN,
    /** 1 / (1 + e^-x), computed without overflow. */
    SIGMOID,
    /** Hyperbolic tangent. */
    TANH,
    /** max(x, 0). */
    RELU,
    /** x * sigmoid(x) (also called swish). */
    SILU,
    /** Derivative of SiLU: s(x) (1 + x (1 - s(x))). */
    SILU_GRAD,
    /** 1 where x &gt; 0, else 0: the derivative of ReLU. */
    STEP,
    /** x raised to the constant power p. */
    POW_SCALAR,
    /** x + p. */
    ADD_SCALAR,
    /** x * p. */
    MUL_SCALAR,
    /** min(max(x, p), q). */
    CLAMP,
    /** 1 where p &lt;= x &lt;= q, else 0: the derivative of CLAMP. */
    IN_RANGE;

    /**
     * Applies the op to one value, in double precision.
     *
     * @param x the input value
     * @param p the first scalar parameter: the exponent, addend, factor or lower limit; ignored by the other ops
     * @param q the second scalar parameter: the upper limit of CLAMP and IN_RANGE; ignored by the other ops
     * @return the result
     */
    public double apply(double x, double p, double q) {
        switch (this) {
            case NEG: return -x;
            case EXP: return Math.exp(x);
            case LOG: return Math.log(x);
            case SQRT: return Math.sqrt(x);
            case ABS: return Math.abs(x);
            case SIGN: return Math.signum(x);
            case SIGMOID: return sigmoid(x);
            case TANH: return Math.tanh(x);
            case RELU: return x > 0 ? x : 0.0;
            case SILU: return x * sigmoid(x);
            case SILU_GRAD: {
                double s = sigmoid(x);
                return s * (1 + x * (1 - s));
            }
            case STEP: return x > 0 ? 1.0 : 0.0;
            case POW_SCALAR: return Math.pow(x, p);
            case ADD_SCALAR: return x + p;
            case MUL_SCALAR: return x * p;
            case CLAMP: return Math.min(Math.max(x, p), q);
            case IN_RANGE: return x >= p && x <= q ? 1.0 : 0.0;
            default: throw new AssertionError(this);
        }
    }

    /**
     * A sigmoid that never overflows: exp of a non-positive number only.
     *
     * @param x any value
     * @return 1 / (1 + e^-x), in [0, 1]
     */
    public static double sigmoid(double x) {
        if (x >= 0) {
            return 1.0 / (1.0 + Math.exp(-x));
        }
        double e = Math.exp(x);
        return e / (1.0 + e);
    }
}

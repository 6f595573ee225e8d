package io.github.cola4j.tensor;

/** Element type of a tensor: float32 for work, float64 for exact checking (gradcheck). */
public enum DType {
    /** 32-bit IEEE float, 4 bytes per element. */
    FLOAT32(4),
    /** 64-bit IEEE float, 8 bytes per element. */
    FLOAT64(8);

    private final int bytes;

    DType(int bytes) {
        this.bytes = bytes;
    }

    /**
     * Size of one element in bytes.
     *
     * @return 4 for FLOAT32, 8 for FLOAT64
     */
    public int bytes() {
        return bytes;
    }

    /**
     * The wider of two types: float64 wins, as in PyTorch's type promotion for floats.
     *
     * @param a one operand's type
     * @param b the other operand's type
     * @return FLOAT64 if either is FLOAT64, else FLOAT32
     */
    public static DType promote(DType a, DType b) {
        return a == FLOAT64 || b == FLOAT64 ? FLOAT64 : FLOAT32;
    }
}

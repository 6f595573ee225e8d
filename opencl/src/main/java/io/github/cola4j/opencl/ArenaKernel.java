package io.github.cola4j.opencl;

import com.aparapi.Kernel;

/**
 * The root of the backend's one Aparapi kernel: the arena, the small arrays that travel with a launch, the
 * work-group memory, the shared helpers and the copies (fill, upload, download, strided copy). Each kernel family
 * adds its code and its named arguments in a subclass ({@link ElementwiseKernels}, {@link ReductionKernels},
 * {@link GemmKernels}, {@link WindowKernels}, {@link BatchNormKernels}, {@link TrainingKernels}); the last one,
 * {@link DeviceKernel}, picks the op in {@code run()}. Aparapi compiles the whole chain into one OpenCL program
 * and one set of device buffers, so every family reads and writes the same arena.
 *
 * <p>Kernel code rules (Aparapi translates the bytecode): float math only through {@code Kernel}'s methods
 * ({@code exp}, {@code sqrt}...), no double values, no objects, no {@code switch}, no {@code break} or
 * {@code continue}. Every work item of a work group reaches the same barriers. Fields read by kernel code are
 * kernel arguments (primitives, sent on every launch) or device buffers (primitive arrays); their names must not
 * be OpenCL keywords or built-in functions.
 */
abstract class ArenaKernel extends Kernel {
    /** Most axes of a strided view described in {@link #meta}. */
    static final int MAX_RANK = 8;
    /** meta layout: [0] rank, [1..8] shape, [9..16] strides of A, [17..24] of B, [25..32] of C. */
    static final int META_SHAPE = 1;
    /** First stride of operand A in {@link #meta}. */
    static final int META_A = 9;
    /** First stride of operand B in {@link #meta}. */
    static final int META_B = 17;
    /** First stride of operand C (the output) in {@link #meta}. */
    static final int META_C = 25;
    /** Reductions: [40] rank of the reduced axes, [41..48] their sizes, [49..56] their strides in x. */
    static final int META_RED_RANK = 40;
    /** First size of the reduced axes in {@link #meta}. */
    static final int META_RED_SHAPE = 41;
    /** First stride in x of the reduced axes in {@link #meta}. */
    static final int META_RED_A = 49;
    /** Length of {@link #meta}. */
    static final int META_SIZE = 64;

    /**
     * Multi-tensor ops (Adam, sum of squares, scaling) walk a table of segments, {@link #SEG} ints each in
     * {@link #segs}: [0..3] arena offsets (Adam: parameter, gradient, first moment, second moment; sum of squares:
     * tensor, size; scaling: source, destination) and [4] the segment's first global index (Adam, scaling) or
     * first work group (sum of squares), ascending.
     */
    static final int SEG = 5;
    /** Adam's scalars in {@link #scal}: [0] beta1 [1] 1-beta1 [2] beta2 [3] 1-beta2 [4] eps [5] decay [6] shrink. */
    static final int SCAL_HEADER = 8;

    /** Side of a square SGEMM tile; work groups are TILE x TILE. */
    static final int TILE = 16;
    /** Side of the output block of one TILE x TILE work group in the register-blocked SGEMM (4 x 4 per item). */
    static final int BLOCK = 64;
    /** Depth (k values) of the A and B panels the register-blocked SGEMM stages per step. */
    static final int BLOCK_K = 16;
    /** Row length of a staged panel in local memory: BLOCK plus one float of padding against bank conflicts. */
    static final int BLOCK_LD = BLOCK + 1;
    /** Work-group size of the reductions (one group per output). */
    static final int GROUP = 128;
    /** Reductions over at most this many elements per output use one work item per output instead. */
    static final int SMALL_REDUCTION = 64;
    /** Work-group size of the element-wise launches. */
    static final int WIDTH = 64;
    /** Elements one work group of the sum of squares covers. */
    static final int SQ_CHUNK = GROUP * 32;
    /** The most negative float, the start of a maximum (Aparapi has no {@code Float.NEGATIVE_INFINITY}). */
    static final float LOWEST = -3.4028235e38f;
    /** The largest float, the start of a minimum. */
    static final float HIGHEST = 3.4028235e38f;

    /** The arena: every float32 tensor of the backend, at its own offset. */
    float[] mem;
    /** Host staging for uploads and downloads; rebound per transfer to an array of the transfer's size. */
    float[] stage = new float[1];
    /** Shapes and strides of a strided launch (layout above); the host {@code put}s it before such a launch. */
    int[] meta = new int[META_SIZE];
    /** The segment table of a multi-tensor op; rebound only when it has to grow. */
    int[] segs = new int[SEG];
    /** Float parameters of a multi-tensor op: Adam's header, then per segment the step size and 1/sqrt(bias2). */
    float[] scal = new float[SCAL_HEADER + 2];

    /** SGEMM panels: TILE x TILE tiles for the tiled SGEMM, BLOCK_K x BLOCK_LD panels for the blocked one. */
    @Local final float[] tileA = new float[BLOCK_K * BLOCK_LD];
    /** The B panel of the SGEMMs. */
    @Local final float[] tileB = new float[BLOCK_K * BLOCK_LD];
    /** Work-group partials of the reductions. */
    @Local final float[] red = new float[GROUP];
    /** Second work-group partials, for reductions of two sums at once. */
    @Local final float[] red2 = new float[GROUP];

    /**
     * Integer argument slots of a launch. Each kernel family names the slots its kernels read through accessor
     * methods ({@code gemmM()}, {@code bnChannels()}...) and the host sets them through the matching setters
     * ({@code setGemmM}...) or grouped setters ({@code gemmShape}...); families share the slots, and every launch
     * sets all the slots its kernel reads. Aparapi passes every field as a kernel argument and copies each one
     * per work item on a CPU device, so a few shared slots cost far less than a field per argument.
     */
    int arg0;
    int arg1;
    int arg2;
    int arg3;
    int arg4;
    int arg5;
    int arg6;
    int arg7;
    int arg8;
    int arg9;
    int arg10;
    int arg11;
    int arg12;
    int arg13;
    int arg14;
    int arg15;
    int arg16;
    int arg17;
    int arg18;
    int arg19;
    int arg20;
    int arg21;
    int arg22;
    int arg23;
    /** Float argument slots, as {@link #arg0}. */
    float farg0;
    float farg1;
    float farg2;
    float farg3;

    /** The op of the next launch, one of {@link DeviceKernel}'s {@code OP_} codes. */
    int op;
    /** Work items that do work (element-wise launches round the range up to {@link #WIDTH}). */
    int items;

    /** Fill and copies: arena offset read from (copy, download). */
    final int copySrc() {
        return arg0;
    }

    /** Fill and copies: arena offset written to (fill, upload, copy). */
    final int copyDst() {
        return arg1;
    }

    /** Fill: the value written. */
    final float fillValue() {
        return farg0;
    }

    /** Sets {@link #fillValue()}. */
    final void setFillValue(float v) {
        farg0 = v;
    }

    ArenaKernel(int capacity) {
        mem = new float[Math.max(1, capacity)];
    }

    // ---------------------------------------------------------------- host-side argument setters

    /**
     * Arguments of a copy launch.
     *
     * @param count elements
     * @param src arena offset of the first source element (strides in meta A)
     * @param dst arena offset of the first destination element (strides in meta C)
     */
    final void copyArgs(int count, int src, int dst) {
        items = count;
        arg0 = src;
        arg1 = dst;
    }

    // ---------------------------------------------------------------- copies

    final void fill() {
        int i = getGlobalId();
        if (i < items) {
            mem[copyDst() + i] = fillValue();
        }
    }

    final void upload() {
        int i = getGlobalId();
        if (i < items) {
            mem[copyDst() + i] = stage[i];
        }
    }

    final void download() {
        int i = getGlobalId();
        if (i < items) {
            stage[i] = mem[copySrc() + stridedOffset(i, META_A)];
        }
    }

    final void copyStrided() {
        int i = getGlobalId();
        if (i < items) {
            mem[copyDst() + stridedOffset(i, META_C)] = mem[copySrc() + stridedOffset(i, META_A)];
        }
    }

    // ---------------------------------------------------------------- shared helpers

    /** Offset of element {@code i} (row-major over meta's shape) under the strides at {@code strideBase}. */
    final int stridedOffset(int i, int strideBase) {
        int rank = meta[0];
        int rem = i;
        int off = 0;
        for (int d = rank - 1; d >= 0; d--) {
            int size = meta[META_SHAPE + d];
            off += (rem % size) * meta[strideBase + d];
            rem = rem / size;
        }
        return off;
    }

    final float sigmoid(float v) {
        float e = exp(-abs(v));
        float s = 1f / (1f + e);
        return v >= 0f ? s : e * s;
    }

    final float siluGrad(float v) {
        float s = sigmoid(v);
        return s * (1f + v * (1f - s));
    }

    /**
     * Tree reduction of red[] (and red2[] when {@code both} is 1) within a work group; {@code kind} one of the
     * {@link ReductionKernels} codes (max and min keep a NaN once they meet one, the others sum).
     */
    final void reduceLocal(int l, int kind, int both) {
        for (int s = GROUP / 2; s > 0; s = s / 2) {
            if (l < s) {
                float a = red[l];
                float b = red[l + s];
                if (kind == ReductionKernels.REDUCE_MAX) {
                    red[l] = a >= b || a != a ? a : b;
                } else if (kind == ReductionKernels.REDUCE_MIN) {
                    red[l] = a <= b || a != a ? a : b;
                } else {
                    red[l] = a + b;
                }
                if (both == 1) {
                    red2[l] = red2[l] + red2[l + s];
                }
            }
            localBarrier();
        }
    }
}

package io.github.cola4j.opencl;

import com.aparapi.Kernel;

/**
 * Every device op in one Aparapi kernel. Aparapi ties a device buffer to an array field of one kernel instance,
 * so all float32 tensors live in one arena ({@link #mem}) at offsets, and the op is chosen by {@link #op}: the
 * output of one launch is the input of the next without leaving the device. Aparapi turns this class into one
 * OpenCL program, compiled once per kernel instance.
 *
 * <p>Kernel code rules (Aparapi translates the bytecode): float math only through {@code Kernel}'s methods
 * ({@code exp}, {@code sqrt}...), no double values, no objects, no {@code switch}, no {@code break} or
 * {@code continue}. Every work item of a work group reaches the same barriers.
 *
 * <p>Small integer parameters travel as int fields (kernel arguments, sent on every launch); shapes and strides
 * of up to {@link #MAX_RANK} axes travel in {@link #meta}, which the host {@code put}s before a launch that
 * needs it.
 */
final class DeviceKernel extends Kernel {
    static final int OP_FILL = 1;
    static final int OP_UPLOAD = 2;
    static final int OP_DOWNLOAD = 3;
    static final int OP_COPY = 4;
    static final int OP_UNARY = 5;
    static final int OP_BINARY = 6;
    static final int OP_REDUCE = 7;
    static final int OP_SOFTMAX = 8;
    static final int OP_GEMM = 9;
    static final int OP_CONV = 10;
    static final int OP_CONV_BACK_INPUT = 11;
    static final int OP_CONV_BACK_WEIGHT = 12;
    static final int OP_BN_STATS = 13;
    static final int OP_BN_APPLY = 14;
    static final int OP_BN_BACK_STATS = 15;
    static final int OP_BN_BACK_APPLY = 16;
    static final int OP_ADAM = 17;
    static final int OP_SUM_SQUARES = 18;
    static final int OP_GEMM_BLOCKED = 21;
    static final int OP_BN_RUNNING_STATS = 22;
    static final int OP_SCALE_ALL = 23;
    static final int OP_BN_EVAL = 24;
    static final int OP_ARGMAX = 25;
    static final int OP_POOL = 26;
    static final int OP_POOL_BACK = 27;
    static final int OP_BINARY_SIMPLE = 28;
    static final int OP_REDUCE_SMALL = 29;

    /** Names of the ops by code, for launch statistics. */
    static final String[] OP_NAMES = {"none", "fill", "upload", "download", "copy", "unary", "binary", "reduce",
        "softmax", "gemm", "conv", "convBackInput", "convBackWeight", "bnStats", "bnApply", "bnBackStats",
        "bnBackApply", "adam", "sumSquares", "crossEntropyRows", "crossEntropyMean", "gemmBlocked", "bnRunningStats",
        "scaleAll", "bnEval", "argmax", "pool", "poolBackward",
        "binarySimple", "reduceSmall"};

    static final int MAX_RANK = 8;
    /** meta layout: [0] rank, [1..8] shape, [9..16] strides of A, [17..24] of B, [25..32] of C. */
    static final int META_SHAPE = 1;
    static final int META_A = 9;
    static final int META_B = 17;
    static final int META_C = 25;
    /** Reductions: [40] rank of the reduced axes, [41..48] their sizes, [49..56] their strides in x. */
    static final int META_RED_RANK = 40;
    static final int META_RED_SHAPE = 41;
    static final int META_RED_A = 49;
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

    // reduce kinds (match io.github.cola4j.tensor.ReduceOp ordinals)
    static final int RED_SUM = 0;
    static final int RED_MEAN = 1;
    static final int RED_MAX = 2;
    static final int RED_MIN = 3;

    /** The arena: every float32 tensor of the backend, at its own offset. */
    float[] mem;
    /** Host staging for uploads and downloads; rebound per transfer to an array of the transfer's size. */
    float[] stage = new float[1];
    int[] meta = new int[META_SIZE];
    /** The segment table of a multi-tensor op; rebound only when it has to grow. */
    int[] segs = new int[SEG];
    /** Float parameters of a multi-tensor op: Adam's header, then per segment the step size and 1/sqrt(bias2). */
    float[] scal = new float[SCAL_HEADER + 2];

    /** SGEMM panels: TILE x TILE tiles for {@link #OP_GEMM}, BLOCK_K x BLOCK_LD panels for the blocked one. */
    @Local final float[] tileA = new float[BLOCK_K * BLOCK_LD];
    @Local final float[] tileB = new float[BLOCK_K * BLOCK_LD];
    @Local final float[] red = new float[GROUP];
    @Local final float[] red2 = new float[GROUP];

    int op;
    int sub;
    int n;
    int oa;
    int ob;
    int oc;
    int od;
    int oe;
    int of;
    int i0;
    int i1;
    int i2;
    int i3;
    int i4;
    int i5;
    int i6;
    int i7;
    int i8;
    int i9;
    int i10;
    int i11;
    int i12;
    int i13;
    int i14;
    int i15;
    int i16;
    float p;
    float q;
    float r;

    DeviceKernel(int capacity) {
        mem = new float[Math.max(1, capacity)];
    }

    @Override
    public void run() {
        if (op == OP_FILL) {
            fill();
        } else if (op == OP_UPLOAD) {
            upload();
        } else if (op == OP_DOWNLOAD) {
            download();
        } else if (op == OP_COPY) {
            copyStrided();
        } else if (op == OP_UNARY) {
            unary();
        } else if (op == OP_BINARY) {
            binary();
        } else if (op == OP_REDUCE) {
            reduce();
        } else if (op == OP_SOFTMAX) {
            softmax();
        } else if (op == OP_GEMM) {
            gemm();
        } else if (op == OP_GEMM_BLOCKED) {
            gemmBlocked();
        } else if (op == OP_CONV) {
            conv();
        } else if (op == OP_CONV_BACK_INPUT) {
            convBackInput();
        } else if (op == OP_CONV_BACK_WEIGHT) {
            convBackWeight();
        } else if (op == OP_BN_STATS) {
            bnStats();
        } else if (op == OP_BN_APPLY) {
            bnApply();
        } else if (op == OP_BN_BACK_STATS) {
            bnBackStats();
        } else if (op == OP_BN_BACK_APPLY) {
            bnBackApply();
        } else if (op == OP_ADAM) {
            adam();
        } else if (op == OP_SUM_SQUARES) {
            sumSquares();
        } else if (op == OP_CE_ROWS) {
            ceRows();
        } else if (op == OP_CE_REDUCE) {
            ceReduce();
        } else if (op == OP_BN_RUNNING_STATS) {
            bnRunningStats();
        } else if (op == OP_SCALE_ALL) {
            scaleAll();
        } else if (op == OP_BN_EVAL) {
            bnEval();
        } else if (op == OP_ARGMAX) {
            argmax();
        } else if (op == OP_POOL) {
            pool();
        } else if (op == OP_POOL_BACK) {
            poolBackward();
        } else if (op == OP_BINARY_SIMPLE) {
            binarySimple();
        } else if (op == OP_REDUCE_SMALL) {
            reduceSmall();
        }
    }

    // ---------------------------------------------------------------- copies

    private void fill() {
        int i = getGlobalId();
        if (i < n) {
            mem[oc + i] = p;
        }
    }

    private void upload() {
        int i = getGlobalId();
        if (i < n) {
            mem[oc + i] = stage[i];
        }
    }

    /** Offset of element {@code i} (row-major over meta's shape) under the strides at {@code base}. */
    private int stridedOffset(int i, int strideBase) {
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

    private void download() {
        int i = getGlobalId();
        if (i < n) {
            stage[i] = mem[oa + stridedOffset(i, META_A)];
        }
    }

    private void copyStrided() {
        int i = getGlobalId();
        if (i < n) {
            mem[oc + stridedOffset(i, META_C)] = mem[oa + stridedOffset(i, META_A)];
        }
    }

    // ---------------------------------------------------------------- element-wise

    private float sigmoid(float v) {
        float e = exp(-abs(v));
        float s = 1f / (1f + e);
        return v >= 0f ? s : e * s;
    }

    private float siluGrad(float v) {
        float s = sigmoid(v);
        return s * (1f + v * (1f - s));
    }

    /** Sub-ops are the ordinals of io.github.cola4j.tensor.UnaryOp. */
    private float unaryValue(int code, float x) {
        float y = 0f;
        if (code == 0) {
            y = -x;
        } else if (code == 1) {
            y = exp(x);
        } else if (code == 2) {
            y = log(x);
        } else if (code == 3) {
            y = sqrt(x);
        } else if (code == 4) {
            y = abs(x);
        } else if (code == 5) {
            y = x > 0f ? 1f : (x < 0f ? -1f : x);
        } else if (code == 6) {
            y = sigmoid(x);
        } else if (code == 7) {
            y = tanh(x);
        } else if (code == 8) {
            y = x > 0f ? x : (x != x ? x : 0f);
        } else if (code == 9) {
            y = x * sigmoid(x);
        } else if (code == 10) {
            y = siluGrad(x);
        } else if (code == 11) {
            y = x > 0f ? 1f : 0f;
        } else if (code == 12) {
            y = pow(x, p);
        } else if (code == 13) {
            y = x + p;
        } else if (code == 14) {
            y = x * p;
        } else if (code == 15) {
            float lo = x < p ? p : x;
            y = lo > q ? q : lo;
        } else if (code == 16) {
            y = x >= p && x <= q ? 1f : 0f;
        }
        return y;
    }

    private void unary() {
        int i = getGlobalId();
        if (i < n) {
            mem[oc + i] = unaryValue(sub, mem[oa + i]);
        }
    }

    /** Sub-ops are the ordinals of io.github.cola4j.tensor.BinaryOp. */
    private float binaryValue(int code, float a, float b) {
        float y = 0f;
        if (code == 0) {
            y = a + b;
        } else if (code == 1) {
            y = a - b;
        } else if (code == 2) {
            y = a * b;
        } else if (code == 3) {
            y = a / b;
        } else if (code == 4) {
            y = pow(a, b);
        } else if (code == 5) {
            y = a >= b || a != a ? a : b;
        } else if (code == 6) {
            y = a <= b || a != a ? a : b;
        } else if (code == 7) {
            y = a > b ? 1f : 0f;
        } else if (code == 8) {
            y = a >= b ? 1f : 0f;
        } else if (code == 9) {
            y = a < b ? 1f : 0f;
        } else if (code == 10) {
            y = a <= b ? 1f : 0f;
        } else if (code == 11) {
            y = a == b ? 1f : 0f;
        } else if (code == 12) {
            y = a * siluGrad(b);
        }
        return y;
    }

    private void binary() {
        int i = getGlobalId();
        if (i < n) {
            float a = mem[oa + stridedOffset(i, META_A)];
            float b = mem[ob + stridedOffset(i, META_B)];
            mem[oc + i] = binaryValue(sub, a, b);
        }
    }

    /**
     * The binary op when each operand's element for output i sits at {@code (i / div) % mod} of its dense storage
     * (same shape: div 1, mod n; a per-channel vector: div H*W, mod C; a scalar: mod 1): no meta, no per-axis
     * index arithmetic. a: oa, i0 div, i1 mod; b: ob, i2 div, i3 mod.
     */
    private void binarySimple() {
        int i = getGlobalId();
        if (i < n) {
            mem[oc + i] = binaryValue(sub, mem[oa + (i / i0) % i1], mem[ob + (i / i2) % i3]);
        }
    }

    // ---------------------------------------------------------------- reductions

    /** Tree reduction of red[] (and red2[] when {@code both}) within a work group; kind as RED_*. */
    private void reduceLocal(int l, int kind, int both) {
        for (int s = GROUP / 2; s > 0; s = s / 2) {
            if (l < s) {
                float a = red[l];
                float b = red[l + s];
                if (kind == RED_MAX) {
                    red[l] = a >= b || a != a ? a : b;
                } else if (kind == RED_MIN) {
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

    /** The start value of the reduction {@code sub}: the identity of sum, max or min. */
    private float reduceInit() {
        return sub == RED_MAX ? -3.4028235e38f : (sub == RED_MIN ? 3.4028235e38f : 0f);
    }

    /** acc combined with v by the reduction {@code sub}; max and min keep a NaN once they meet one. */
    private float reduceStep(float acc, float v) {
        float r = acc + v;
        if (sub == RED_MAX) {
            r = acc >= v || acc != acc ? acc : v;
        } else if (sub == RED_MIN) {
            r = acc <= v || acc != acc ? acc : v;
        }
        return r;
    }

    /** Offset from an output's first element of its j-th reduced element (meta RED_* shape and strides). */
    private int reducedOffset(int j) {
        int rem = j;
        int off = 0;
        for (int d = meta[META_RED_RANK] - 1; d >= 0; d--) {
            int size = meta[META_RED_SHAPE + d];
            off += (rem % size) * meta[META_RED_A + d];
            rem = rem / size;
        }
        return off;
    }

    /**
     * One work group per output: the kept axes (meta shape and A strides) locate the output's first element,
     * the reduced axes (meta RED_*) are walked by the group's items in turn. i0 = elements per output.
     */
    private void reduce() {
        int o = getGroupId();
        int l = getLocalId();
        int base = oa + stridedOffset(o, META_A);
        int count = i0;
        float acc = reduceInit();
        for (int j = l; j < count; j += GROUP) {
            acc = reduceStep(acc, mem[base + reducedOffset(j)]);
        }
        red[l] = acc;
        localBarrier();
        reduceLocal(l, sub, 0);
        if (l == 0) {
            float r = red[0];
            if (sub == RED_MEAN) {
                r = r / (float) count;
            }
            mem[oc + o] = r;
        }
    }

    /**
     * The same reduction with one work item per output walking its few elements (i0, at most
     * {@link #SMALL_REDUCTION}) alone: a work group of GROUP items would leave most of them idle.
     */
    private void reduceSmall() {
        int o = getGlobalId();
        if (o < n) {
            int base = oa + stridedOffset(o, META_A);
            int count = i0;
            float acc = reduceInit();
            for (int j = 0; j < count; j++) {
                acc = reduceStep(acc, mem[base + reducedOffset(j)]);
            }
            if (sub == RED_MEAN) {
                acc = acc / (float) count;
            }
            mem[oc + o] = acc;
        }
    }

    /** Contiguous x viewed as [outer, len, inner]; one work item per (outer, inner). i0 = len, i1 = inner. */
    private void softmax() {
        int i = getGlobalId();
        if (i < n) {
            int len = i0;
            int inner = i1;
            int base = (i / inner) * len * inner + (i % inner);
            float m = -3.4028235e38f;
            for (int k = 0; k < len; k++) {
                float v = mem[oa + base + k * inner];
                m = v > m ? v : m;
            }
            float s = 0f;
            for (int k = 0; k < len; k++) {
                s += exp(mem[oa + base + k * inner] - m);
            }
            if (sub == 1) {
                float logSum = log(s);
                for (int k = 0; k < len; k++) {
                    mem[oc + base + k * inner] = (mem[oa + base + k * inner] - m) - logSum;
                }
            } else {
                float inv = 1f / s;
                for (int k = 0; k < len; k++) {
                    mem[oc + base + k * inner] = exp(mem[oa + base + k * inner] - m) * inv;
                }
            }
        }
    }

    /**
     * Index of the first largest value along the middle axis of contiguous x (oa) viewed as [outer, i0, i1], one
     * work item per (outer, inner), written as a float to oc (exact below 2^24).
     */
    private void argmax() {
        int i = getGlobalId();
        if (i < n) {
            int len = i0;
            int inner = i1;
            int base = oa + (i / inner) * len * inner + (i % inner);
            int best = 0;
            float bestV = mem[base];
            for (int k = 1; k < len; k++) {
                float v = mem[base + k * inner];
                if (v > bestV) {
                    best = k;
                    bestV = v;
                }
            }
            mem[oc + i] = (float) best;
        }
    }

    // ---------------------------------------------------------------- windowed pooling
    // x dense [planes, i0 (H), i1 (W)] at oa, y dense [planes, i2 (outH), i3 (outW)]; window i4 x i5, stride
    // i6 x i7, padding i8 x i9 (at most half the window, so every window holds an element); sub 1 = max, 0 = mean
    // over the whole window (padding counted).

    /** One work item per output element: the window's maximum (NaN when it holds one) or mean, to oc. */
    private void pool() {
        int i = getGlobalId();
        if (i < n) {
            int ow = i % i3;
            int t = i / i3;
            int oh = t % i2;
            int plane = t / i2;
            int xBase = oa + plane * i0 * i1;
            float acc = sub == 1 ? -3.4028235e38f : 0f;
            int nan = 0;
            float nanValue = 0f;
            for (int ky = 0; ky < i4; ky++) {
                int r = oh * i6 - i8 + ky;
                if (r >= 0 && r < i0) {
                    for (int kx = 0; kx < i5; kx++) {
                        int c = ow * i7 - i9 + kx;
                        if (c >= 0 && c < i1) {
                            float v = mem[xBase + r * i1 + c];
                            if (v != v) {
                                nan = 1;
                                nanValue = v;
                            }
                            if (sub == 1) {
                                acc = v > acc ? v : acc;
                            } else {
                                acc += v;
                            }
                        }
                    }
                }
            }
            if (sub == 1 && nan == 1) {
                acc = nanValue;
            }
            mem[oc + i] = sub == 1 ? acc : acc / (float) (i4 * i5);
        }
    }

    /**
     * One work item per input element: the sum over the windows holding it of their output gradient (ob) divided
     * by the window's size (mean) or, for max, of those whose first largest element it is. dx to oc; x at oa.
     */
    private void poolBackward() {
        int i = getGlobalId();
        if (i < n) {
            int col = i % i1;
            int t = i / i1;
            int row = t % i0;
            int plane = t / i0;
            int xBase = oa + plane * i0 * i1;
            int gBase = ob + plane * i2 * i3;
            float acc = 0f;
            for (int ky = 0; ky < i4; ky++) {
                int ty = row + i8 - ky;
                if (ty >= 0 && ty % i6 == 0 && ty / i6 < i2) {
                    int oh = ty / i6;
                    for (int kx = 0; kx < i5; kx++) {
                        int tx = col + i9 - kx;
                        if (tx >= 0 && tx % i7 == 0 && tx / i7 < i3) {
                            int ow = tx / i7;
                            float g = mem[gBase + oh * i3 + ow];
                            if (sub == 1) {
                                if (firstMaxOfWindow(xBase, oh, ow) == row * i1 + col) {
                                    acc += g;
                                }
                            } else {
                                acc += g / (float) (i4 * i5);
                            }
                        }
                    }
                }
            }
            mem[oc + i] = acc;
        }
    }

    /** Position (row * W + col) in its plane of the first largest element of window (oh, ow). */
    private int firstMaxOfWindow(int xBase, int oh, int ow) {
        int best = -1;
        float bestV = 0f;
        for (int ky = 0; ky < i4; ky++) {
            int r = oh * i6 - i8 + ky;
            if (r >= 0 && r < i0) {
                for (int kx = 0; kx < i5; kx++) {
                    int c = ow * i7 - i9 + kx;
                    if (c >= 0 && c < i1) {
                        float v = mem[xBase + r * i1 + c];
                        if (best < 0 || v > bestV) {
                            best = r * i1 + c;
                            bestV = v;
                        }
                    }
                }
            }
        }
        return best;
    }

    // ---------------------------------------------------------------- matrix product

    /**
     * C[b] (m x n, dense at oc) = A[b] @ B[b], or C += A @ B when i9 == 1. A(b, r, k) at oa + b*i0 + r*i1 + k*i2,
     * B(b, k, c) at ob + b*i3 + k*i4 + c*i5; m = i6, k = i7, n = i8. The k axis may be split in two: with
     * i10 = inner length, k = (k / i10, k % i10) and the outer part has strides i11 in A and i12 in B (the
     * pointwise weight gradient sums over samples and pixels as one k; i10 = k and stride 0 otherwise). The
     * column axis may be split the same way: col = (col / i13, col % i13), the outer part stepping B by i14 and C
     * by i16, C's rows i15 apart (a 1x1 convolution over a batch of small images is one product whose columns
     * are (sample, pixel); i13 = n, i14 = i16 = 0 and i15 = n otherwise). Work groups of TILE x TILE items stage
     * tiles of A and B in local memory.
     */
    private void gemm() {
        int col = getGlobalId(0);
        int row = getGlobalId(1);
        int b = getGlobalId(2);
        int lx = getLocalId(0);
        int ly = getLocalId(1);
        int m = i6;
        int kk = i7;
        int nn = i8;
        int aBase = oa + b * i0;
        int bBase = ob + b * i3;
        float acc = 0f;
        int tiles = (kk + TILE - 1) / TILE;
        for (int t = 0; t < tiles; t++) {
            int ak = t * TILE + lx;
            float av = 0f;
            if (row < m && ak < kk) {
                av = mem[aBase + row * i1 + (ak / i10) * i11 + (ak % i10) * i2];
            }
            tileA[ly * TILE + lx] = av;
            int bk = t * TILE + ly;
            float bv = 0f;
            if (bk < kk && col < nn) {
                bv = mem[bBase + (bk / i10) * i12 + (bk % i10) * i4 + (col / i13) * i14 + (col % i13) * i5];
            }
            tileB[ly * TILE + lx] = bv;
            localBarrier();
            for (int u = 0; u < TILE; u++) {
                acc += tileA[ly * TILE + u] * tileB[u * TILE + lx];
            }
            localBarrier();
        }
        if (row < m && col < nn) {
            gemmStore(oc + b * m * nn, row, col, acc);
        }
    }

    /** Writes C(row, col) of the dense m x n (i6 x i8) matrix at cBase, or adds to it when i9 == 1. */
    private void gemmStore(int cBase, int row, int col, float v) {
        int idx = cBase + row * i15 + (col / i13) * i16 + col % i13;
        if (i9 == 1) {
            mem[idx] = mem[idx] + v;
        } else {
            mem[idx] = v;
        }
    }

    /** {@link #gemmStore} of an element that may lie outside the matrix (the edge blocks of the blocked SGEMM). */
    private void gemmStoreChecked(int cBase, int row, int col, float v) {
        if (row < i6 && col < i8) {
            gemmStore(cBase, row, col, v);
        }
    }

    /**
     * The same product as {@link #gemm}, register-blocked: a TILE x TILE work group computes a BLOCK x BLOCK block
     * of C, each item 4 x 4 outputs held in private variables, at rows rowBase + ly + 16 i and columns colBase +
     * lx + 16 j (i, j in 0..3), so that neighbouring items write neighbouring columns. Per step of BLOCK_K k values
     * the group stages a BLOCK x BLOCK_K panel of A and a BLOCK_K x BLOCK panel of B in local memory, both stored
     * k-major ({@code panel[k * BLOCK_LD + row or col]}), 4 elements per item for each. Each item then reads 4
     * values of A and 4 of B per k and does 16 multiply-adds, 4 times fewer local reads per multiply-add than
     * {@link #gemm}. Elements outside A or B load as zero, so any m, n, k work; the loads walk the operand along
     * whichever of its axes has stride 1 (rows or k), so transposed views load contiguous runs too.
     */
    private void gemmBlocked() {
        int lx = getLocalId(0);
        int ly = getLocalId(1);
        int colBase = getGroupId(0) * BLOCK;
        int rowBase = getGroupId(1) * BLOCK;
        int b = getGlobalId(2);
        int m = i6;
        int kk = i7;
        int nn = i8;
        int aBase = oa + b * i0;
        int bBase = ob + b * i3;
        int id = ly * TILE + lx;
        float c00 = 0f;
        float c01 = 0f;
        float c02 = 0f;
        float c03 = 0f;
        float c10 = 0f;
        float c11 = 0f;
        float c12 = 0f;
        float c13 = 0f;
        float c20 = 0f;
        float c21 = 0f;
        float c22 = 0f;
        float c23 = 0f;
        float c30 = 0f;
        float c31 = 0f;
        float c32 = 0f;
        float c33 = 0f;
        int steps = (kk + BLOCK_K - 1) / BLOCK_K;
        for (int t = 0; t < steps; t++) {
            int k0 = t * BLOCK_K;
            // BLOCK * BLOCK_K = 1024 elements per panel, TILE * TILE = 256 items: 4 loads of each per item
            for (int s = 0; s < 4; s++) {
                int e = id + s * (TILE * TILE);
                int ar = e % BLOCK;
                int ak = e / BLOCK;
                if (i2 == 1) {
                    ak = e % BLOCK_K;
                    ar = e / BLOCK_K;
                }
                int gr = rowBase + ar;
                int gka = k0 + ak;
                float av = 0f;
                if (gr < m && gka < kk) {
                    av = mem[aBase + gr * i1 + (gka / i10) * i11 + (gka % i10) * i2];
                }
                tileA[ak * BLOCK_LD + ar] = av;
                int bc = e % BLOCK;
                int bk = e / BLOCK;
                if (i4 == 1 && i5 != 1) {
                    bk = e % BLOCK_K;
                    bc = e / BLOCK_K;
                }
                int gc = colBase + bc;
                int gkb = k0 + bk;
                float bv = 0f;
                if (gkb < kk && gc < nn) {
                    bv = mem[bBase + (gkb / i10) * i12 + (gkb % i10) * i4 + (gc / i13) * i14 + (gc % i13) * i5];
                }
                tileB[bk * BLOCK_LD + bc] = bv;
            }
            localBarrier();
            for (int u = 0; u < BLOCK_K; u++) {
                int pa = u * BLOCK_LD + ly;
                int pb = u * BLOCK_LD + lx;
                float a0 = tileA[pa];
                float a1 = tileA[pa + TILE];
                float a2 = tileA[pa + 2 * TILE];
                float a3 = tileA[pa + 3 * TILE];
                float b0 = tileB[pb];
                float b1 = tileB[pb + TILE];
                float b2 = tileB[pb + 2 * TILE];
                float b3 = tileB[pb + 3 * TILE];
                c00 += a0 * b0;
                c01 += a0 * b1;
                c02 += a0 * b2;
                c03 += a0 * b3;
                c10 += a1 * b0;
                c11 += a1 * b1;
                c12 += a1 * b2;
                c13 += a1 * b3;
                c20 += a2 * b0;
                c21 += a2 * b1;
                c22 += a2 * b2;
                c23 += a2 * b3;
                c30 += a3 * b0;
                c31 += a3 * b1;
                c32 += a3 * b2;
                c33 += a3 * b3;
            }
            localBarrier();
        }
        int cBase = oc + b * m * nn;
        int r0 = rowBase + ly;
        int q0 = colBase + lx;
        gemmStoreChecked(cBase, r0, q0, c00);
        gemmStoreChecked(cBase, r0, q0 + TILE, c01);
        gemmStoreChecked(cBase, r0, q0 + 2 * TILE, c02);
        gemmStoreChecked(cBase, r0, q0 + 3 * TILE, c03);
        gemmStoreChecked(cBase, r0 + TILE, q0, c10);
        gemmStoreChecked(cBase, r0 + TILE, q0 + TILE, c11);
        gemmStoreChecked(cBase, r0 + TILE, q0 + 2 * TILE, c12);
        gemmStoreChecked(cBase, r0 + TILE, q0 + 3 * TILE, c13);
        gemmStoreChecked(cBase, r0 + 2 * TILE, q0, c20);
        gemmStoreChecked(cBase, r0 + 2 * TILE, q0 + TILE, c21);
        gemmStoreChecked(cBase, r0 + 2 * TILE, q0 + 2 * TILE, c22);
        gemmStoreChecked(cBase, r0 + 2 * TILE, q0 + 3 * TILE, c23);
        gemmStoreChecked(cBase, r0 + 3 * TILE, q0, c30);
        gemmStoreChecked(cBase, r0 + 3 * TILE, q0 + TILE, c31);
        gemmStoreChecked(cBase, r0 + 3 * TILE, q0 + 2 * TILE, c32);
        gemmStoreChecked(cBase, r0 + 3 * TILE, q0 + 3 * TILE, c33);
    }

    // ---------------------------------------------------------------- convolution
    // Geometry: i0 N, i1 C, i2 H, i3 W, i4 O, i5 kH, i6 kW, i7 strideH, i8 strideW, i9 padH, i10 padW,
    // i11 dilationH, i12 dilationW, i13 groups, i14 outH, i15 outW. x at oa, w at ob, output at oc,
    // bias at od when i16 == 1. All dense NCHW / OIHW.

    private void conv() {
        int i = getGlobalId();
        if (i < n) {
            int ow = i % i15;
            int t = i / i15;
            int oh = t % i14;
            t = t / i14;
            int o = t % i4;
            int nb = t / i4;
            int cpg = i1 / i13;
            int g = o / (i4 / i13);
            float acc = 0f;
            for (int ci = 0; ci < cpg; ci++) {
                int xBase = oa + (nb * i1 + g * cpg + ci) * i2 * i3;
                int wBase = ob + (o * cpg + ci) * i5 * i6;
                for (int ky = 0; ky < i5; ky++) {
                    int iy = oh * i7 - i9 + ky * i11;
                    if (iy >= 0 && iy < i2) {
                        for (int kx = 0; kx < i6; kx++) {
                            int ix = ow * i8 - i10 + kx * i12;
                            if (ix >= 0 && ix < i3) {
                                acc += mem[xBase + iy * i3 + ix] * mem[wBase + ky * i6 + kx];
                            }
                        }
                    }
                }
            }
            if (i16 == 1) {
                acc += mem[od + o];
            }
            mem[oc + i] = acc;
        }
    }

    /** One work item per input element; gradOut at oa, w at ob, dx at oc. */
    private void convBackInput() {
        int i = getGlobalId();
        if (i < n) {
            int ix = i % i3;
            int t = i / i3;
            int iy = t % i2;
            t = t / i2;
            int c = t % i1;
            int nb = t / i1;
            int cpg = i1 / i13;
            int opg = i4 / i13;
            int g = c / cpg;
            int ci = c % cpg;
            float acc = 0f;
            for (int oo = 0; oo < opg; oo++) {
                int o = g * opg + oo;
                int gBase = oa + (nb * i4 + o) * i14 * i15;
                int wBase = ob + (o * cpg + ci) * i5 * i6;
                for (int ky = 0; ky < i5; ky++) {
                    int ty = iy + i9 - ky * i11;
                    if (ty >= 0 && ty % i7 == 0 && ty / i7 < i14) {
                        int oh = ty / i7;
                        for (int kx = 0; kx < i6; kx++) {
                            int tx = ix + i10 - kx * i12;
                            if (tx >= 0 && tx % i8 == 0 && tx / i8 < i15) {
                                acc += mem[gBase + oh * i15 + tx / i8] * mem[wBase + ky * i6 + kx];
                            }
                        }
                    }
                }
            }
            mem[oc + i] = acc;
        }
    }

    /** One work group per weight element, its items sharing the (n, oh, ow) sum; gradOut at oa, x at ob. */
    private void convBackWeight() {
        int wi = getGroupId();
        int l = getLocalId();
        int kx = wi % i6;
        int t = wi / i6;
        int ky = t % i5;
        t = t / i5;
        int cpg = i1 / i13;
        int ci = t % cpg;
        int o = t / cpg;
        int g = o / (i4 / i13);
        int c = g * cpg + ci;
        int per = i14 * i15;
        int count = i0 * per;
        float acc = 0f;
        for (int j = l; j < count; j += GROUP) {
            int nb = j / per;
            int r = j % per;
            int oh = r / i15;
            int ow = r % i15;
            int iy = oh * i7 - i9 + ky * i11;
            int ix = ow * i8 - i10 + kx * i12;
            if (iy >= 0 && iy < i2 && ix >= 0 && ix < i3) {
                acc += mem[oa + (nb * i4 + o) * per + r] * mem[ob + ((nb * i1 + c) * i2 + iy) * i3 + ix];
            }
        }
        red[l] = acc;
        localBarrier();
        reduceLocal(l, RED_SUM, 0);
        if (l == 0) {
            mem[oc + wi] = red[0];
        }
    }

    // ---------------------------------------------------------------- batch norm
    // x [N, C, HW] dense at oa; i0 N, i1 C, i2 HW.

    /** One work group per channel: mean (od), invStd (oe), biased variance (of); p = eps. */
    private void bnStats() {
        int c = getGroupId();
        int l = getLocalId();
        int hw = i2;
        int count = i0 * hw;
        float s = 0f;
        for (int j = l; j < count; j += GROUP) {
            s += mem[oa + ((j / hw) * i1 + c) * hw + j % hw];
        }
        red[l] = s;
        localBarrier();
        reduceLocal(l, RED_SUM, 0);
        float mu = red[0] / (float) count;
        localBarrier();
        float v = 0f;
        for (int j = l; j < count; j += GROUP) {
            float d = mem[oa + ((j / hw) * i1 + c) * hw + j % hw] - mu;
            v += d * d;
        }
        red[l] = v;
        localBarrier();
        reduceLocal(l, RED_SUM, 0);
        if (l == 0) {
            float var = red[0] / (float) count;
            mem[od + c] = mu;
            mem[oe + c] = 1f / sqrt(var + p);
            mem[of + c] = var;
        }
    }

    /**
     * y (oc) = (x - mean) * invStd * gamma (ob) + beta (ob2 = of); mean od, invStd oe. With sub = 1, SiLU of
     * that (batch norm and SiLU fused).
     */
    private void bnApply() {
        int i = getGlobalId();
        if (i < n) {
            int c = (i / i2) % i1;
            float scale = mem[ob + c] * mem[oe + c];
            float y = (mem[oa + i] - mem[od + c]) * scale + mem[of + c];
            if (sub == 1) {
                y = y * sigmoid(y);
            }
            mem[oc + i] = y;
        }
    }

    /**
     * Batch norm in evaluation, one work item per element of x (oa) [N, i1, i2]: y (oc) = (x - mean (ob)) /
     * sqrt(var (od) + p) * gamma (oe) + beta (of).
     */
    private void bnEval() {
        int i = getGlobalId();
        if (i < n) {
            int c = (i / i2) % i1;
            float invStd = 1f / sqrt(mem[od + c] + p);
            mem[oc + i] = (mem[oa + i] - mem[ob + c]) * invStd * mem[oe + c] + mem[of + c];
        }
    }

    /**
     * The gradient reaching the batch-norm output at element idx of channel c: gradOut (ob) itself, or with
     * sub = 1 (batch norm fused with SiLU) gradOut times SiLU' of the recomputed pre-activation
     * (x - mean) * invStd * gamma (i4) + beta (i6).
     */
    private float bnGradIn(int idx, int c) {
        float gv = mem[ob + idx];
        if (sub == 1) {
            float z = (mem[oa + idx] - mem[od + c]) * mem[oe + c] * mem[i4 + c] + mem[i6 + c];
            gv = gv * siluGrad(z);
        }
        return gv;
    }

    /**
     * One work group per channel over gradOut (ob) and x (oa): dBeta (oc) = sum g, dGamma (of) =
     * sum g (x - mean) * invStd; mean od, invStd oe.
     */
    private void bnBackStats() {
        int c = getGroupId();
        int l = getLocalId();
        int hw = i2;
        int count = i0 * hw;
        float mu = mem[od + c];
        float sg = 0f;
        float sgx = 0f;
        for (int j = l; j < count; j += GROUP) {
            int idx = ((j / hw) * i1 + c) * hw + j % hw;
            float gv = bnGradIn(idx, c);
            sg += gv;
            sgx += gv * (mem[oa + idx] - mu);
        }
        red[l] = sg;
        red2[l] = sgx;
        localBarrier();
        reduceLocal(l, RED_SUM, 1);
        if (l == 0) {
            mem[oc + c] = red[0];
            mem[of + c] = red2[0] * mem[oe + c];
        }
    }

    /**
     * dx (i3 offset) = gamma*is * g - gamma*is*sumG/m - gamma*is*is*dGamma/m * (x - mean); x oa, g ob,
     * dBeta oc, mean od, invStd oe, dGamma of, gamma at i4 (an arena offset), dx at i5.
     */
    private void bnBackApply() {
        int i = getGlobalId();
        if (i < n) {
            int c = (i / i2) % i1;
            float m = (float) (i0 * i2);
            float is = mem[oe + c];
            float gi = mem[i4 + c] * is;
            float dx = gi * bnGradIn(i, c) - gi * mem[oc + c] / m - gi * is * mem[of + c] / m * (mem[oa + i] - mem[od + c]);
            mem[i5 + i] = dx;
        }
    }

    // ---------------------------------------------------------------- multi-tensor optimiser ops

    /** The last of the i0 segments whose first index ([4]) is at most {@code key}: a binary search. */
    private int segmentOf(int key) {
        int lo = 0;
        int hi = i0 - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) / 2;
            if (segs[mid * SEG + 4] <= key) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    /**
     * Adam on every element of every parameter in the segment table, in place: n elements in all, i1 == 1 adds
     * L2 decay to the gradient, i2 == 1 shrinks the parameter first (decoupled decay). The order of operations
     * is the CPU backend's.
     */
    private void adam() {
        int i = getGlobalId();
        if (i < n) {
            int s = segmentOf(i);
            int e = i - segs[s * SEG + 4];
            int pi = segs[s * SEG] + e;
            int mi = segs[s * SEG + 2] + e;
            int vi = segs[s * SEG + 3] + e;
            float pv = mem[pi];
            float g = mem[segs[s * SEG + 1] + e];
            if (i1 == 1) {
                g = g + pv * scal[5];
            }
            float m = mem[mi] * scal[0] + g * scal[1];
            float v = mem[vi] * scal[2] + g * g * scal[3];
            mem[mi] = m;
            mem[vi] = v;
            float denom = sqrt(v) * scal[SCAL_HEADER + s * 2 + 1] + scal[4];
            if (i2 == 1) {
                pv = pv * scal[6];
            }
            mem[pi] = pv - m / denom * scal[SCAL_HEADER + s * 2];
        }
    }

    /**
     * Every element of every tensor in the segment table ([0] source, [1] destination, [4] first index) times p;
     * n elements in all.
     */
    private void scaleAll() {
        int i = getGlobalId();
        if (i < n) {
            int s = segmentOf(i);
            int e = i - segs[s * SEG + 4];
            mem[segs[s * SEG + 1] + e] = mem[segs[s * SEG] + e] * p;
        }
    }

    /**
     * Batch norm's running statistics in place, one work item per channel (n): running mean (oa) = running mean
     * * p + batch mean (oc) * q; running variance (ob) = running variance * p + (biased variance (od) * r) * q,
     * with p = 1 - momentum, q = momentum, r = count / (count - 1).
     */
    private void bnRunningStats() {
        int c = getGlobalId();
        if (c < n) {
            mem[oa + c] = mem[oa + c] * p + mem[oc + c] * q;
            mem[ob + c] = mem[ob + c] * p + mem[od + c] * r * q;
        }
    }

    /**
     * Partial sums of squares: work group w covers SQ_CHUNK elements of one tensor (offset [0], size [1]) and
     * writes its sum to oc + w; the host adds the partials in double.
     */
    private void sumSquares() {
        int w = getGroupId();
        int l = getLocalId();
        int s = segmentOf(w);
        int base = segs[s * SEG];
        int size = segs[s * SEG + 1];
        int from = (w - segs[s * SEG + 4]) * SQ_CHUNK;
        int to = from + SQ_CHUNK;
        if (to > size) {
            to = size;
        }
        float acc = 0f;
        for (int j = from + l; j < to; j += GROUP) {
            float x = mem[base + j];
            acc += x * x;
        }
        red[l] = acc;
        localBarrier();
        reduceLocal(l, RED_SUM, 0);
        if (l == 0) {
            mem[oc + w] = red[0];
        }
    }

    // ---------------------------------------------------------------- fused softmax cross-entropy
    // logits [n, i0] dense at oa, labels (class indices as floats) at ob, gradient [n, i0] to oc, row losses
    // [n] at od. The smoothed target is q at the label and p elsewhere.

    /** One work item per row: the row's loss to od and its gradient row (softmax - target) / n to oc. */
    static final int OP_CE_ROWS = 19;
    /** One work group: the mean of the n row losses at od to oc. */
    static final int OP_CE_REDUCE = 20;

    private void ceRows() {
        int i = getGlobalId();
        if (i < n) {
            int c = i0;
            int row = oa + i * c;
            int grad = oc + i * c;
            int label = (int) mem[ob + i];
            float m = -3.4028235e38f;
            for (int k = 0; k < c; k++) {
                float v = mem[row + k];
                m = v > m ? v : m;
            }
            float s = 0f;
            for (int k = 0; k < c; k++) {
                s += exp(mem[row + k] - m);
            }
            float logSum = log(s);
            float inv = 1f / s;
            float invN = 1f / (float) n;
            float loss = 0f;
            for (int k = 0; k < c; k++) {
                float z = mem[row + k] - m;
                float t = k == label ? q : p;
                loss -= t * (z - logSum);
                mem[grad + k] = (exp(z) * inv - t) * invN;
            }
            mem[od + i] = loss;
        }
    }

    private void ceReduce() {
        int l = getLocalId();
        float acc = 0f;
        for (int j = l; j < n; j += GROUP) {
            acc += mem[od + j];
        }
        red[l] = acc;
        localBarrier();
        reduceLocal(l, RED_SUM, 0);
        if (l == 0) {
            mem[oc] = red[0] / (float) n;
        }
    }
}

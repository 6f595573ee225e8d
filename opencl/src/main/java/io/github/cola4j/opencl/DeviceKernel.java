package io.github.cola4j.opencl;

/**
 * The backend's one Aparapi kernel: every device op is a launch of this class with the op chosen by {@link #op}.
 * Aparapi ties a device buffer to an array field of one kernel instance, so all float32 tensors live in one
 * arena ({@link #mem}) at offsets and the output of one launch is the input of the next without leaving the
 * device; the op families' code and named arguments come from the superclasses ({@link ArenaKernel} down to
 * {@link TrainingKernels}), which Aparapi compiles with this class into one OpenCL program, once per instance.
 *
 * <p>The host sets an op's arguments (int and float fields, sent on every launch), {@code put}s {@link #meta}
 * or the segment table when the op reads them, sets {@link #op} and executes.
 */
final class DeviceKernel extends TrainingKernels {
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
    static final int OP_CE_ROWS = 19;
    static final int OP_CE_REDUCE = 20;
    static final int OP_GEMM_BLOCKED = 21;
    static final int OP_BN_RUNNING_STATS = 22;
    static final int OP_SCALE_ALL = 23;
    static final int OP_BN_EVAL = 24;
    static final int OP_ARGMAX = 25;
    static final int OP_POOL = 26;
    static final int OP_POOL_BACK = 27;
    static final int OP_BINARY_SIMPLE = 28;
    static final int OP_REDUCE_SMALL = 29;
    static final int OP_BN_FORWARD = 30;
    static final int OP_BN_BACKWARD = 31;
    static final int OP_UNARY_SIMPLE = 32;
    static final int OP_SE_GATE_GRAD = 33;
    static final int OP_SE_INPUT_GRAD = 34;
    static final int OP_SE_MLP = 35;
    static final int OP_SE_MLP_BACKWARD = 36;
    static final int OP_SE_MLP_WEIGHT_GRADS = 37;
    static final int OP_MUL_ADD = 38;
    static final int OP_SE_BACKWARD_SMALL = 39;
    static final int OP_GEMM_WIDE = 40;
    static final int OP_GEMM_DOTS = 41;
    static final int OP_CONV_ROWS = 42;
    static final int OP_CONV_BACK_INPUT_ROWS = 43;
    static final int OP_CONV_BACK_WEIGHT_ROWS = 44;
    static final int OP_BN_FORWARD_ROWS = 45;
    static final int OP_BN_BACKWARD_ROWS = 46;

    /** Names of the ops by code, for launch statistics. */
    static final String[] OP_NAMES = {"none", "fill", "upload", "download", "copy", "unary", "binary", "reduce",
        "softmax", "gemm", "conv", "convBackInput", "convBackWeight", "bnStats", "bnApply", "bnBackStats",
        "bnBackApply", "adam", "sumSquares", "crossEntropyRows", "crossEntropyMean", "gemmBlocked", "bnRunningStats",
        "scaleAll", "bnEval", "argmax", "pool", "poolBackward",
        "binarySimple", "reduceSmall", "bnForward", "bnBackward",
        "unarySimple", "seGateGrad", "seInputGrad", "seMlp",
        "seMlpBackward", "seMlpWeightGrads", "mulAdd", "seBackwardSmall", "gemmWide", "gemmDots",
        "convRows", "convBackInputRows", "convBackWeightRows", "bnForwardRows", "bnBackwardRows"};

    DeviceKernel(int capacity) {
        super(capacity);
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
        } else if (op == OP_GEMM_WIDE) {
            gemmWide();
        } else if (op == OP_GEMM_DOTS) {
            gemmDots();
        } else if (op == OP_CONV_ROWS) {
            convRows();
        } else if (op == OP_CONV_BACK_INPUT_ROWS) {
            convBackInputRows();
        } else if (op == OP_CONV_BACK_WEIGHT_ROWS) {
            convBackWeightRows();
        } else if (op == OP_BN_FORWARD_ROWS) {
            bnForwardRows();
        } else if (op == OP_BN_BACKWARD_ROWS) {
            bnBackwardRows();

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
        } else if (op == OP_BN_FORWARD) {
            bnForward();
        } else if (op == OP_BN_BACKWARD) {
            bnBackward();
        } else if (op == OP_UNARY_SIMPLE) {
            unarySimple();
        } else if (op == OP_SE_GATE_GRAD) {
            seGateGrad();
        } else if (op == OP_SE_INPUT_GRAD) {
            seInputGrad();
        } else if (op == OP_SE_MLP) {
            seMlp();
        } else if (op == OP_SE_MLP_BACKWARD) {
            seMlpBackward();
        } else if (op == OP_SE_MLP_WEIGHT_GRADS) {
            seMlpWeightGrads();
        } else if (op == OP_MUL_ADD) {
            mulAdd();
        } else if (op == OP_SE_BACKWARD_SMALL) {
            seBackwardSmall();
        }
    }
}

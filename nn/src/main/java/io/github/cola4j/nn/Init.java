package io.github.cola4j.nn;

import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;

/** Weight initialisers, drawn from {@link Randomness}: the schemes torchvision and PyTorch use. */
public final class Init {
    private Init() {
    }

    /**
     * Kaiming normal with fan-out and the ReLU gain: std = sqrt(2 / fan_out) (torchvision's convolutions).
     *
     * @param shape the tensor's shape, [out, in / groups, kH, kW] for a convolution; fan_out is {@code shape[0]}
     *     times every axis after the second
     * @return a new float32 tensor of that shape, normal with mean 0
     */
    public static Tensor kaimingNormalFanOut(int... shape) {
        int fanOut = shape[0];
        for (int i = 2; i < shape.length; i++) {
            fanOut *= shape[i];
        }
        synchronized (Randomness.global()) {
            return Randomness.global().normal(DType.FLOAT32, 0, Math.sqrt(2.0 / fanOut), shape);
        }
    }

    /**
     * Uniform in [-bound, bound).
     *
     * @param bound half the width of the range, at least 0
     * @param shape the tensor's shape
     * @return a new float32 tensor of that shape
     */
    public static Tensor uniform(double bound, int... shape) {
        synchronized (Randomness.global()) {
            return Randomness.global().uniform(DType.FLOAT32, -bound, bound, shape);
        }
    }

    /**
     * PyTorch's default for Linear and Conv2d: uniform with bound 1 / sqrt(fan_in).
     *
     * @param fanIn inputs feeding each output: {@code in} for Linear, {@code in / groups * kH * kW} for Conv2d
     * @param shape the tensor's shape
     * @return a new float32 tensor of that shape, uniform in [-1 / sqrt(fanIn), 1 / sqrt(fanIn))
     */
    public static Tensor fanInUniform(int fanIn, int... shape) {
        return uniform(1.0 / Math.sqrt(fanIn), shape);
    }
}

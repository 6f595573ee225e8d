/**
 * Internal: the pure-Java CPU backend ({@link io.github.cola4j.tensor.cpu.CpuBackend}) and its kernels
 * (SGEMM/DGEMM, convolution, pooling, element-wise and reduction loops, the shared thread pool).
 *
 * <p>The classes here are public only so that other backends, tests and benchmarks can reach the kernels
 * directly. They are not part of the supported API and may change without notice; use
 * {@link io.github.cola4j.tensor.Tensor} and {@link io.github.cola4j.tensor.Backends#cpu()} instead.
 */
package io.github.cola4j.tensor.cpu;

/**
 * An OpenCL compute backend on Aparapi ({@link io.github.cola4j.opencl.OpenClBackend}) and the choice between it
 * and the CPU backend ({@link io.github.cola4j.opencl.BackendSelector}: {@code cpu}, {@code opencl} or
 * {@code auto}, falling back to the CPU with a warning where OpenCL cannot run).
 *
 * <p>Tensors on this backend keep their float32 elements on the device between ops; float64 ops run on the
 * host. The kernels, device storage and memory arena are package-private implementation details.
 */
package io.github.cola4j.opencl;

/**
 * Dense n-dimensional float32 and float64 tensors and the contract their compute backends implement.
 *
 * <p>{@link io.github.cola4j.tensor.Tensor} is an immutable view (shape, strides, offset) onto a
 * {@link io.github.cola4j.tensor.Storage} owned by a {@link io.github.cola4j.tensor.Backend}; ops broadcast by
 * NumPy rules and return new tensors. New tensors go to the backend that {@link io.github.cola4j.tensor.Backends}
 * names as default (the pure-Java CPU backend unless changed). Misuse (incompatible shapes, bad axes or options)
 * raises {@link io.github.cola4j.tensor.TensorException}, whose message names the op and the shapes.
 */
package io.github.cola4j.tensor;

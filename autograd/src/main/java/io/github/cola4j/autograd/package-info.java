/**
 * Reverse-mode automatic differentiation over {@link io.github.cola4j.tensor.Tensor}s.
 *
 * <p>A {@link io.github.cola4j.autograd.Variable} wraps a tensor; ops on variables run at once and record the
 * graph while gradients are enabled ({@link io.github.cola4j.autograd.Autograd#noGrad()} turns recording off).
 * {@link io.github.cola4j.autograd.Variable#backward()} accumulates gradients into the leaves, and
 * {@link io.github.cola4j.autograd.GradCheck} compares them with finite differences.
 */
package io.github.cola4j.autograd;

/**
 * Test support for code built on cola4j: jqwik arbitraries for shapes and tensors
 * ({@link io.github.cola4j.testing.TensorArbitraries}) and gradient assertions against finite differences
 * ({@link io.github.cola4j.testing.GradientAssertions}). Meant for test scope only.
 */
package io.github.cola4j.testing;

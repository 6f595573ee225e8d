/**
 * Neural-network layers on {@link io.github.cola4j.autograd.Variable}s, in PyTorch's style and with its state-dict
 * names: {@link io.github.cola4j.nn.Module} and {@link io.github.cola4j.nn.Sequential}, convolution, linear,
 * batch and layer normalisation, activations, dropout and stochastic depth, and EfficientNet B0 to B7
 * ({@link io.github.cola4j.nn.EfficientNet}, {@link io.github.cola4j.nn.EfficientNetConfig}); forward hooks and
 * {@link io.github.cola4j.nn.Module#summary} to describe a network; {@link io.github.cola4j.nn.Metrics} for
 * classification accuracy and confusion matrices. Weight
 * initialisation, dropout and stochastic depth draw from {@link io.github.cola4j.nn.Randomness}, so a seeded run
 * repeats exactly.
 */
package io.github.cola4j.nn;

/**
 * Feeding examples to training: a {@link io.github.cola4j.nn.data.Dataset} is an indexed collection of examples
 * ({@link io.github.cola4j.nn.data.TensorDataset} holds them in two tensors), and a
 * {@link io.github.cola4j.nn.data.DataLoader} cuts it into {@link io.github.cola4j.nn.data.Batch}es, in order or
 * in a seeded shuffle that changes every epoch.
 */
package io.github.cola4j.nn.data;

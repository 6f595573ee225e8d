/**
 * Training data for COLA: log-mel clips stored as {@code .npy} files ({@link io.github.cola4j.cola.data.MelDataset}),
 * anchor/positive pairs of random crops ({@link io.github.cola4j.cola.data.PairSampler}), their augmentation
 * ({@link io.github.cola4j.cola.data.Augmentation}) and batches built reproducibly from (seed, epoch, step) on a
 * background thread ({@link io.github.cola4j.cola.data.BatchLoader}).
 */
package io.github.cola4j.cola.data;

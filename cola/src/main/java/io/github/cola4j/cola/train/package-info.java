/**
 * COLA pre-training ({@link io.github.cola4j.cola.train.Pretrainer}, configured by
 * {@link io.github.cola4j.cola.train.PretrainConfig}): the training loop, validation, atomic checkpoints that
 * resume a run exactly ({@link io.github.cola4j.cola.train.Checkpoint}) and the loss and accuracy curves
 * ({@link io.github.cola4j.cola.train.History}), returned as data: the {@code cola4j-plot} module draws them.
 * A non-finite loss or gradient stops the run with {@link io.github.cola4j.cola.train.TrainingDivergedException}.
 * {@link io.github.cola4j.cola.train.BestEpoch} chooses the epoch to keep, here and in the downstream trainers;
 * epochs count from 1 everywhere.
 */
package io.github.cola4j.cola.train;

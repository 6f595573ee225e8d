/**
 * Reading and writing NumPy {@code .npy} files ({@link io.github.cola4j.tensor.io.Npy},
 * {@link io.github.cola4j.tensor.io.NpyArray}) in little-endian float32, float64 and int64, and replacing files
 * atomically ({@link io.github.cola4j.tensor.io.AtomicFile}) so that a crash never leaves a half-written file.
 */
package io.github.cola4j.tensor.io;

/**
 * What the FMA pipeline commands share: an RFC 4180 CSV reader ({@link io.github.cola4j.examples.fma.Csv}), FMA's
 * {@code tracks.csv} ({@link io.github.cola4j.examples.fma.FmaTracks}), a small JSON writer, a text progress bar and
 * the encoder-shape file written beside a pre-trained encoder.
 */
package io.github.cola4j.examples.fma;

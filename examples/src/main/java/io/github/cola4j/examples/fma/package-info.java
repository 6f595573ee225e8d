/**
 * What the FMA pipeline commands share: FMA's {@code tracks.csv} ({@link io.github.cola4j.examples.fma.FmaTracks},
 * parsed with Apache Commons CSV) and a text progress bar. Their JSON files are read and written with
 * {@link io.github.cola4j.nn.io.Json}.
 */
package io.github.cola4j.examples.fma;

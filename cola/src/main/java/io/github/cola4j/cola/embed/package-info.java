/**
 * Using a trained representation: {@link io.github.cola4j.cola.embed.AudioEncoder} turns audio files into
 * vectors with the front-end its encoder was trained on, and {@link io.github.cola4j.cola.embed.EmbeddingIndex}
 * finds the nearest ones by cosine similarity.
 */
package io.github.cola4j.cola.embed;

/**
 * The COLA model (contrastive learning of general-purpose audio representations): an EfficientNet encoder with a
 * projection head ({@link io.github.cola4j.cola.ColaModel}, configured by {@link io.github.cola4j.cola.ColaConfig}),
 * a bilinear or cosine {@link io.github.cola4j.cola.Similarity} between anchors and positives, and the
 * batch-wise contrastive loss ({@link io.github.cola4j.cola.ColaLoss}). Data loading, pre-training and
 * downstream evaluation are in the {@code data}, {@code train} and {@code eval} subpackages; their progress lines,
 * and the command-line tools', print durations with {@link io.github.cola4j.cola.Durations}.
 */
package io.github.cola4j.cola;

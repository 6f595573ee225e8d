/**
 * Downstream evaluation of audio encoders on labelled clips ({@link io.github.cola4j.cola.eval.LabelledClip}: a
 * [frames, 64] log-mel array and a class index).
 *
 * <ul>
 *   <li>{@link io.github.cola4j.cola.eval.LinearEvaluation}: frozen encoder, features of every window cached once,
 *       a {@link io.github.cola4j.cola.eval.LinearProbe} trained on them (an untrained encoder gives the floor
 *       baseline).</li>
 *   <li>{@link io.github.cola4j.cola.eval.FineTuning}: the whole network (usually a
 *       {@link io.github.cola4j.cola.eval.GenreClassifier}, from scratch or around a pre-trained encoder) trained on
 *       random crops with Adam, exponential decay and gradient clipping; the best validation epoch is kept.</li>
 *   <li>{@link io.github.cola4j.cola.eval.WindowedPredictor}: the test-time protocol, logits averaged over
 *       non-overlapping windows. By default the last partial window is dropped, and a clip shorter than one window
 *       gives one zero-padded window.</li>
 *   <li>{@link io.github.cola4j.cola.eval.ClassificationReport}: accuracy, per-class accuracy, the confusion matrix
 *       as JSON and as a text table (the {@code cola4j-plot} module draws it as a picture).</li>
 * </ul>
 *
 * <p>Progress lines (epoch, loss, accuracy, examples per second, time left) and a final summary go to a
 * {@code Consumer<String>}, which is System.out unless another is given.
 */
package io.github.cola4j.cola.eval;

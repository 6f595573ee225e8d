/**
 * Pictures of what the library returns, as PNG files: {@link io.github.cola4j.plot.LineChart} and
 * {@link io.github.cola4j.plot.BarChart} (drawn with JFreeChart), {@link io.github.cola4j.plot.ConfusionMatrixChart}
 * (a {@link io.github.cola4j.cola.eval.ClassificationReport}'s confusion matrix) and
 * {@link io.github.cola4j.plot.TrainingCurves} (the standard charts of a pre-training
 * {@link io.github.cola4j.cola.train.History} and of a classifier's epochs). Every chart is drawn on an image, never
 * on a screen, so it works with {@code java.awt.headless=true}; files are written atomically by
 * {@link io.github.cola4j.plot.Png}.
 */
package io.github.cola4j.plot;

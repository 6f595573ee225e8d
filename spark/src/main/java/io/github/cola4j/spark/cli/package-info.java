/**
 * The {@code cola4j spark} command line ({@link io.github.cola4j.spark.cli.SparkCli}): {@code audio-processing},
 * {@code embed} and {@code train-encoder} on a Spark master, with the options and conventions of the
 * single-machine commands plus {@code --master} and {@code --conf}.
 */
package io.github.cola4j.spark.cli;

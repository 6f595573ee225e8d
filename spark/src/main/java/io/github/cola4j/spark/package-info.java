/**
 * The pipeline's heavy steps on Apache Spark: {@link io.github.cola4j.spark.DistributedAudioProcessing} (log-mel
 * pre-compute with the single-machine step's bytes), {@link io.github.cola4j.spark.DistributedEmbedding} (clip
 * embeddings to Parquet) and {@link io.github.cola4j.spark.DataParallelGradients} (synchronous data-parallel COLA
 * steps for {@link io.github.cola4j.cola.train.Pretrainer}). Files go through Hadoop's FileSystem API
 * ({@link io.github.cola4j.spark.ClusterFiles}), so local, HDFS and S3 paths work.
 */
package io.github.cola4j.spark;

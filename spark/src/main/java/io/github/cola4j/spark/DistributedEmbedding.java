package io.github.cola4j.spark;

import io.github.cola4j.audio.AudioDecodeException;
import io.github.cola4j.audio.AudioDecoder;
import io.github.cola4j.cola.EncoderDescription;
import io.github.cola4j.cola.embed.AudioEncoder;
import io.github.cola4j.cola.embed.ClipEmbedding;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Serializable;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.util.LongAccumulator;
import org.apache.spark.util.SerializableConfiguration;

/**
 * {@code embed} on a Spark cluster: the clip embedding of every audio file under a folder, computed as
 * {@link AudioEncoder#embed(java.nio.file.Path, io.github.cola4j.audio.AudioClip)} does on one machine, written as Parquet with the columns {@code path}
 * (string), {@code embedding} (array of float), {@code seconds} (double) and {@code windows} (int). Files that cannot
 * be decoded are reported on the driver and listed in {@value #BAD_FILES} inside the output folder (Parquet readers
 * skip names that start with '_').
 */
public final class DistributedEmbedding {

    /** The bad-file report inside the Parquet folder. */
    public static final String BAD_FILES = "_bad_files.txt";

    /** The Parquet schema of the output. */
    public static final StructType SCHEMA = new StructType()
            .add("path", DataTypes.StringType, false)
            .add("embedding", DataTypes.createArrayType(DataTypes.FloatType, false), false)
            .add("seconds", DataTypes.DoubleType, false)
            .add("windows", DataTypes.IntegerType, false);

    private static final Map<String, AudioEncoder> ENCODERS = new ConcurrentHashMap<>();

    private DistributedEmbedding() {
    }

    /**
     * What a run did.
     *
     * @param total audio files found
     * @param embedded rows written
     * @param bad one line per file that could not be embedded, sorted
     */
    public record Result(int total, int embedded, List<String> bad) {
    }

    /**
     * One file's outcome on a worker: a row, or the reason there is none.
     *
     * @serial exclude
     */
    record Outcome(String path, float[] embedding, double seconds, int windows, String bad) implements Serializable {
    }

    /**
     * Runs the step.
     *
     * @param spark the session
     * @param encoder the encoder's safetensors file (any Hadoop path; {@code encoder.json} beside it is used for
     *     older files without metadata)
     * @param input the audio folder
     * @param output the Parquet folder to write
     * @param partitions tasks to spread the files over; 0 for the default ({@code defaultTasks})
     * @param overwrite replace an existing output folder
     * @param out progress and the summary
     * @return the counts and the bad files
     * @throws IOException if the encoder or the folder cannot be read, or the output exists without
     *     {@code overwrite}
     */
    public static Result run(SparkSession spark, String encoder, String input, String output, int partitions,
            boolean overwrite, PrintWriter out) throws IOException {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration conf = jsc.hadoopConfiguration();
        Path outPath = new Path(output);
        FileSystem outFs = ClusterFiles.fileSystem(outPath, conf);
        if (outFs.exists(outPath) && !overwrite) {
            throw new IOException(outPath + ": exists already; give --overwrite or another --out");
        }
        AudioEncoder local = encoderOf(encoder, new SerializableConfiguration(conf));
        List<ClusterFiles.Entry> all = ClusterFiles.list(new Path(input), conf, ".mp3", ".wav");
        int parts = partitions > 0 ? partitions
                : DistributedAudioProcessing.defaultTasks(all.size(), jsc.defaultParallelism());
        List<List<ClusterFiles.Entry>> bins = SizeBalancedBins.assign(all, parts);
        EncoderDescription d = local.description();
        out.printf(Locale.ROOT, "embed: %d audio files under %s; encoder %s (%s, %d-frame windows, %d values);"
                + " %d tasks on %s%n", all.size(), input, encoder, d.frontEnd().id(), d.windowFrames(),
                local.dimension(), all.isEmpty() ? 0 : bins.size(), jsc.master());
        out.flush();
        List<String> bad = new ArrayList<>();
        long rows = 0;
        if (!all.isEmpty()) {
            // broadcast: an executor deserialises (and parses) Hadoop's configuration once, not once per task
            Broadcast<SerializableConfiguration> sconf = jsc.broadcast(new SerializableConfiguration(conf));
            LongAccumulator done = jsc.sc().longAccumulator("embed files");
            JavaRDD<Outcome> outcomes = jsc.parallelize(bins, bins.size())
                    .flatMap(bin -> embedBin(bin, encoder, sconf.value(), done).iterator())
                    .persist(StorageLevel.MEMORY_AND_DISK());
            try {
                JavaFutureAction<Long> counted = outcomes.countAsync();
                JobProgress.await(counted, done, all.size(), "file", "files", out);
                JavaRDD<Row> good = outcomes.filter(o -> o.bad() == null)
                        .map(o -> RowFactory.create(o.path(), o.embedding(), o.seconds(), o.windows()));
                Dataset<Row> df = spark.createDataFrame(good, SCHEMA);
                df.write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists).parquet(outPath.toString());
                for (Outcome o : outcomes.filter(o -> o.bad() != null).collect()) {
                    bad.add(o.bad());
                }
                rows = all.size() - bad.size();
            } finally {
                outcomes.unpersist(false);
            }
        } else {
            spark.createDataFrame(List.of(), SCHEMA).write().mode(overwrite ? SaveMode.Overwrite
                    : SaveMode.ErrorIfExists).parquet(outPath.toString());
        }
        Collections.sort(bad);
        StringBuilder report = new StringBuilder();
        for (String b : bad) {
            report.append(b).append('\n');
        }
        ClusterFiles.writeString(outFs, new Path(outPath, BAD_FILES), report.toString());
        out.printf(Locale.ROOT, "embed: %d embedded, %d bad; wrote %s%n", rows, bad.size(), outPath);
        if (!bad.isEmpty()) {
            out.println("bad files (skipped, also in " + new Path(outPath, BAD_FILES) + "):");
            for (String b : bad) {
                out.println("  " + b);
            }
        }
        out.flush();
        return new Result(all.size(), (int) rows, bad);
    }

    /** One task: the embeddings of the files of one bin. */
    static List<Outcome> embedBin(List<ClusterFiles.Entry> bin, String encoder, SerializableConfiguration conf,
            LongAccumulator done) throws IOException {
        AudioEncoder enc = encoderOf(encoder, conf);
        List<Outcome> out = new ArrayList<>();
        for (ClusterFiles.Entry e : bin) {
            Path audio = new Path(e.path());
            java.nio.file.Path name = DistributedAudioProcessing.displayName(audio);
            try {
                byte[] data;
                try {
                    data = ClusterFiles.read(ClusterFiles.fileSystem(audio, conf.value()), audio);
                } catch (IOException | OutOfMemoryError ex) {
                    throw new AudioDecodeException(name, AudioDecodeException.Reason.IO, "cannot read: " + ex, ex);
                }
                ClipEmbedding c = enc.embed(name, AudioDecoder.decode(name, data, -1));
                out.add(new Outcome(name.toString(), c.embedding(), c.seconds(), c.windows().length, null));
            } catch (AudioDecodeException ex) {
                out.add(new Outcome(name.toString(), null, 0, 0, ex.getMessage()));
            } catch (RuntimeException ex) {
                out.add(new Outcome(name.toString(), null, 0, 0, name + ": failed: " + ex));
            }
            done.add(1);
        }
        return out;
    }

    /**
     * The encoder of a file, loaded once per JVM: copied from its file system to a local temporary folder (with its
     * {@code encoder.json} when there is one) and loaded from there.
     */
    static AudioEncoder encoderOf(String encoder, SerializableConfiguration conf) throws IOException {
        AudioEncoder e = ENCODERS.get(encoder);
        if (e != null) {
            return e;
        }
        synchronized (ENCODERS) {
            e = ENCODERS.get(encoder);
            if (e == null) {
                Path file = new Path(encoder);
                FileSystem fs = ClusterFiles.fileSystem(file, conf.value());
                java.nio.file.Path dir = Files.createTempDirectory("cola4j-encoder");
                java.nio.file.Path local = dir.resolve(file.getName());
                Files.write(local, ClusterFiles.read(fs, file));
                java.nio.file.Path sidecar = EncoderDescription.sidecar(local);
                Path remoteSidecar = new Path(file.getParent(), sidecar.getFileName().toString());
                if (fs.exists(remoteSidecar)) {
                    Files.write(sidecar, ClusterFiles.read(fs, remoteSidecar));
                }
                e = AudioEncoder.load(local);
                ENCODERS.put(encoder, e);
            }
            return e;
        }
    }
}

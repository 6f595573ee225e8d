package io.github.cola4j.benchmarks.audio;

import io.github.cola4j.audio.AudioClip;
import io.github.cola4j.audio.AudioDecoder;
import io.github.cola4j.audio.LogMelExtractor;
import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.audio.Resampler;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The audio front-end on one core: decode, resample to 16 kHz and log-mel of one clip.
 *
 * <p>The clip is the 30 s, 44.1 kHz stereo, 320 kbit/s MP3 that {@code benchmarks/compare_audio.py} makes
 * with {@code lame}; pass its path with {@code -p mp3=PATH}. Times are per clip; divide 30 s by them for the
 * real-time factor. Run single-threaded ({@code -t 1}); the library parallelises over clips, not within one.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules", "jdk.incubator.vector"})
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 2)
@Threads(1)
public class AudioFrontEndBenchmark {

    /** Path of the benchmark clip ({@code -p mp3=PATH}); the default is where {@code compare_audio.py} puts it. */
    @Param("/tmp/cola4j-bench/clip30_44k_stereo_320.mp3")
    public String mp3;

    private byte[] bytes;
    private Path path;
    private float[] mono44k;
    private float[] mono16k;
    private LogMelExtractor cola;
    private LogMelExtractor colaPytorch;

    /**
     * Reads and decodes the clip once, resamples it to 16 kHz and creates one extractor per preset, so that each
     * benchmark times only its own stage.
     *
     * @throws IOException if the clip cannot be read or decoded
     * @throws IllegalStateException if there is no file at {@link #mp3}
     */
    @Setup
    public void setup() throws IOException {
        path = Path.of(mp3);
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("benchmark clip " + mp3 + " not found: run benchmarks/compare_audio.py"
                    + " or pass -p mp3=PATH");
        }
        bytes = Files.readAllBytes(path);
        AudioClip clip = AudioDecoder.decode(path, bytes, -1);
        mono44k = clip.samples();
        mono16k = Resampler.of(clip.sampleRate(), 16000).process(mono44k);
        cola = new LogMelExtractor(LogMelPreset.COLA);
        colaPytorch = new LogMelExtractor(LogMelPreset.COLA_PYTORCH);
    }

    /**
     * MP3 bytes (already in memory) to mono float samples.
     *
     * @return the decoded samples, at the clip's own rate (returned so the work is not optimised away)
     * @throws IOException if the bytes cannot be decoded
     */
    @Benchmark
    public float[] decode() throws IOException {
        return AudioDecoder.decode(path, bytes, -1).samples();
    }

    /**
     * 44.1 kHz mono to 16 kHz.
     *
     * @return the resampled samples
     */
    @Benchmark
    public float[] resample() {
        return Resampler.of(44100, 16000).process(mono44k);
    }

    /**
     * File to 16 kHz mono: read, decode, mix down, resample.
     *
     * @return the samples at 16 kHz
     * @throws IOException if the file cannot be read or decoded
     */
    @Benchmark
    public float[] decodeAndResample() throws IOException {
        AudioClip clip = AudioDecoder.decode(path);
        return Resampler.of(clip.sampleRate(), 16000).process(clip.samples());
    }

    /**
     * The {@code cola} log-mel of 30 s at 16 kHz.
     *
     * @return the features, [frames][64] row-major
     */
    @Benchmark
    public float[] logMelCola() {
        return cola.compute(mono16k);
    }

    /**
     * The {@code cola-pytorch} log-mel of 30 s at 16 kHz.
     *
     * @return the features, [frames][64] row-major
     */
    @Benchmark
    public float[] logMelColaPytorch() {
        return colaPytorch.compute(mono16k);
    }
}

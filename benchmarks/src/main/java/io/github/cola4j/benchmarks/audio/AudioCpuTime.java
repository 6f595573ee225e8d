package io.github.cola4j.benchmarks.audio;

import io.github.cola4j.audio.AudioClip;
import io.github.cola4j.audio.AudioDecoder;
import io.github.cola4j.audio.LogMelExtractor;
import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.audio.Resampler;
import io.github.cola4j.nn.io.Json;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * The stages of {@link AudioFrontEndBenchmark} timed by the CPU time of the calling thread rather than wall
 * time, which stays meaningful on a machine that other jobs share. Prints one JSON object on one line:
 * {@code {"stage":[median CPU ms,minimum CPU ms,median wall ms],...}}.
 *
 * <p>Usage: {@code java --add-modules jdk.incubator.vector -cp benchmarks.jar
 * io.github.cola4j.benchmarks.audio.AudioCpuTime CLIP.mp3 [repeats]}
 */
public final class AudioCpuTime {

    private AudioCpuTime() {
    }

    /**
     * Times every stage on the given clip and prints the JSON object described above.
     *
     * @param args the MP3 clip's path, then optionally the number of timed repeats per stage (default 15)
     * @throws Exception if the clip cannot be read or decoded, or a stage fails
     */
    public static void main(String[] args) throws Exception {
        Path mp3 = Path.of(args[0]);
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        byte[] bytes = Files.readAllBytes(mp3);
        AudioClip clip = AudioDecoder.decode(mp3, bytes, -1);
        float[] mono44k = clip.samples();
        float[] mono16k = Resampler.of(clip.sampleRate(), 16000).process(mono44k);
        LogMelExtractor cola = new LogMelExtractor(LogMelPreset.COLA);
        LogMelExtractor colaPytorch = new LogMelExtractor(LogMelPreset.COLA_PYTORCH);
        Map<String, Callable<Object>> stages = new LinkedHashMap<>();
        stages.put("decode", () -> AudioDecoder.decode(mp3, bytes, -1));
        stages.put("resample", () -> Resampler.of(44100, 16000).process(mono44k));
        stages.put("decodeAndResample", () -> {
            AudioClip c = AudioDecoder.decode(mp3);
            return Resampler.of(c.sampleRate(), 16000).process(c.samples());
        });
        stages.put("logMelCola", () -> cola.compute(mono16k));
        stages.put("logMelColaPytorch", () -> colaPytorch.compute(mono16k));
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        String[] names = stages.keySet().toArray(new String[0]);
        // warm up every stage first, then measure round-robin so drifting machine load hits all stages alike
        for (int w = 0; w < 40; w++) {
            for (Callable<Object> c : stages.values()) {
                c.call();
            }
        }
        double[][] cpu = new double[names.length][repeats];
        double[][] wall = new double[names.length][repeats];
        int sink = 0;
        for (int i = 0; i < repeats; i++) {
            for (int s = 0; s < names.length; s++) {
                long c0 = mx.getCurrentThreadCpuTime();
                long w0 = System.nanoTime();
                sink += stages.get(names[s]).call().hashCode() & 1;
                wall[s][i] = (System.nanoTime() - w0) / 1e6;
                cpu[s][i] = (mx.getCurrentThreadCpuTime() - c0) / 1e6;
            }
        }
        // through Json, so that stage names are escaped and the numbers are written with a dot in every locale
        Map<String, Object> json = new LinkedHashMap<>();
        for (int s = 0; s < names.length; s++) {
            Arrays.sort(cpu[s]);
            Arrays.sort(wall[s]);
            json.put(names[s], List.of(ms(cpu[s][repeats / 2]), ms(cpu[s][0]), ms(wall[s][repeats / 2])));
        }
        if (sink < 0) {
            System.out.print("");
        }
        System.out.println(Json.writeCompact(json));
    }

    private static Json.Num ms(double v) {
        return new Json.Num(String.format(Locale.ROOT, "%.3f", v));
    }
}

package io.github.cola4j.examples.cli;

import io.github.cola4j.audio.AudioClip;
import io.github.cola4j.audio.AudioDecodeException;
import io.github.cola4j.audio.AudioDecoder;
import io.github.cola4j.audio.LogMelExtractor;
import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.tensor.io.Npy;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cola4j mel}: one audio file to its log-mel features as a {@code [frames, 64]} float32 .npy file. */
@Command(name = "mel",
        mixinStandardHelpOptions = true,
        description = "Computes the log-mel features of an MP3 or WAV file (mixed to mono, resampled to 16 kHz)"
                + " and writes them as a [frames, 64] float32 .npy file.",
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:the input could not be decoded or the output written", "2:bad usage"})
public final class MelCommand implements Callable<Integer> {

    @Option(names = "--preset", defaultValue = "cola-pytorch", paramLabel = "PRESET",
            converter = PresetConverter.class,
            description = "Log-mel front end: cola-pytorch (the seed's librosa settings) or cola (the paper's)"
                    + " (default: ${DEFAULT-VALUE}).")
    LogMelPreset preset;

    @Option(names = "--input", required = true, paramLabel = "AUDIO", description = "MP3 or WAV file.")
    Path input;

    @Option(names = "--output", required = true, paramLabel = "OUT.npy", description = ".npy file to write.")
    Path output;

    @Option(names = "--max-seconds", paramLabel = "S", defaultValue = "-1",
            description = "Decode at most the first S seconds (default: all).")
    @Bounds(min = 0, minExclusive = true)
    double maxSeconds;

    @Option(names = "--allow-truncated", description = "Accept an MP3 whose last frame is cut short.")
    boolean allowTruncated;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Path in = CliPaths.resolve(input);
        Path file = CliPaths.resolve(output);
        if (!Files.isRegularFile(in)) {
            throw new CommandFailure(in + (Files.exists(in) ? ": not a file" : ": no such file"));
        }
        if (file.getParent() != null && !Files.isDirectory(file.getParent())) {
            throw new CommandFailure(file.getParent() + ": no such directory");
        }
        AudioClip clip;
        try {
            clip = allowTruncated ? AudioDecoder.decodeAllowingTruncatedEnd(in, maxSeconds)
                    : AudioDecoder.decode(in, maxSeconds);
        } catch (AudioDecodeException e) {
            throw new CommandFailure(e.getMessage(), e);
        }
        AudioClip clip16 = clip.resampled(LogMelPreset.SAMPLE_RATE);
        LogMelExtractor extractor = new LogMelExtractor(preset);
        float[] features = extractor.compute(clip16.samples());
        int frames = extractor.frames(clip16.samples().length);
        try {
            Npy.write(file, features, frames, LogMelPreset.MELS);
        } catch (IOException e) {
            throw new CommandFailure(file + ": cannot write (" + CommandFailure.describe(e) + ")", e);
        }
        out.printf("%s: %.2f s, %d Hz, %d channel(s) -> %s [%d, %d] (%s)%n", in, clip.seconds(),
                clip.sampleRate(), clip.sourceChannels(), file, frames, LogMelPreset.MELS, preset.id());
        out.flush();
        return 0;
    }

    /** Accepts the preset's command-line names (shared with the distributed commands). */
    public static final class PresetConverter implements CommandLine.ITypeConverter<LogMelPreset> {
        /** A converter (picocli creates it). */
        public PresetConverter() {
        }

        @Override
        public LogMelPreset convert(String value) {
            try {
                return LogMelPreset.byName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' (expected cola or cola-pytorch)");
            }
        }
    }
}

package io.github.cola4j.examples.cli;

import io.github.cola4j.audio.LogMelPreset;
import picocli.CommandLine.Option;

/**
 * The options of a log-mel pre-compute, shared by {@code audio-processing} and its distributed twin
 * ({@code cola4j spark audio-processing}) so that both accept the same flags with the same defaults.
 */
public final class FeatureOptions {

    @Option(names = "--preset", defaultValue = "cola-pytorch", paramLabel = "PRESET",
            converter = MelCommand.PresetConverter.class,
            description = "Log-mel front end: cola-pytorch (the seed's librosa settings) or cola (the paper's)"
                    + " (default: ${DEFAULT-VALUE}).")
    LogMelPreset preset;

    @Option(names = "--max-seconds", defaultValue = "-1", paramLabel = "S",
            description = "Use at most the first S seconds of each file (default: all).")
    @Bounds(min = 0, minExclusive = true)
    double maxSeconds;

    @Option(names = "--min-seconds", defaultValue = "0.5", paramLabel = "S",
            description = "Report files shorter than S seconds as bad (default: ${DEFAULT-VALUE}).")
    @Bounds(min = 0)
    double minSeconds;

    @Option(names = "--max-files", defaultValue = "0", paramLabel = "N",
            description = "Process at most N files that still need it, then stop (a trial run; 0: all).")
    @Bounds(min = 0)
    int maxFiles;

    @Option(names = "--overwrite", description = "Recompute outputs that exist already.")
    boolean overwrite;

    /**
     * The front-end.
     *
     * @return the log-mel preset given (cola-pytorch by default)
     */
    public LogMelPreset preset() {
        return preset;
    }

    /**
     * How much of each file to use.
     *
     * @return seconds, negative for all
     */
    public double maxSeconds() {
        return maxSeconds;
    }

    /**
     * The length below which a file is reported as too short.
     *
     * @return seconds
     */
    public double minSeconds() {
        return minSeconds;
    }

    /**
     * The most files to process in this run.
     *
     * @return a count, 0 for all
     */
    public int maxFiles() {
        return maxFiles;
    }

    /**
     * Whether existing outputs are recomputed.
     *
     * @return true with {@code --overwrite}
     */
    public boolean overwrite() {
        return overwrite;
    }
}

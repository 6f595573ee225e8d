package io.github.cola4j.examples.cli;

import static io.github.cola4j.examples.cli.PipelineTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.audio.LogMelPreset;
import io.github.cola4j.opencl.BackendChoice;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The defaults the commands share: {@code --backend cpu} wherever there is a backend, the same log-mel preset. */
class CliDefaultsTest {

    /** Parses a command line without running it and returns the command object. */
    private static <T> T parsed(String... args) {
        CommandLine cl = Cola4jCli.commandLine();
        cl.parseArgs(args);
        return cl.getSubcommands().get(args[0]).getCommand();
    }

    @Test
    void everyBackendCommandDefaultsToTheCpu() {
        assertNull(System.getProperty("cola4j.backend"), "the default is what is tested");
        Map<String, BackendOption> options = Map.of(
                "forward", this.<ForwardCommand>parsed("forward", "--weights", "w", "--input", "i", "--output", "o")
                        .backend,
                "train-encoder", this.<TrainEncoderCommand>parsed("train-encoder", "--mp3_path", "d").backend,
                "classify", this.<ClassifyCommand>parsed("classify", "--metadata_path", "m", "--mp3_path", "d").backend,
                "demo", this.<DemoCommand>parsed("demo").backend);
        options.forEach((command, o) -> assertEquals(BackendChoice.CPU, o.backend(), command));
        for (String command : options.keySet()) {
            String help = run(command, "--help").out();
            assertTrue(help.replaceAll("\\s+", " ").contains("(default: cpu)"), command + ":\n" + help);
        }
        ForwardCommand f = parsed("forward", "--weights", "w", "--input", "i", "--output", "o", "--backend", "auto");
        assertEquals(BackendChoice.AUTO, f.backend.backend());
    }

    @Test
    void melAndAudioProcessingShareTheirPresetDefault() {
        MelCommand mel = parsed("mel", "--input", "a.wav", "--output", "a.npy");
        AudioProcessingCommand ap = parsed("audio-processing", "--mp3_path", "d");
        assertEquals(LogMelPreset.COLA_PYTORCH, mel.preset);
        assertEquals(ap.features.preset(), mel.preset);
        for (String command : List.of("mel", "audio-processing")) {
            String help = run(command, "--help").out();
            assertTrue(help.replaceAll("\\s+", " ").contains("(default: cola-pytorch)"), command + ":\n" + help);
        }
    }
}

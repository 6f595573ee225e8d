package io.github.cola4j.examples.cli;

import static io.github.cola4j.examples.cli.PipelineTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.examples.cli.PipelineTestSupport.Run;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliLoggingTest {
    @TempDir
    Path dir;

    @Test
    void libraryRecordsAreOneShortLineOnTheCommandsErrorStream() throws Exception {
        Path fma = PipelineTestSupport.copyFixture(dir);
        // classify chooses its backend before it finds that the encoder file is missing
        Path encoder = dir.resolve("absent.safetensors");
        Run r = run("classify", "--metadata_path", fma.resolve("fma_metadata").toString(), "--mp3_path",
                dir.toString(), "--encoder_path", encoder.toString());
        assertEquals(1, r.code(), r.toString());
        assertEquals(List.of("cola4j backend: cpu", "cola4j classify: " + encoder + ": no such encoder file"),
                r.err().lines().toList());
        assertFalse(r.err().contains("BackendSelector"), "no JDK two-line record: " + r.err());
        assertFalse(r.err().contains("INFO:"), r.err());
    }

    @Test
    void quietKeepsWarningsOnly() throws Exception {
        Path fma = PipelineTestSupport.copyFixture(dir);
        Run r = run("classify", "--quiet", "--metadata_path", fma.resolve("fma_metadata").toString(), "--mp3_path",
                dir.toString(), "--encoder_path", dir.resolve("absent.safetensors").toString());
        assertEquals(1, r.code(), r.toString());
        assertFalse(r.err().contains("cola4j backend"), r.err());
        assertTrue(r.err().startsWith("cola4j classify: "), "errors are not quietened: " + r.err());
        StringWriter w = new StringWriter();
        try (CliLogging quiet = CliLogging.install(new PrintWriter(w), true)) {
            System.Logger log = System.getLogger("io.github.cola4j");
            log.log(System.Logger.Level.INFO, "shown unless quiet");
            log.log(System.Logger.Level.WARNING, "kept: {0} files", 3);
        }
        assertEquals("warning: kept: 3 files" + System.lineSeparator(), w.toString());
    }

    @Test
    void aCommandRunByAQuietCommandStaysQuietAndTheOuterSettingComesBack() {
        StringWriter outer = new StringWriter();
        StringWriter inner = new StringWriter();
        System.Logger log = System.getLogger("io.github.cola4j");
        try (CliLogging q = CliLogging.install(new PrintWriter(outer), true)) {
            try (CliLogging nested = CliLogging.install(new PrintWriter(inner), false)) {
                log.log(System.Logger.Level.INFO, "inner info");
            }
            log.log(System.Logger.Level.ERROR, "outer error");
        }
        assertEquals("", inner.toString());
        assertEquals("error: outer error" + System.lineSeparator(), outer.toString());
    }
}

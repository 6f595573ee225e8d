package io.github.cola4j.examples.cli;

import static io.github.cola4j.examples.cli.PipelineTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.examples.cli.PipelineTestSupport.Run;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliLoggingTest {
    @TempDir
    Path dir;

    @Test
    void libraryRecordsAreOneShortLineOnTheCommandsErrorStream() throws Exception {
        Path fma = PipelineTestSupport.copyFixture(dir);
        Run r = run("prepare-data", "--metadata_path", fma.resolve("fma_metadata").toString(), "--out",
                dir.toString());
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.err().lines().anyMatch(l -> l.equals("cola4j backend: cpu")), r.err());
        assertFalse(r.err().contains("BackendSelector"), "no JDK two-line record: " + r.err());
        assertFalse(r.err().contains("INFO:"), r.err());
    }

    @Test
    void quietKeepsWarningsOnly() throws Exception {
        Path fma = PipelineTestSupport.copyFixture(dir);
        Run r = run("prepare-data", "--quiet", "--metadata_path", fma.resolve("fma_metadata").toString(), "--out",
                dir.toString());
        assertEquals(0, r.code(), r.toString());
        assertFalse(r.err().contains("cola4j backend"), r.err());
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

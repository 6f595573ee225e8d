package io.github.cola4j.examples.cli;

import static io.github.cola4j.examples.cli.PipelineTestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.cola4j.examples.cli.PipelineTestSupport.Run;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command line's one convention for errors: a usage error is one line {@code cola4j <command>: <what>} and a
 * pointer to the help, exit code 2; a failure is one line {@code cola4j <command>: <file>: <what>}, exit code 1.
 */
class CliErrorsTest {

    @TempDir
    Path dir;

    /** Asserts a usage error of {@code command}: exit 2, the message line (containing {@code what}) and the pointer. */
    private static void usageError(String what, String... args) {
        Run r = run(args);
        String command = args[0];
        assertEquals(2, r.code(), r.toString());
        List<String> lines = r.err().lines().toList();
        assertEquals(2, lines.size(), r.toString());
        assertTrue(lines.get(0).startsWith("cola4j " + command + ": ") && lines.get(0).contains(what), r.toString());
        assertEquals("Try 'cola4j " + command + " --help' for more information.", lines.get(1));
        assertEquals("", r.out(), "no help text after a usage error");
    }

    /** Asserts a failure: exit 1 and exactly one line, the given one. */
    private static void failure(String line, String... args) {
        Run r = run(args);
        assertEquals(1, r.code(), r.toString());
        assertEquals(List.of(line), r.err().lines().filter(l -> !l.startsWith("cola4j backend:")).toList(),
                r.toString());
    }

    @Test
    void badNumbersAreUsageErrorsNamingTheOptionBeforeAnyDataIsRead() {
        // the data folders do not exist: the values are checked first
        String none = dir.resolve("none").toString();
        usageError("Invalid value for option '--batch': 0 (must be at least 2)",
                "train-encoder", "--mp3_path", none, "--batch", "0");
        usageError("'--batch': 1 (must be at least 2)", "train-encoder", "--mp3_path", none, "--batch", "1");
        usageError("'--epochs': -3 (must be at least 1)", "train-encoder", "--mp3_path", none, "--epochs", "-3");
        usageError("'--lr': 0 (must be above 0)", "train-encoder", "--mp3_path", none, "--lr", "0");
        usageError("'--lr': NaN (must be above 0)", "train-encoder", "--mp3_path", none, "--lr", "NaN");
        usageError("'--validation-fraction': 1 (must be in [0, 1))", "train-encoder", "--mp3_path", none,
                "--validation-fraction", "1");
        usageError("'--lr-decay': 1.5 (must be in (0, 1])", "train-encoder", "--mp3_path", none, "--lr-decay", "1.5");
        usageError("'--batch': 0 (must be at least 1)", "classify", "--metadata_path", none, "--mp3_path", none,
                "--batch", "0");
        usageError("'--epochs': 0 (must be at least 1)", "classify", "--metadata_path", none, "--mp3_path", none,
                "--epochs", "0");
        usageError("'--drop-connect': 1 (must be in [0, 1))", "classify", "--metadata_path", none, "--mp3_path",
                none, "--drop-connect", "1");
        usageError("'--crop': 4 (must be at least 8)", "demo", "--out", none, "--crop", "4");
        usageError("'--batch': 1 (must be at least 2)", "demo", "--out", none, "--batch", "1");
        usageError("'--threads': -1 (must be at least 0)", "audio-processing", "--mp3_path", none, "--threads", "-1");
        usageError("'--max-seconds': 0 (must be above 0)", "mel", "--input", none, "--output", none,
                "--max-seconds", "0");
        usageError("'--batch': 'many' is not an int", "train-encoder", "--mp3_path", none, "--batch", "many");
        Run r = run("train-encoder", "--mp3_path", none, "--batch", "0");
        assertFalse(r.err().contains("batchSize"), "a Java name in the message: " + r.err());
        assertFalse(Files.exists(dir.resolve("none")));
    }

    @Test
    void badNamesMissingAndUnknownOptionsAreUsageErrors() {
        String none = dir.resolve("none").toString();
        usageError("'--pooling': 'median' (expected avg or max)", "train-encoder", "--mp3_path", none, "--pooling",
                "median");
        usageError("'--pooling': 'median' (expected avg or max)", "classify", "--metadata_path", none,
                "--mp3_path", none, "--pooling", "median");
        usageError("'--mode': 'deep' (expected finetune, linear or features)", "classify", "--metadata_path", none,
                "--mp3_path", none, "--mode", "deep");
        usageError("'--split': 'half' (expected official or random)", "classify", "--metadata_path", none,
                "--mp3_path", none, "--split", "half");
        usageError("'--subset': 'tiny' (expected small, medium or large)", "prepare-data", "--metadata_path", none,
                "--subset", "tiny");
        usageError("'--preset': 'htk' (expected cola or cola-pytorch)", "mel", "--input", none, "--output", none,
                "--preset", "htk");
        usageError("'--backend'", "train-encoder", "--mp3_path", none, "--backend", "cuda");
        usageError("Missing required option: '--mp3_path=DIR'", "train-encoder");
        usageError("Missing required option", "mel", "--input", none);
        usageError("Unknown option", "train-encoder", "--mp3_path", none, "--bach", "3");
        usageError("did you mean --batch", "train-encoder", "--mp3_path", none, "--bach", "3");
        usageError("Unknown options: '--backend'", "prepare-data", "--metadata_path", none, "--backend", "cpu");
        usageError("Unknown options: '--backend'", "audio-processing", "--mp3_path", none, "--backend", "cpu");
        Run top = run("frobnicate");
        assertEquals(2, top.code());
        assertEquals(List.of("cola4j: Unmatched argument at index 0: 'frobnicate'",
                "Try 'cola4j --help' for more information."), top.err().lines().toList());
    }

    @Test
    void helpWinsOverABadValue() {
        Run r = run("train-encoder", "--batch", "0", "--help");
        assertEquals(0, r.code(), r.toString());
        assertTrue(r.out().startsWith("Usage: cola4j train-encoder"), r.out());
    }

    @Test
    void fileErrorsAreOneLineNamingTheFile() throws IOException {
        Path none = dir.resolve("none");
        Path file = Files.writeString(dir.resolve("file.txt"), "text");
        failure("cola4j train-encoder: " + none + ": no such directory", "train-encoder", "--mp3_path", none.toString());
        failure("cola4j train-encoder: " + file + ": not a directory", "train-encoder", "--mp3_path", file.toString());
        failure("cola4j audio-processing: " + none + ": not a directory", "audio-processing", "--mp3_path",
                none.toString());
        failure("cola4j mel: " + none + ": no such file", "mel", "--input", none.toString(), "--output",
                dir.resolve("x.npy").toString());
        failure("cola4j mel: " + none + ": no such directory", "mel", "--input", file.toString(), "--output",
                none.resolve("x.npy").toString());
        failure("cola4j classify: " + none + ": no such directory", "classify", "--metadata_path", dir.toString(),
                "--mp3_path", none.toString());
        failure("cola4j forward: " + none + ": no such file", "forward", "--weights", file.toString(), "--input",
                none.toString(), "--output", dir.resolve("y.npy").toString());
        Run prep = run("prepare-data", "--metadata_path", none.toString());
        assertEquals(1, prep.code());
        assertTrue(prep.err().startsWith("cola4j prepare-data: " + none), prep.err());
        assertEquals(1, prep.err().lines().count(), prep.err());
        // a file that is not audio: named, with what is wrong
        Run mel = run("mel", "--input", file.toString(), "--output", dir.resolve("x.npy").toString());
        assertEquals(1, mel.code());
        assertTrue(mel.err().startsWith("cola4j mel: " + file + ": "), mel.err());
    }

    /** A command that fails in the way its argument says, to check what every command gets from Cola4jCli. */
    @CommandLine.Command(name = "fail")
    static final class FailingCommand implements Callable<Integer> {
        @CommandLine.Parameters(index = "0")
        String how;

        @Override
        public Integer call() throws IOException {
            switch (how) {
                case "failure" -> throw new CommandFailure("/data/x: not a directory");
                case "io" -> throw new NoSuchFileException("/data/y.npy");
                case "bug" -> throw new IllegalStateException("impossible");
                default -> {
                    return 0;
                }
            }
        }
    }

    private static Run runFailing(String how) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cl = Cola4jCli.commandLine().addSubcommand(new FailingCommand());
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int code = cl.execute("fail", how);
        return new Run(code, o.toString(), e.toString(), cl);
    }

    @Test
    void aNewCommandGetsThePrefixAndExitCodeByThrowing() {
        Run f = runFailing("failure");
        assertEquals(1, f.code());
        assertEquals("cola4j fail: /data/x: not a directory" + System.lineSeparator(), f.err());
        Run io = runFailing("io");
        assertEquals(1, io.code());
        assertEquals("cola4j fail: /data/y.npy: no such file or directory" + System.lineSeparator(), io.err());
        Run bug = runFailing("bug");
        assertEquals(1, bug.code());
        assertEquals("cola4j fail: failed: java.lang.IllegalStateException: impossible" + System.lineSeparator(),
                bug.err());
        assertEquals(0, runFailing("no").code());
    }

    @Test
    void boundsInWords() throws Exception {
        assertEquals("at least 2", BoundsCheck.rule(bounds("batch")));
        assertEquals("above 0", BoundsCheck.rule(bounds("lr")));
        assertEquals("in [0, 1)", BoundsCheck.rule(bounds("fraction")));
        assertEquals("in (0, 1]", BoundsCheck.rule(bounds("decay")));
        assertEquals("below 0.5", BoundsCheck.rule(bounds("half")));
        assertTrue(BoundsCheck.within(bounds("fraction"), 0));
        assertFalse(BoundsCheck.within(bounds("fraction"), 1));
        assertFalse(BoundsCheck.within(bounds("batch"), Double.POSITIVE_INFINITY));
    }

    private static Bounds bounds(String field) throws NoSuchFieldException {
        return Ranged.class.getDeclaredField(field).getAnnotation(Bounds.class);
    }

    /** Fields carrying the ranges the bounds tests describe. */
    @SuppressWarnings("unused")
    private static final class Ranged {
        @Bounds(min = 2)
        int batch;
        @Bounds(min = 0, minExclusive = true)
        double lr;
        @Bounds(min = 0, max = 1, maxExclusive = true)
        double fraction;
        @Bounds(min = 0, minExclusive = true, max = 1)
        double decay;
        @Bounds(max = 0.5, maxExclusive = true)
        double half;
    }
}

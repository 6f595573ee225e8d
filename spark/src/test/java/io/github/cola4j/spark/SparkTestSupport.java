package io.github.cola4j.spark;

import io.github.cola4j.examples.cli.Cola4jCli;
import io.github.cola4j.spark.cli.SparkCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs the single-machine and the Spark command lines in-process, and copies the examples' FMA fixture. */
final class SparkTestSupport {
    private SparkTestSupport() {
    }

    /** A finished command: exit code, output, error output and the command line (to reach the command objects). */
    record Run(int code, String out, String err, CommandLine commandLine) {
        <T> T command(String name) {
            return commandLine.getSubcommands().get(name).getCommand();
        }

        @Override
        public String toString() {
            return "exit " + code + "\n--- out\n" + out + "\n--- err\n" + err;
        }
    }

    static Run spark(String... args) {
        return run(SparkCli.commandLine(), args);
    }

    static Run single(String... args) {
        return run(Cola4jCli.commandLine(), args);
    }

    private static Run run(CommandLine cl, String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int code = cl.execute(args);
        return new Run(code, o.toString(), e.toString(), cl);
    }

    /**
     * Copies the examples module's FMA audio fixture (8 one-second MP3s, two of them bad) into {@code dir}.
     *
     * @return the copy's fma_small folder
     */
    static Path copyFmaSmall(Path dir) throws IOException {
        Path src = Path.of(System.getProperty("user.dir")).resolve("../examples/src/test/resources/fma/fma_small")
                .normalize();
        if (!Files.isDirectory(src)) {
            throw new IOException(src + ": the examples module's fixture is missing");
        }
        Path dst = dir.resolve("fma_small");
        try (Stream<Path> s = Files.walk(src)) {
            for (Path p : s.toList()) {
                Path t = dst.resolve(src.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(t);
                } else {
                    Files.copy(p, t, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return dst;
    }

    /** Every regular file under {@code root}, by relative path. */
    static java.util.SortedMap<String, byte[]> files(Path root) throws IOException {
        java.util.SortedMap<String, byte[]> m = new java.util.TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }
}

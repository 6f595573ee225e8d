package io.github.cola4j.examples.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;
import picocli.CommandLine;

/** Runs cola4j commands in-process and copies the FMA fixture. */
final class PipelineTestSupport {
    private PipelineTestSupport() {
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

    static Run run(String... args) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        CommandLine cl = Cola4jCli.commandLine();
        cl.setOut(new PrintWriter(o, true));
        cl.setErr(new PrintWriter(e, true));
        int code = cl.execute(args);
        return new Run(code, o.toString(), e.toString(), cl);
    }

    /** Copies the committed FMA-format fixture (src/test/resources/fma) into {@code dir}. */
    static Path copyFixture(Path dir) throws IOException {
        Path src;
        try {
            src = Path.of(PipelineTestSupport.class.getResource("/fma/fma_metadata/tracks.csv").toURI())
                    .getParent().getParent();
        } catch (URISyntaxException e) {
            throw new IOException(e);
        }
        Path dst = dir.resolve("fma");
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
}

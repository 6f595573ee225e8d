package io.github.cola4j.examples.cli;

import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;

/**
 * Runs one cola4j command as a step of a longer one ({@code demo}, {@code downstream}): framed by a
 * {@code ==> cola4j ...} line and a {@code <== name: done in N s} line on the same output, in the same JVM.
 */
final class CommandStep {
    private CommandStep() {
    }

    /**
     * Runs {@code args} (a subcommand and its options) on a fresh command line.
     *
     * @param out where the step's output and the framing lines go
     * @param err where the step's error lines go
     * @param quiet add {@code --quiet}: the caller has reported the backend once; warnings and errors still show
     * @param args the subcommand and its options
     * @return the command line that ran, to reach the command object and its results
     * @throws CommandFailure if the step ends with a non-zero exit code (its own messages are already printed)
     */
    static CommandLine run(PrintWriter out, PrintWriter err, boolean quiet, String... args) {
        out.println();
        out.println("==> cola4j " + String.join(" ", args));
        out.flush();
        CommandLine cl = Cola4jCli.commandLine();
        cl.setOut(out);
        cl.setErr(err);
        String[] line = args;
        if (quiet) {
            line = new String[args.length + 1];
            line[0] = args[0];
            line[1] = "--quiet";
            System.arraycopy(args, 1, line, 2, args.length - 1);
        }
        long t = System.nanoTime();
        int code = cl.execute(line);
        out.printf(Locale.ROOT, "<== %s: %s in %.1f s%n", args[0], code == 0 ? "done" : "FAILED (exit " + code + ")",
                (System.nanoTime() - t) / 1e9);
        out.flush();
        if (code != 0) {
            throw new CommandFailure("step '" + args[0] + "' failed (exit " + code + "); see its messages above");
        }
        return cl;
    }
}

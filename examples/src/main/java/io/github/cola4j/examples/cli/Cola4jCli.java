package io.github.cola4j.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cola4j} command: one picocli subcommand per class in this package, registered in the
 * {@code subcommands} list below; a new command is added at the end of that list (and to the list in
 * {@code examples/README.md}).
 *
 * <p>Every command follows the same conventions, which this class and its handlers put in place, so that a new
 * command gets them by following them:
 * <ul>
 *   <li><b>Exit codes.</b> 0 done; 1 the command failed (a missing or unusable file, data that does not fit, a run
 *       that went wrong); 2 bad usage. A command's {@code call()} returns 0 and throws for anything else.</li>
 *   <li><b>Failures.</b> The command throws {@link CommandFailure} with one line naming the file or value at fault
 *       and what is wrong ({@code /data/x: not a directory}); {@link FailureHandler} prints it as
 *       {@code cola4j <command>: /data/x: not a directory} on the command's error stream and exits with 1. An
 *       {@code IOException} let through is reported the same way ({@link CommandFailure#of(java.io.IOException)}
 *       describes the JDK's file-system exceptions, whose message is only the path). Commands never print their
 *       own error lines or prefixes.</li>
 *   <li><b>Usage errors.</b> A missing or unknown option or a value that does not convert is reported by
 *       {@link UsageErrorHandler} as one line, {@code cola4j <command>: <what>}, followed by
 *       {@code Try 'cola4j <command> --help' for more information.}, exit code 2. Values are checked while the
 *       command line is parsed, before any data is read: numeric ranges by annotating the option with
 *       {@link Bounds} ({@code @Bounds(min = 1) int epochs}), named values by a picocli converter
 *       ({@link PoolingConverter}, {@link SubsetConverter}) that throws {@code TypeConversionException}. Messages
 *       name the option ({@code --batch}), never a Java field.</li>
 *   <li><b>Options.</b> Defaults are written in the help ({@code (default: ${DEFAULT-VALUE})}). Commands that
 *       compute with tensors add the {@link BackendOption} mixin ({@code --backend}, default {@code cpu});
 *       others do not have the option. Paths from the command line go through {@link CliPaths#resolve}, so they
 *       are relative to the working directory.</li>
 *   <li><b>Output.</b> Results and progress on the command's output stream ({@code spec.commandLine().getOut()}),
 *       progress lines in the format of {@code io.github.cola4j.cola.ProgressLine}; the library's log records
 *       come one per line on the error stream ({@link CliLogging}); {@code --quiet} keeps warnings and errors.</li>
 * </ul>
 */
@Command(name = "cola4j",
        mixinStandardHelpOptions = true,
        versionProvider = Cola4jCli.Version.class,
        description = "cola4j: COLA audio representations in pure Java.",
        footer = {"", "On Apache Spark (a cluster, or local[N] here): cola4j spark audio-processing | embed |"
                + " train-encoder ... (cola4j spark --help; spark/README.md)."},
        subcommands = {
            CommandLine.HelpCommand.class,
            MelCommand.class,
            ForwardCommand.class,
            PrepareDataCommand.class,
            AudioProcessingCommand.class,
            TrainEncoderCommand.class,
            ClassifyCommand.class,
            EmbedCommand.class,
            SimilarCommand.class,
            DownstreamCommand.class,
            DemoCommand.class,
            // further commands are added here, in the order their help should list them
        })
public final class Cola4jCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-q", "--quiet"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Log warnings and errors only (no information lines such as the backend chosen).")
    boolean quiet;

    @Override
    public void run() {
        // no subcommand: show the usage
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /**
     * A command line with this library's settings (used by {@link #main} and by tests).
     *
     * @return a new picocli command line with every subcommand and case-insensitive enum values
     */
    public static CommandLine commandLine() {
        return configure(new CommandLine(new Cola4jCli()));
    }

    /**
     * Gives a command line (this one, or another tool's such as {@code cola4j spark}) the conventions of every
     * cola4j command: case-insensitive enum values, {@link Bounds} checks, one-line log records (and
     * {@code --quiet} when the root command declares it), usage errors with exit code 2 and failures reported as
     * one line with exit code 1.
     *
     * @param cl a command line whose subcommands are registered
     * @return {@code cl}, configured
     */
    public static CommandLine configure(CommandLine cl) {
        return cl.setCaseInsensitiveEnumValuesAllowed(true).setExecutionStrategy(Cola4jCli::execute)
                .setParameterExceptionHandler(new UsageErrorHandler())
                .setExecutionExceptionHandler(new FailureHandler());
    }

    /**
     * Runs the chosen command: shows the help or version when asked, else checks the options' {@link Bounds} and
     * runs it with the library's log records shown as one short line each on its error stream.
     */
    private static int execute(CommandLine.ParseResult parsed) {
        Integer help = CommandLine.executeHelpRequest(parsed);
        if (help != null) {
            return help;
        }
        BoundsCheck.check(parsed);
        boolean quiet = false;
        for (CommandLine.ParseResult p = parsed; p != null; p = p.subcommand()) {
            quiet |= p.hasMatchedOption("--quiet");
        }
        try (CliLogging logging = CliLogging.install(parsed.commandSpec().commandLine().getErr(), quiet)) {
            return new CommandLine.RunLast().execute(parsed);
        }
    }


    /**
     * Runs the {@code cola4j} command and exits the JVM with its exit code.
     *
     * @param args the command line: a subcommand and its options
     */
    public static void main(String[] args) {
        // the charts are drawn on images only: no display connection (or dock icon) is wanted
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        int code = commandLine().execute(args);
        System.exit(code);
    }

    /** Reports the version from the jar manifest, or the development version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Cola4jCli.class.getPackage().getImplementationVersion();
            return new String[] {"cola4j " + (v == null ? "0.1.0-SNAPSHOT" : v),
                "Java " + System.getProperty("java.version")};
        }
    }
}

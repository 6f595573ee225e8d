package io.github.cola4j.examples.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cola4j} command. Subcommands are registered in the {@code subcommands} list below; each is a
 * picocli command class in this package.
 */
@Command(name = "cola4j",
        mixinStandardHelpOptions = true,
        versionProvider = Cola4jCli.Version.class,
        description = "cola4j: COLA audio representations in pure Java.",
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
            DemoCommand.class,
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
        spec.commandLine().usage(System.err);
    }

    /**
     * A command line with this library's settings (used by {@link #main} and by tests).
     *
     * @return a new picocli command line with every subcommand and case-insensitive enum values
     */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Cola4jCli()).setCaseInsensitiveEnumValuesAllowed(true);
        return cl.setExecutionStrategy(Cola4jCli::executeWithLogging);
    }

    /** Runs the chosen command with the library's log records shown as one short line each on its error stream. */
    private static int executeWithLogging(CommandLine.ParseResult parsed) {
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

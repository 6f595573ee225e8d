package io.github.cola4j.spark.cli;

import io.github.cola4j.examples.cli.Cola4jCli;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code cola4j spark} command: the pipeline's heavy steps on Apache Spark. {@code ./cola4j spark ...} runs it
 * with Spark on the classpath (local masters need no Spark installation); {@code spark-submit} runs the module's
 * application jar, whose main class this is.
 */
@Command(name = "cola4j spark", mixinStandardHelpOptions = true,
        versionProvider = SparkCli.Version.class,
        description = "cola4j on Apache Spark: distributed audio-processing, embedding and data-parallel pre-training.",
        subcommands = {
            CommandLine.HelpCommand.class,
            SparkAudioProcessingCommand.class,
            SparkEmbedCommand.class,
            SparkTrainEncoderCommand.class,
        })
public final class SparkCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @CommandLine.Option(names = {"-q", "--quiet"}, scope = CommandLine.ScopeType.INHERIT,
            description = "Log warnings and errors only.")
    boolean quiet;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getErr());
    }

    /**
     * A command line with every {@code cola4j spark} subcommand and the conventions of all cola4j commands.
     *
     * @return a new picocli command line
     */
    public static CommandLine commandLine() {
        return Cola4jCli.configure(new CommandLine(new SparkCli()));
    }

    /**
     * Runs the command and exits the JVM with its exit code.
     *
     * @param args a subcommand and its options
     */
    public static void main(String[] args) {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        System.exit(commandLine().execute(args));
    }

    /** Reports cola4j's and Spark's versions. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = SparkCli.class.getPackage().getImplementationVersion();
            return new String[] {"cola4j spark " + (v == null ? "0.1.0-SNAPSHOT" : v),
                "Spark " + org.apache.spark.package$.MODULE$.SPARK_VERSION(),
                "Java " + System.getProperty("java.version")};
        }
    }
}

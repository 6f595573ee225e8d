package io.github.cola4j.spark.cli;

import io.github.cola4j.examples.cli.CliPaths;
import io.github.cola4j.spark.SparkSessions;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The options every {@code cola4j spark} command shares: where Spark runs, and further Spark settings. */
public final class SparkOptions {

    @Option(names = "--master", paramLabel = "URL",
            description = "Spark master: local[N] (N worker threads in this JVM; local[N,F] also retries a failed"
                    + " task F-1 times), spark://host:7077, yarn, k8s://... (default: the one spark-submit set, else"
                    + " local[*]).")
    String master;

    @Option(names = "--conf", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "A Spark setting, as spark-submit's --conf (repeatable), e.g. --conf"
                    + " spark.executor.memory=8g.")
    Map<String, String> settings = new LinkedHashMap<>();

    /**
     * Opens the session these options describe.
     *
     * @param appName the application's name
     * @return the session
     */
    public SparkSession open(String appName) {
        return SparkSessions.open(master, appName, settings);
    }

    /**
     * A path given on the command line as Hadoop should see it: one with a scheme ({@code hdfs://},
     * {@code s3a://}, {@code file:}) as it is, an absolute one as it is (on the cluster's default file system), a
     * relative one resolved against the working directory (a local path).
     *
     * @param given the path as typed
     * @return the path for Hadoop
     */
    public static String path(String given) {
        URI u;
        try {
            u = URI.create(given);
        } catch (IllegalArgumentException e) {
            u = null;
        }
        if (u != null && u.getScheme() != null && u.getScheme().length() > 1) {
            return given;
        }
        if (given.startsWith("/")) {
            return given;
        }
        return CliPaths.resolve(java.nio.file.Path.of(given)).toString();
    }
}

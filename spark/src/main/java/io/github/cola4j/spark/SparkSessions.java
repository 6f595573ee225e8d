package io.github.cola4j.spark;

import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Opens the Spark session the commands run in. Under {@code spark-submit} the master and settings come from there;
 * run directly ({@code ./cola4j spark ... --master local[2]}), the master is the one given.
 */
public final class SparkSessions {

    private SparkSessions() {
    }

    /**
     * A session for one command.
     *
     * @param master the master URL ({@code local[2]}, {@code spark://host:7077}, {@code yarn} ...); null to take the
     *     one spark-submit set, or {@code local[*]} when there is none
     * @param appName the application's name in the cluster's UI
     * @param settings further Spark settings ({@code --conf key=value}), applied last
     * @return the session (close it when done)
     */
    public static SparkSession open(String master, String appName, Map<String, String> settings) {
        SparkConf conf = new SparkConf().setAppName(appName);
        if (master != null) {
            conf.setMaster(master);
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        if (conf.get("spark.master").startsWith("local")) {
            // one machine: no web server, and the loopback address, which a container whose host name does not
            // resolve still has
            conf.setIfMissing("spark.ui.enabled", "false");
            conf.setIfMissing("spark.driver.bindAddress", "127.0.0.1");
            conf.setIfMissing("spark.driver.host", "localhost");
        }
        settings.forEach(conf::set);
        return SparkSession.builder().config(conf).getOrCreate();
    }
}

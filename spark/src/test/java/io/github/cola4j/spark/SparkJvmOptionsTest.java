package io.github.cola4j.spark;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launcher starts {@code cola4j spark} with the options in {@code spark/jvm.options}; the tests run with the
 * pom's copy. Both must hold the same options, or a command that passes its tests could fail to start Spark.
 */
class SparkJvmOptionsTest {

    @Test
    void theTestJvmRunsWithEveryOptionTheLauncherGives() throws Exception {
        List<String> file = Files.readAllLines(Path.of("jvm.options")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        assertTrue(file.size() > 10, file.toString());
        List<String> jvm = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String option : file) {
            assertTrue(jvm.contains(option),
                    option + " is in jvm.options but not in the pom's surefire.jvm.args: " + jvm);
        }
    }
}

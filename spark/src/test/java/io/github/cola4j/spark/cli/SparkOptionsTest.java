package io.github.cola4j.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.cola4j.examples.cli.CliPaths;
import org.junit.jupiter.api.Test;

class SparkOptionsTest {

    @Test
    void pathsWithASchemeOrAbsoluteStayAsTheyAreRelativeOnesAreLocal() {
        assertEquals("hdfs://nn:8020/data/fma", SparkOptions.path("hdfs://nn:8020/data/fma"));
        assertEquals("s3a://bucket/fma_large", SparkOptions.path("s3a://bucket/fma_large"));
        assertEquals("file:/tmp/x", SparkOptions.path("file:/tmp/x"));
        assertEquals("/data/fma", SparkOptions.path("/data/fma"));
        assertEquals(CliPaths.workingDir().resolve("fma_small").toString(), SparkOptions.path("fma_small"));
        assertEquals(CliPaths.workingDir().resolve("my music/a b").toString(), SparkOptions.path("my music/a b"));
    }
}

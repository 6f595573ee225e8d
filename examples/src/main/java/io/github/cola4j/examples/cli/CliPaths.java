package io.github.cola4j.examples.cli;

import java.nio.file.Path;

/**
 * How the commands read paths from the command line: relative paths are relative to the user's working directory
 * (the {@code user.dir} system property, which tests and the demo may point elsewhere).
 */
public final class CliPaths {
    private CliPaths() {
    }

    /**
     * The directory relative paths are relative to: the user's working directory.
     *
     * @return the absolute path of the {@code user.dir} system property
     */
    public static Path workingDir() {
        return Path.of(System.getProperty("user.dir")).toAbsolutePath();
    }

    /**
     * {@code p} resolved against the working directory (absolute paths unchanged), normalised.
     *
     * @param p a path from the command line, relative or absolute
     * @return the absolute, normalised path
     */
    public static Path resolve(Path p) {
        return workingDir().resolve(p).normalize();
    }

    /**
     * {@code p} resolved, or {@code fallback} resolved when {@code p} is null.
     *
     * @param p a path from the command line, or null when the option was not given
     * @param fallback the default path, relative to the working directory (for example {@code "."})
     * @return the absolute, normalised path
     */
    public static Path resolve(Path p, String fallback) {
        return resolve(p == null ? Path.of(fallback) : p);
    }
}

package io.github.cola4j.examples.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * How a usage error is reported (a missing or unknown option, a value that does not convert or lies outside its
 * {@link Bounds}): one line {@code cola4j <command>: <what>} and a pointer to the command's help, on its error
 * stream, and exit code 2. Picocli's default would print the whole help text after the message.
 */
final class UsageErrorHandler implements CommandLine.IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cl = ex.getCommandLine();
        CommandSpec spec = cl.getCommandSpec();
        PrintWriter err = cl.getErr();
        err.println(spec.qualifiedName() + ": " + message(ex));
        err.println("Try '" + spec.qualifiedName() + " --help' for more information.");
        err.flush();
        return spec.exitCodeOnInvalidInput();
    }

    /**
     * The error as one line, with picocli's suggestions for a mistyped option ({@code --bach}) appended.
     *
     * @param ex the usage error
     * @return its message with line breaks turned into spaces
     */
    static String message(ParameterException ex) {
        String m = ex.getMessage() == null ? "bad usage" : ex.getMessage().strip();
        if (ex instanceof UnmatchedArgumentException u && !u.getUnmatched().isEmpty()
                && u.getUnmatched().get(0).startsWith("-")) {
            // suggestions for a mistyped option only: picocli's guesses for a mistyped command are far-fetched
            List<String> s = u.getSuggestions();
            if (!s.isEmpty()) {
                m += " (did you mean " + String.join(" or ", s.subList(0, Math.min(3, s.size()))) + "?)";
            }
        }
        return m.replaceAll("\\s*\\R\\s*", " ");
    }
}

package io.github.cola4j.examples.fma;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * A reader of RFC 4180 comma-separated values: fields separated by commas, records by CRLF or LF (a lone CR is
 * accepted too); a field in double quotes may hold commas, line breaks and doubled quotes ({@code ""} for one
 * {@code "}). Also accepted, as pandas writes and reads them: a UTF-8 byte-order mark at the start and no line
 * break after the last record. A quote inside an unquoted field is kept as an ordinary character; text after a
 * closing quote (before the next comma) is an error, as is end of input inside quotes.
 */
public final class Csv implements AutoCloseable {
    private final Reader in;
    private final String source;
    private long line = 1;
    private int pushedBack = -2;
    private boolean started;
    private boolean ended;

    /**
     * Reads from {@code in}; {@code source} names it in error messages.
     *
     * @param in the characters to parse (buffered here unless already a {@link BufferedReader}); closed by
     *     {@link #close()}
     * @param source a name for the input, such as its file path
     */
    public Csv(Reader in, String source) {
        this.in = in instanceof BufferedReader ? in : new BufferedReader(in, 1 << 16);
        this.source = source;
    }

    /** A malformed input, with the line it was found on. */
    public static final class FormatException extends IOException {
        private static final long serialVersionUID = 1L;

        FormatException(String message) {
            super(message);
        }
    }

    private int read() throws IOException {
        if (pushedBack != -2) {
            int c = pushedBack;
            pushedBack = -2;
            return c;
        }
        return in.read();
    }

    /**
     * The line the next record starts on (1-based).
     *
     * @return the physical line number, counting line breaks inside quoted fields
     */
    public long line() {
        return line;
    }

    /**
     * The next record's fields, or null at the end of the input. An empty line is a record of one empty field.
     *
     * @return a new list of at least one field, quotes removed, or null when the input is exhausted
     * @throws IOException if reading fails, or ({@link FormatException}) a quoted field is not closed or is
     *     followed by text before the next comma
     */
    public List<String> next() throws IOException {
        if (ended) {
            return null;
        }
        int c = read();
        if (!started) {
            started = true;
            if (c == '\uFEFF') {
                c = read();
            }
        }
        if (c == -1) {
            ended = true;
            return null;
        }
        long startLine = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        while (true) {
            if (c == '"' && field.length() == 0) {
                // quoted field
                while (true) {
                    c = read();
                    if (c == -1) {
                        throw new FormatException(source + ": line " + startLine + ": end of input inside a quoted field");
                    }
                    if (c == '"') {
                        int d = read();
                        if (d == '"') {
                            field.append('"');
                            continue;
                        }
                        c = d;
                        break;
                    }
                    if (c == '\n') {
                        line++;
                    } else if (c == '\r') {
                        int d = read();
                        if (d != '\n') {
                            pushedBack = d;
                            line++;
                            field.append('\r');
                            continue;
                        }
                        line++;
                        field.append("\r\n");
                        continue;
                    }
                    field.append((char) c);
                }
                if (c != ',' && c != '\n' && c != '\r' && c != -1) {
                    throw new FormatException(source + ": line " + line + ": text after the closing quote of field "
                            + (fields.size() + 1));
                }
            } else {
                while (c != ',' && c != '\n' && c != '\r' && c != -1) {
                    field.append((char) c);
                    c = read();
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (c == ',') {
                c = read();
                continue;
            }
            if (c == '\r') {
                int d = read();
                if (d != '\n') {
                    pushedBack = d;
                }
            }
            if (c == -1) {
                ended = true;
            } else {
                line++;
            }
            return fields;
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}

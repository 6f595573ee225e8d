package io.github.cola4j.nn.io;

/**
 * The project's one JSON implementation (RFC 8259), used for safetensors headers and for every JSON file the
 * library and its tools read or write.
 *
 * <p>Reading is strict and bounded: {@link #parse(String)} accepts exactly one JSON value, rejects duplicate keys,
 * trailing content and nesting deeper than {@value #MAX_DEPTH}, never evaluates anything, and reports the
 * character offset of the first error. Objects become insertion-ordered {@code Map<String, Object>}, arrays
 * {@code List<Object>}, strings {@link String}, numbers {@link Num} (their text, so no precision is lost before the
 * caller picks a type), {@code true}/{@code false} {@link Boolean} and {@code null} {@link #NULL}. Callers bound
 * the size of the text themselves (safetensors caps its header length).
 *
 * <p>Writing takes the same kinds of values, plus Java {@code null}, any {@link Number}, and {@code int[]},
 * {@code long[]} and {@code double[]} as arrays: {@link #write(Object)} pretty-prints, {@link #writeCompact(Object)}
 * writes without any blank.
 */
public final class Json {
    /** The deepest nesting of arrays and objects that {@link #parse(String)} accepts. */
    public static final int MAX_DEPTH = 64;

    /** The JSON null value as {@link #parse(String)} returns it (maps and lists hold it where Java null is awkward). */
    public static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /**
     * A JSON number kept as its text: the parser returns numbers this way so that no precision is lost before the
     * caller decides on a type, and a writer uses it to choose the exact text (such as a fixed number of decimals).
     *
     * @param text the number as RFC 8259 writes it: optional minus, integer part without leading zeros, optional
     *     fraction and exponent
     */
    public record Num(String text) {
        /**
         * Checks that {@code text} is a JSON number.
         *
         * @param text the number's JSON text
         * @throws IllegalArgumentException if {@code text} is not a JSON number (such as {@code NaN}, {@code 1.},
         *     {@code +1} or {@code 01})
         */
        public Num {
            if (!JsonParser.isNumber(text)) {
                throw new IllegalArgumentException("not a JSON number: '" + text + "'");
            }
        }

        /**
         * The value as a non-negative long, for sizes and offsets.
         *
         * @return the value, or -1 when it is not a plain non-negative integer (no fraction, no exponent) that fits
         *     in a long
         */
        public long nonNegativeLong() {
            if (text.charAt(0) == '-' || text.indexOf('.') >= 0 || text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
                return -1;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /**
         * The value as the nearest double.
         *
         * @return the double nearest to the text's value (infinite when it is beyond the range of a double)
         */
        public double doubleValue() {
            return Double.parseDouble(text);
        }

        /**
         * The number's JSON text.
         *
         * @return {@link #text()}
         */
        @Override
        public String toString() {
            return text;
        }
    }

    /** Malformed JSON; the message names the character offset and what was expected. */
    public static final class JsonException extends Exception {
        private static final long serialVersionUID = 1L;

        JsonException(String message) {
            super(message);
        }
    }

    private Json() {
    }

    /**
     * Parses one JSON value that makes up the whole of {@code text} (surrounding blanks allowed).
     *
     * @param text the JSON text
     * @return a {@code Map<String, Object>} (insertion-ordered), {@code List<Object>}, {@link String}, {@link Num},
     *     {@link Boolean} or {@link #NULL}, nested as in the text
     * @throws JsonException if the text is not exactly one JSON value, has a duplicate key in an object, or nests
     *     deeper than {@value #MAX_DEPTH}
     */
    public static Object parse(String text) throws JsonException {
        return JsonParser.parse(text);
    }

    /**
     * The pretty-printed JSON text of a value: two-space indentation, {@code ": "} after keys, one member or element
     * per line, except that an array of scalars, and an object of scalars that is an element of an array, stay on
     * one line (so that a list of records reads as rows and a vector as one line).
     *
     * @param value a {@code Map} with {@link String} keys (written in its iteration order), a {@code List},
     *     {@code int[]}, {@code long[]}, {@code double[]}, {@link String}, {@link Boolean}, {@link Num}, any other
     *     {@link Number}, {@link #NULL} or Java null, nested at will; a non-finite float or double is written as
     *     {@code null}, a whole double below 10<sup>15</sup> with one decimal ({@code 3.0}), any other double in its
     *     shortest form
     * @return the text, ending in a newline
     * @throws IllegalArgumentException if the value holds anything else, a non-string key, or a number whose text
     *     is not JSON
     */
    public static String write(Object value) {
        return JsonWriter.pretty(value);
    }

    /**
     * The JSON text of a value without any blank or line break, as {@link #write(Object)} takes it.
     *
     * @param value a value of the kinds {@link #write(Object)} takes
     * @return the text on one line, without a trailing newline
     * @throws IllegalArgumentException if the value holds anything {@link #write(Object)} does not take
     */
    public static String writeCompact(Object value) {
        return JsonWriter.compact(value);
    }

    /**
     * {@code text} as a JSON string literal: quotes, backslashes and control characters escaped, everything else
     * (non-ASCII included) as it is.
     *
     * @param text any string
     * @return the literal, quotes included
     */
    public static String quote(String text) {
        StringBuilder sb = new StringBuilder(text.length() + 2);
        JsonWriter.quote(sb, text);
        return sb.toString();
    }
}

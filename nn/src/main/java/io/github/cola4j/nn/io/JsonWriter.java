package io.github.cola4j.nn.io;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The writer behind {@link Json#write(Object)} and {@link Json#writeCompact(Object)}. Every string goes through
 * {@link #quote(StringBuilder, String)} and every number is checked to be valid JSON text, so whatever it writes
 * parses back.
 */
final class JsonWriter {
    private static final String INDENT = "  ";

    private final StringBuilder sb = new StringBuilder();
    private final boolean pretty;

    private JsonWriter(boolean pretty) {
        this.pretty = pretty;
    }

    static String pretty(Object value) {
        JsonWriter w = new JsonWriter(true);
        w.value(value, 0, false);
        return w.sb.append('\n').toString();
    }

    static String compact(Object value) {
        JsonWriter w = new JsonWriter(false);
        w.value(value, 0, false);
        return w.sb.toString();
    }

    /**
     * Writes {@code v}; {@code indent} is the nesting level of the line it starts on, {@code inArray} whether it is
     * an element of an array (an object of scalars is then kept on one line).
     */
    private void value(Object v, int indent, boolean inArray) {
        if (v == null || v == Json.NULL) {
            sb.append("null");
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof Boolean b) {
            sb.append(b.booleanValue());
        } else if (v instanceof Json.Num n) {
            sb.append(n.text());
        } else if (v instanceof Double || v instanceof Float) {
            sb.append(floating((Number) v));
        } else if (v instanceof Number n) {
            sb.append(new Json.Num(n.toString()).text());
        } else if (v instanceof Map<?, ?> m) {
            object(m, indent, inArray);
        } else if (v instanceof List<?> l) {
            array(l, indent);
        } else if (v instanceof int[] a) {
            array(Arrays.stream(a).boxed().toList(), indent);
        } else if (v instanceof long[] a) {
            array(Arrays.stream(a).boxed().toList(), indent);
        } else if (v instanceof double[] a) {
            array(Arrays.stream(a).boxed().toList(), indent);
        } else {
            throw new IllegalArgumentException("cannot write a " + v.getClass().getName() + " as JSON");
        }
    }

    /** Non-finite values have no JSON form; whole values keep a decimal so that readers see a float. */
    private static String floating(Number n) {
        double d = n.doubleValue();
        if (!Double.isFinite(d)) {
            return "null";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return String.format(Locale.ROOT, "%.1f", d);
        }
        String shortest = n instanceof Float ? Float.toString(n.floatValue()) : Double.toString(d);
        return shortest.replace('E', 'e');
    }

    private void object(Map<?, ?> m, int indent, boolean inArray) {
        if (m.isEmpty()) {
            sb.append("{}");
            return;
        }
        boolean oneLine = !pretty || (inArray && m.values().stream().allMatch(JsonWriter::isScalar));
        sb.append('{');
        int i = 0;
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getKey() instanceof String key)) {
                throw new IllegalArgumentException("JSON object keys are strings, not " + e.getKey());
            }
            separator(i++ > 0, oneLine, indent + 1);
            quote(sb, key);
            sb.append(pretty ? ": " : ":");
            value(e.getValue(), indent + 1, false);
        }
        close('}', oneLine, indent);
    }

    private void array(List<?> l, int indent) {
        if (l.isEmpty()) {
            sb.append("[]");
            return;
        }
        boolean oneLine = !pretty || l.stream().allMatch(JsonWriter::isScalar);
        sb.append('[');
        for (int i = 0; i < l.size(); i++) {
            separator(i > 0, oneLine, indent + 1);
            value(l.get(i), indent + 1, true);
        }
        close(']', oneLine, indent);
    }

    private void separator(boolean notFirst, boolean oneLine, int indent) {
        if (notFirst) {
            sb.append(',');
        }
        if (oneLine) {
            if (notFirst && pretty) {
                sb.append(' ');
            }
        } else {
            sb.append('\n').append(INDENT.repeat(indent));
        }
    }

    private void close(char c, boolean oneLine, int indent) {
        if (!oneLine) {
            sb.append('\n').append(INDENT.repeat(indent));
        }
        sb.append(c);
    }

    /** Anything but a non-empty container: what stays on one line inside a one-line array or object. */
    private static boolean isScalar(Object v) {
        if (v instanceof Map<?, ?> m) {
            return m.isEmpty();
        }
        if (v instanceof List<?> l) {
            return l.isEmpty();
        }
        if (v instanceof int[] a) {
            return a.length == 0;
        }
        if (v instanceof long[] a) {
            return a.length == 0;
        }
        if (v instanceof double[] a) {
            return a.length == 0;
        }
        return true;
    }

    /** Appends {@code text} as a JSON string literal (see {@link Json#quote(String)}). */
    static void quote(StringBuilder sb, String text) {
        sb.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}

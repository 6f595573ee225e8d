package io.github.cola4j.examples.fma;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A small JSON writer for the pipeline's outputs: maps (in their iteration order), lists, strings, numbers,
 * booleans and null, pretty-printed with two-space indentation. Values that are already JSON text can be embedded
 * with {@link Raw}.
 */
public final class Json {

    /**
     * Text inserted as it is (for example {@code ClassificationReport.toJson()}).
     *
     * @param json valid JSON text; surrounding blanks are stripped and its lines indented to the insertion point
     */
    public record Raw(String json) {
    }

    private Json() {
    }

    /**
     * The JSON text of a value.
     *
     * @param value a map, list, string, number, boolean, {@code double[]}, {@code int[]}, {@link Raw} or null,
     *     nested at will; non-finite numbers become {@code null} and other objects their quoted
     *     {@code toString()}
     * @return the pretty-printed text, ending in a newline
     */
    public static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        write(sb, value, 0);
        return sb.append('\n').toString();
    }

    private static void write(StringBuilder sb, Object v, int indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Raw r) {
            sb.append(r.json().strip().replace("\n", "\n" + "  ".repeat(indent)));
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof Boolean b) {
            sb.append(b);
        } else if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (!Double.isFinite(d)) {
                sb.append("null");
            } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
                sb.append(String.format(Locale.ROOT, "%.1f", d));
            } else {
                sb.append(Double.toString(d).replace('E', 'e'));
            }
        } else if (v instanceof Number n) {
            sb.append(n);
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                sb.append("{}");
                return;
            }
            sb.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                sb.append("  ".repeat(indent + 1));
                quote(sb, String.valueOf(e.getKey()));
                sb.append(": ");
                write(sb, e.getValue(), indent + 1);
                sb.append(++i < m.size() ? ",\n" : "\n");
            }
            sb.append("  ".repeat(indent)).append('}');
        } else if (v instanceof List<?> l) {
            boolean flat = l.stream().allMatch(x -> x == null || x instanceof Number || x instanceof Boolean);
            if (flat) {
                sb.append('[');
                for (int i = 0; i < l.size(); i++) {
                    if (i > 0) {
                        sb.append(", ");
                    }
                    write(sb, l.get(i), indent);
                }
                sb.append(']');
                return;
            }
            if (l.isEmpty()) {
                sb.append("[]");
                return;
            }
            sb.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                sb.append("  ".repeat(indent + 1));
                write(sb, l.get(i), indent + 1);
                sb.append(i + 1 < l.size() ? ",\n" : "\n");
            }
            sb.append("  ".repeat(indent)).append(']');
        } else if (v instanceof double[] a) {
            java.util.List<Object> l = new java.util.ArrayList<>();
            for (double d : a) {
                l.add(d);
            }
            write(sb, l, indent);
        } else if (v instanceof int[] a) {
            java.util.List<Object> l = new java.util.ArrayList<>();
            for (int d : a) {
                l.add(d);
            }
            write(sb, l, indent);
        } else {
            quote(sb, v.toString());
        }
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
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

package io.github.cola4j.nn.optim;

import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal JSON reader for the test fixtures: objects become LinkedHashMaps, arrays Lists, numbers Doubles,
 * plus strings, booleans and null. No escapes beyond the simple ones; enough for what the generator writes.
 */
final class Json {
    private final String s;
    private int pos;

    private Json(String s) {
        this.s = s;
    }

    static Object parse(String text) {
        Json j = new Json(text);
        Object v = j.value();
        j.skipSpace();
        if (j.pos != text.length()) {
            throw j.error("trailing characters");
        }
        return v;
    }

    /** Reads a fixture from the test class path, e.g. {@code "fixtures/optim/optimizers.json"}. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> resource(String path) {
        try (InputStream in = Json.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("fixture " + path + " not found on the class path");
            }
            return (Map<String, Object>) parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {"shape": [...], "data": [...]} object as a float64 tensor. */
    @SuppressWarnings("unchecked")
    static Tensor tensor(Object o) {
        Map<String, Object> m = (Map<String, Object>) o;
        List<Object> shape = (List<Object>) m.get("shape");
        int[] s = new int[shape.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = ((Double) shape.get(i)).intValue();
        }
        double[] d = doubles(m.get("data"));
        return s.length == 0 ? Tensor.scalar(DType.FLOAT64, d[0]) : Tensor.of(d, s);
    }

    @SuppressWarnings("unchecked")
    static double[] doubles(Object o) {
        List<Object> l = (List<Object>) o;
        double[] d = new double[l.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (Double) l.get(i);
        }
        return d;
    }

    @SuppressWarnings("unchecked")
    static int[] ints(Object o) {
        List<Object> l = (List<Object>) o;
        int[] d = new int[l.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = ((Double) l.get(i)).intValue();
        }
        return d;
    }

    private Object value() {
        skipSpace();
        if (pos >= s.length()) {
            throw error("unexpected end");
        }
        char c = s.charAt(pos);
        switch (c) {
            case '{': return object();
            case '[': return array();
            case '"': return string();
            case 't': return literal("true", Boolean.TRUE);
            case 'f': return literal("false", Boolean.FALSE);
            case 'n': return literal("null", null);
            default: return number();
        }
    }

    private Map<String, Object> object() {
        Map<String, Object> m = new LinkedHashMap<>();
        pos++;
        skipSpace();
        if (peek('}')) {
            pos++;
            return m;
        }
        while (true) {
            skipSpace();
            String k = string();
            skipSpace();
            expect(':');
            m.put(k, value());
            skipSpace();
            if (peek(',')) {
                pos++;
            } else {
                expect('}');
                return m;
            }
        }
    }

    private List<Object> array() {
        List<Object> l = new ArrayList<>();
        pos++;
        skipSpace();
        if (peek(']')) {
            pos++;
            return l;
        }
        while (true) {
            l.add(value());
            skipSpace();
            if (peek(',')) {
                pos++;
            } else {
                expect(']');
                return l;
            }
        }
    }

    private String string() {
        expect('"');
        StringBuilder b = new StringBuilder();
        while (pos < s.length() && s.charAt(pos) != '"') {
            char c = s.charAt(pos++);
            if (c == '\\') {
                char e = s.charAt(pos++);
                b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
            } else {
                b.append(c);
            }
        }
        expect('"');
        return b.toString();
    }

    private Object literal(String word, Object v) {
        if (!s.startsWith(word, pos)) {
            throw error("expected " + word);
        }
        pos += word.length();
        return v;
    }

    private Double number() {
        int start = pos;
        while (pos < s.length() && "+-0123456789.eEInfinityNa".indexOf(s.charAt(pos)) >= 0) {
            pos++;
        }
        if (start == pos) {
            throw error("unexpected character");
        }
        return Double.parseDouble(s.substring(start, pos));
    }

    private boolean peek(char c) {
        return pos < s.length() && s.charAt(pos) == c;
    }

    private void expect(char c) {
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private void skipSpace() {
        while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
            pos++;
        }
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("json: " + what + " at offset " + pos);
    }
}

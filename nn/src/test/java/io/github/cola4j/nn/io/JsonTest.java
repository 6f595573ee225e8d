package io.github.cola4j.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parsesEveryKindOfValue() throws Json.JsonException {
        Object v = Json.parse(" {\"a\" : [1, -2.5e3, 0, true, false, null, {}, []], \"b\":\"x\\\"\\\\\\/\\b\\f\\n\\r\\t\\u00e9\\ud83d\\ude00\"}\n");
        Map<?, ?> m = (Map<?, ?>) v;
        List<?> a = (List<?>) m.get("a");
        assertEquals(new Json.Num("1"), a.get(0));
        assertEquals(new Json.Num("-2.5e3"), a.get(1));
        assertEquals(Boolean.TRUE, a.get(3));
        assertEquals(Json.NULL, a.get(5));
        assertEquals(Map.of(), a.get(6));
        assertEquals(List.of(), a.get(7));
        assertEquals("x\"\\/\b\f\n\r\t\u00e9\ud83d\ude00", m.get("b"));
    }

    @Test
    void integersForShapesAndOffsets() {
        assertEquals(0, new Json.Num("0").nonNegativeLong());
        assertEquals(Long.MAX_VALUE, new Json.Num("9223372036854775807").nonNegativeLong());
        assertEquals(-1, new Json.Num("9223372036854775808").nonNegativeLong());
        assertEquals(-1, new Json.Num("-1").nonNegativeLong());
        assertEquals(-1, new Json.Num("1.0").nonNegativeLong());
        assertEquals(-1, new Json.Num("1e2").nonNegativeLong());
    }

    @Test
    void rejectsMalformedInput() {
        for (String bad : new String[] {"", "{", "{\"a\"}", "{\"a\":}", "{a:1}", "[1,]", "[1 2]", "01", "1.", "-", "1e",
                "\"abc", "\"a\nb\"", "\"\\x\"", "\"\\u12g4\"", "tru", "nul", "{} {}", "{\"a\":1,\"a\":2}", "[1],"}) {
            assertThrows(Json.JsonException.class, () -> Json.parse(bad), bad);
        }
    }

    @Test
    void quotingRoundTrips() throws Json.JsonException {
        String s = "q\"b\\s\n\r\t\u0001\u001f\u00e9/";
        assertEquals(s, Json.parse(Json.quote(s)));
    }
}

package io.github.cola4j.nn.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.github.cola4j.nn.Module.StateEntry;
import io.github.cola4j.tensor.DType;
import io.github.cola4j.tensor.Tensor;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonWriteTest {

    @TempDir
    Path dir;

    private static Map<String, Object> sample() {
        Map<String, Object> row1 = new LinkedHashMap<>();
        row1.put("class", "Rock");
        row1.put("accuracy", new Json.Num("0.750000"));
        Map<String, Object> row2 = new LinkedHashMap<>();
        row2.put("class", "Folk \"acoustic\"");
        row2.put("accuracy", null);
        Map<String, Object> nested = new LinkedHashMap<>();
        nested.put("deep", List.of(Map.of("x", List.of(1, 2))));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", "a\tb");
        m.put("width", 0.1);
        m.put("steps", 6);
        m.put("whole", 3.0);
        m.put("on", true);
        m.put("none", Json.NULL);
        m.put("styles", List.of("folk", "rock"));
        m.put("rows", List.of(row1, row2));
        m.put("matrix", List.of(new int[] {3, 1}, new long[] {0, 2}));
        m.put("vector", new double[] {0.5, Double.NaN});
        m.put("nested", nested);
        m.put("empty", Map.of());
        m.put("nothing", List.of());
        return m;
    }

    @Test
    void prettyPrintsRecordsAsRowsAndVectorsOnOneLine() {
        assertEquals("""
                {
                  "name": "a\\tb",
                  "width": 0.1,
                  "steps": 6,
                  "whole": 3.0,
                  "on": true,
                  "none": null,
                  "styles": ["folk", "rock"],
                  "rows": [
                    {"class": "Rock", "accuracy": 0.750000},
                    {"class": "Folk \\"acoustic\\"", "accuracy": null}
                  ],
                  "matrix": [
                    [3, 1],
                    [0, 2]
                  ],
                  "vector": [0.5, null],
                  "nested": {
                    "deep": [
                      {
                        "x": [1, 2]
                      }
                    ]
                  },
                  "empty": {},
                  "nothing": []
                }
                """, Json.write(sample()));
    }

    @Test
    void compactHasNoBlanks() {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("c", Json.NULL);
        b.put("d", List.of());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("a", List.of(1, 2.5, "x y"));
        m.put("b", b);
        assertEquals("{\"a\":[1,2.5,\"x y\"],\"b\":{\"c\":null,\"d\":[]}}", Json.writeCompact(m));
        assertEquals("\"\\u0001\"", Json.writeCompact("\u0001"));
    }

    @Test
    void whatIsWrittenParsesBack() throws Json.JsonException {
        for (String text : List.of(Json.write(sample()), Json.writeCompact(sample()))) {
            Map<?, ?> back = (Map<?, ?>) Json.parse(text);
            assertEquals("a\tb", back.get("name"));
            assertEquals(new Json.Num("0.1"), back.get("width"));
            assertEquals(List.of("folk", "rock"), back.get("styles"));
            assertEquals(List.of(new Json.Num("0.5"), Json.NULL), back.get("vector"));
            assertEquals(new ArrayList<>(sample().keySet()), new ArrayList<>(back.keySet()));
        }
        String awkward = "q\"b\\s\n\r\t\u0001\u001f\u00e9/\ud83d\ude00";
        assertEquals(awkward, Json.parse(Json.write(awkward)));
    }

    @Test
    void numbersInTheirShortestJsonForm() {
        assertEquals("[3.0, 0.1, 1.0e-4, 1.0e20, -0.0, null, null, 0.1, 2.5, 12345678901, 1E+3]", Json.write(List.of(
                3.0, 0.1, 1e-4, 1e20, -0.0, Double.NaN, Double.NEGATIVE_INFINITY, 0.1f, 2.5f, 12345678901L,
                new BigDecimal("1E+3"))).strip());
    }

    @Test
    void numTextMustBeJson() {
        for (String ok : List.of("0", "-0", "12", "1.5", "-1.5e-3", "2E+10")) {
            assertEquals(ok, new Json.Num(ok).text());
        }
        for (String bad : Arrays.asList("", " 1", "1 ", "+1", "01", "1.", ".5", "1e", "NaN", "Infinity", "0x10", null)) {
            assertThrows(IllegalArgumentException.class, () -> new Json.Num(bad), String.valueOf(bad));
        }
        assertEquals(0.25, new Json.Num("2.5e-1").doubleValue());
    }

    @Test
    void refusesWhatJsonCannotHold() {
        assertThrows(IllegalArgumentException.class, () -> Json.write(new Object()));
        assertThrows(IllegalArgumentException.class, () -> Json.write(Map.of(1, "one")));
        assertThrows(IllegalArgumentException.class, () -> Json.write(List.of(Path.of("x"))));
    }

    @Test
    void safetensorsHeaderIsCompactJsonPaddedWithBlanks() throws IOException {
        Map<String, StateEntry> m = new LinkedHashMap<>();
        m.put("a", new StateEntry(Tensor.of(new float[6], 2, 3), false));
        m.put("n\"x", new StateEntry(Tensor.scalar(DType.FLOAT64, 7), true));
        Path f = dir.resolve("h.safetensors");
        Safetensors.write(f, m, Map.of("format", "pt"));
        byte[] bytes = Files.readAllBytes(f);
        int n = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals("{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"n\\\"x\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[24,32]}}",
                new String(bytes, 8, n, StandardCharsets.UTF_8).stripTrailing());
    }
}

package org.imageindex.query.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonValuesTest {

    @Test
    void parsesTypesAsDocumented() {
        Object v = JsonValues.parse("{\"a\": [1, 2.5, \"x\", true, null], \"b\": {\"c\": 1e3}, \"d\": 123456789012345678901}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of("a", "b", "d"), List.copyOf(m.keySet()));
        assertEquals(Arrays.asList(1L, 2.5, "x", true, null), m.get("a"));
        assertEquals(Map.of("c", 1000.0), m.get("b"));
        assertEquals(new BigInteger("123456789012345678901"), m.get("d"));
    }

    @Test
    void writeThenParseKeepsJavaTypes() {
        Random random = new Random(7);
        for (int round = 0; round < 200; round++) {
            Map<String, Object> value = new LinkedHashMap<>();
            value.put("long", random.nextLong());
            value.put("double", (double) random.nextInt(1000)); // whole-valued doubles are the risky case
            value.put("fraction", random.nextDouble());
            value.put("text", "q\"\\\n" + random.nextInt());
            value.put("list", Arrays.asList(random.nextBoolean(), null, List.of(), Map.of()));
            String text = JsonValues.write(value);
            assertEquals(value, JsonValues.parse(text), "round " + round + ": " + text);
            assertTrue(!text.contains("\n"), "one line: " + text);
        }
    }

    @Test
    void errorsNameWhereAndWhat() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonValues.parse("{\"a\": }"));
        assertTrue(e.getMessage().startsWith("json is malformed at line 1 column 7"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JsonValues.parse("1 2"));
        assertEquals("json must hold one value, got more text at line 1 column 4", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JsonValues.parse(" "));
        assertEquals("json must hold one value, got empty text", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JsonValues.write(Map.of("a", List.of(Double.NaN))));
        assertEquals("value at '/a/0' must be a finite number, got: NaN", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JsonValues.write(Map.of("a", new Object())));
        assertTrue(e.getMessage().startsWith("value at '/a' must be a map, collection, array, string, number, boolean or null, got java.lang.Object"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> JsonValues.parse("[".repeat(JsonValues.MAX_DEPTH + 1)));
        assertTrue(e.getMessage().startsWith("json is malformed"), e.getMessage());
    }
}

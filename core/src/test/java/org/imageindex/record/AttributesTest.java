package org.imageindex.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AttributesTest {

    @Test
    void normalisesTypesAndFlattensNestedMaps() {
        Attributes a = Attributes.of(Map.of("i", 3, "f", 1.5f, "d", new Date(5), "arr", new int[] {1, 2}, "o", Map.of("p", Map.of("q", true))));
        assertEquals(3L, a.get("i").orElseThrow());
        assertEquals(1.5, a.get("f").orElseThrow());
        assertEquals(Instant.ofEpochMilli(5), a.get("d").orElseThrow());
        assertEquals(List.of(1L, 2L), a.get("arr").orElseThrow());
        assertEquals(true, a.get("o.p.q").orElseThrow());
        assertEquals(Map.of("p", Map.of("q", true)), a.toNested().get("o"));
        assertEquals(Map.of("o.p.r", 1L), a.with("o.p", Map.of("r", 1)).select(List.of("o")).asMap());
        assertEquals(Map.of("o", "flat"), a.with("o", "flat").select(List.of("o")).asMap());
    }

    @Test
    void refusesWhatCannotBeTypedWithTheReason() {
        assertEquals("attribute 'x' is null; omit the attribute instead",
                assertThrows(IllegalArgumentException.class, () -> Attributes.of(java.util.Collections.singletonMap("x", null))).getMessage());
        assertEquals("attribute 'x' is an empty list, whose type cannot be known; omit it",
                assertThrows(IllegalArgumentException.class, () -> Attributes.of("x", List.of())).getMessage());
        assertEquals("attribute 'x' mixes types: element 0 is long, element 1 is string; a list holds one type",
                assertThrows(IllegalArgumentException.class, () -> Attributes.of("x", Arrays.asList(1, "a"))).getMessage());
        assertEquals("attribute 'x' must be a finite number, got: NaN",
                assertThrows(IllegalArgumentException.class, () -> Attributes.of("x", Double.NaN)).getMessage());
        assertEquals("attribute path must be dot-separated non-empty names that neither start with __ nor contain #, got: 'a..b'",
                assertThrows(IllegalArgumentException.class, () -> Attributes.of("a..b", 1)).getMessage());
        assertEquals("attribute path 'width.x' starts with the reserved name 'width'; reserved names are [active, attributes, created,"
                        + " format, height, id, image, md5, modified, name, origin, phash, pixel_hash, sha1, signatures, size, tags, width]"
                        + " (built-in fields are set through the record, not as attributes)",
                assertThrows(IllegalArgumentException.class, () -> Attributes.of("width.x", 1)).getMessage());
        assertEquals("attribute 'a' cannot hold a value and also the nested attribute 'a.b'",
                assertThrows(IllegalArgumentException.class, () -> Attributes.of(Map.of("a", 1, "a.b", 2))).getMessage());
    }
}

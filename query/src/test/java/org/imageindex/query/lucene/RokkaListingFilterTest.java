package org.imageindex.query.lucene;

import static org.imageindex.query.IndexFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.imageindex.query.IndexFixture;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.query.compile.FilterCompiler;
import org.imageindex.query.compile.ListingSorts;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/** rokka's listing filters (seed 004), written in Lucene syntax, over source-image records typed as rokka types them. */
class RokkaListingFilterTest {

    static final FieldTypes ROKKA = FieldTypes.builder()
            .add("hash", FieldSpec.single(FieldType.KEYWORD))
            .add("binaryhash", FieldSpec.single(FieldType.KEYWORD))
            .add("name", FieldSpec.single(FieldType.KEYWORD))
            .add("format", FieldSpec.single(FieldType.KEYWORD))
            .add("size", FieldSpec.single(FieldType.LONG))
            .add("width", FieldSpec.single(FieldType.LONG))
            .add("height", FieldSpec.single(FieldType.LONG))
            .add("created", FieldSpec.single(FieldType.DATE))
            .add("user:int:my_integer_field", FieldSpec.single(FieldType.LONG))
            .add("tags", FieldSpec.multi(FieldType.KEYWORD))
            .add("caption", FieldSpec.single(FieldType.TEXT))
            .add("approved", FieldSpec.single(FieldType.BOOLEAN))
            .add("ratio", FieldSpec.single(FieldType.DOUBLE))
            .build();

    private static IndexFixture index;

    @BeforeAll
    static void index() {
        Map<String, Map<String, Object>> r = new LinkedHashMap<>();
        r.put("a", record("name", "plant.jpg", "hash", "sha1hash", "binaryhash", "binaryimage-sha1hash", "format", "jpg",
                "size", 35000L, "width", 42L, "height", 42L, "created", Instant.parse("2017-01-18T14:10:40Z"),
                "user:int:my_integer_field", 3L, "tags", List.of("green", "leaf"), "caption", "A Plant in the sun",
                "approved", true, "ratio", 1.0));
        r.put("b", record("name", "plane.png", "format", "png", "size", 30000L, "width", 1200L, "height", 1200L,
                "created", Instant.parse("2016-12-31T23:59:59Z"), "user:int:my_integer_field", 7L, "tags", List.of("sky"),
                "caption", "plane over the sea", "approved", false, "ratio", 1.5));
        r.put("c", record("name", "planet.gif", "format", "gif", "size", 40000L, "height", 1200L,
                "created", Instant.parse("2017-06-01T00:00:00Z"), "ratio", 0.75));
        r.put("d", record("name", "Plan-B.jpg", "format", "jpg", "size", 50000L, "created", Instant.parse("2018-03-03T10:00:00Z")));
        r.put("e", record("name", "other.jpg", "format", "jpg", "size", 29999L, "created", Instant.parse("2015-05-05T05:05:05Z")));
        r.put("f", record("name", "plan a", "size", 40001L));
        index = new IndexFixture(ROKKA, r);
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvFileSource(resources = "/org/imageindex/query/lucene/rokka-listing-filters.csv", delimiter = '|', quoteCharacter = '`')
    void returnsTheDocumentedHits(String query, String expected) {
        Set<String> want = expected.equals("-") ? Set.of() : new TreeSet<>(Arrays.asList(expected.split(" ")));
        assertEquals(want, index.ids(FilterCompiler.of(ROKKA).compile(LuceneSyntaxParser.parse(query, ROKKA))), query);
    }

    /** rokka's "sort=created desc,size asc" and "sort=size desc". */
    @Test
    void multiFieldSort() {
        Listing bySize = Listing.of(List.of(SortKey.descending("size")), 0, 100);
        assertEquals(List.of("d", "f", "c", "a", "b", "e"), index.ordered(
                FilterCompiler.of(ROKKA).compile(LuceneSyntaxParser.parse("*:*", ROKKA)), ListingSorts.toSort(bySize, ROKKA, 0)));
        Listing createdThenSize = Listing.of(List.of(SortKey.descending("created"), SortKey.ascending("size")), 0, 100);
        assertEquals(List.of("d", "c", "a", "b", "e", "f"), index.ordered(
                FilterCompiler.of(ROKKA).compile(LuceneSyntaxParser.parse("*:*", ROKKA)), ListingSorts.toSort(createdThenSize, ROKKA, 0)));
    }
}

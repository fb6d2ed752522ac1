package org.imageindex.query.mongo;

import static org.imageindex.query.IndexFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.imageindex.query.IndexFixture;
import org.imageindex.query.compile.FilterCompiler;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

/**
 * The MongoDB truth column of the semantics table, row by row, on a fixed fixture, including the
 * rows no available oracle gets right ({@code $lte: null}, astral-plane string order, longs above
 * 2^53) and the two Ximilar spellings.
 */
class MongoSemanticsTableTest {

    private static final FieldTypes TYPES = FieldTypes.builder()
            .add("tags", FieldSpec.multi(FieldType.KEYWORD))
            .add("n", FieldSpec.single(FieldType.DOUBLE))
            .add("nums", FieldSpec.multi(FieldType.LONG))
            .add("s", FieldSpec.single(FieldType.KEYWORD))
            .add("flag", FieldSpec.single(FieldType.BOOLEAN))
            .add("big", FieldSpec.single(FieldType.LONG))
            .add("txt", FieldSpec.single(FieldType.KEYWORD))
            .add("exif.camera", FieldSpec.single(FieldType.KEYWORD))
            .build();

    private static IndexFixture index;

    @BeforeAll
    static void index() {
        Map<String, Map<String, Object>> docs = new LinkedHashMap<>();
        docs.put("d1", record("tags", List.of("red", "blue"), "n", 10, "nums", List.of(2L, 8L), "s", "15",
                "flag", true, "big", 9007199254740993L, "txt", "\uD83D\uDE00"));
        docs.put("d2", record("tags", List.of("blue"), "n", 10.0, "nums", List.of(10L, 50000L), "s", "x",
                "flag", false, "big", 9007199254740992L, "txt", "\uFFFE"));
        docs.put("d3", record("tags", List.of(), "n", null, "nums", List.of(), "s", null));
        docs.put("d4", record("tags", Arrays.asList("red", null), "n", 15, "s", "true"));
        docs.put("d5", record());
        docs.put("d6", record("tags", List.of("red"), "n", 2.5, "nums", List.of(4L), "s", "abc", "flag", true,
                "exif.camera", "X100"));
        index = new IndexFixture(TYPES, docs);
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvFileSource(resources = "/org/imageindex/query/mongo/mongo-semantics.csv", delimiter = '|', quoteCharacter = '`')
    void matchesMongoDb(String filter, String expected) {
        Set<String> want = expected.equals("-") ? Set.of() : new TreeSet<>(Arrays.asList(expected.split(" ")));
        assertEquals(want, index.ids(FilterCompiler.of(TYPES).compile(MongoFilterParser.parse(filter))), filter);
    }
}

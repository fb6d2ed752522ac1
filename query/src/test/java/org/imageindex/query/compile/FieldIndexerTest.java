package org.imageindex.query.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexableField;
import org.imageindex.query.QueryException;
import org.imageindex.query.SourcePosition;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Value;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;
import org.junit.jupiter.api.Test;

/** The indexing side of the contract: what FieldIndexer writes, what it refuses, and compile-time type errors. */
class FieldIndexerTest {

    private static final FieldTypes TYPES = FieldTypes.builder()
            .add("title", FieldSpec.single(FieldType.TEXT))
            .add("size", FieldSpec.single(FieldType.LONG))
            .add("ratio", FieldSpec.single(FieldType.DOUBLE))
            .add("tags", FieldSpec.multi(FieldType.KEYWORD))
            .add("when", FieldSpec.single(FieldType.DATE))
            .build();

    @Test
    void writesValueHelpersAndMarkers() {
        Document doc = new Document();
        FieldIndexer indexer = FieldIndexer.of(TYPES);
        indexer.add(doc, "title", "A Cat, on GRASS");
        indexer.add(doc, "tags", Arrays.asList("x", null));
        indexer.add(doc, "ratio", -0.0);
        indexer.add(doc, "when", Instant.parse("2017-01-01T00:00:00Z"));
        assertEquals(List.of("title", "tags", "ratio", "when"), values(doc, IndexLayout.EXISTS_FIELD));
        assertEquals(List.of("tags"), values(doc, IndexLayout.NULL_FIELD));
        assertEquals(List.of("a cat, on grass"), values(doc, "title" + IndexLayout.LOWER_SUFFIX));
        assertEquals(List.of("a", "cat", "on", "grass"), values(doc, "title" + IndexLayout.WORDS_SUFFIX));
        assertEquals(Set.of(0.0), Set.copyOf(Arrays.stream(doc.getFields("ratio")).map(f -> f.numericValue().doubleValue()).toList()));
    }

    @Test
    void refusesValuesThatDoNotFitTheSchema() {
        FieldIndexer indexer = FieldIndexer.of(TYPES);
        Document doc = new Document();
        assertEquals("field size is long, got String: 12",
                assertThrows(IllegalArgumentException.class, () -> indexer.add(doc, "size", "12")).getMessage());
        assertEquals("field size is long, got Double: 1.5",
                assertThrows(IllegalArgumentException.class, () -> indexer.add(doc, "size", 1.5)).getMessage());
        assertEquals("field title is single-valued, got 2 values",
                assertThrows(IllegalArgumentException.class, () -> indexer.add(doc, "title", List.of("a", "b"))).getMessage());
        assertEquals("field ratio must not hold NaN: MongoDB orders it apart from all numbers",
                assertThrows(IllegalArgumentException.class, () -> indexer.add(doc, "ratio", Double.NaN)).getMessage());
        assertEquals("field nope is not in the schema; known fields: [title, size, ratio, tags, when]",
                assertThrows(IllegalArgumentException.class, () -> indexer.add(doc, "nope", 1)).getMessage());
        assertEquals("field name must not start with __ nor contain #, got: a#b",
                assertThrows(IllegalArgumentException.class,
                        () -> FieldTypes.builder().add("a#b", FieldSpec.single(FieldType.KEYWORD))).getMessage());
    }

    @Test
    void compilerRejectsOperatorsTheFieldTypeCannotServe() {
        FilterCompiler compiler = FilterCompiler.of(TYPES);
        QueryException prefix = assertThrows(QueryException.class,
                () -> compiler.compile(new Filter.Prefix("size", "1", SourcePosition.jsonPointer("/size"))));
        assertEquals("mongo filter at /size: prefix expects a keyword or text field, found long field size", prefix.getMessage());
        QueryException contains = assertThrows(QueryException.class,
                () -> compiler.compile(new Filter.Contains("tags", "x", SourcePosition.lineColumn(3, 4))));
        assertEquals("yaml rules at line 3, column 4: contains expects a text field, found keyword field tags", contains.getMessage());
    }

    @Test
    void astNodesCopyAndValidate() {
        List<Value> values = new java.util.ArrayList<>(List.of(Value.of("a")));
        Filter.In in = new Filter.In("tags", values, SourcePosition.offset(0));
        values.add(Value.of("b"));
        assertEquals(1, in.values().size());
        assertEquals("clauses must not be empty",
                assertThrows(IllegalArgumentException.class, () -> new Filter.And(List.of(), SourcePosition.offset(0))).getMessage());
        assertEquals("value must not be NaN", assertThrows(IllegalArgumentException.class, () -> Value.of(Double.NaN)).getMessage());
        assertEquals(Value.of(0.0), Value.of(-0.0));
        assertEquals("offset must be >= 0, got: -1",
                assertThrows(IllegalArgumentException.class, () -> SourcePosition.offset(-1)).getMessage());
    }

    private static List<String> values(Document doc, String field) {
        return Arrays.stream(doc.getFields(field)).map(IndexableField::stringValue).toList();
    }
}

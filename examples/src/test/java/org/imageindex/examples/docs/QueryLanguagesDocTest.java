package org.imageindex.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.TopDocs;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLimits;
import org.imageindex.query.compile.FieldIndexer;
import org.imageindex.query.compile.FilterCompiler;
import org.imageindex.query.compile.ListingSorts;
import org.imageindex.query.lucene.LuceneSyntaxParser;
import org.imageindex.query.mongo.MongoFilterParser;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;
import org.imageindex.query.yaml.ImageRecordFields;
import org.imageindex.query.yaml.ObjectHierarchy;
import org.imageindex.query.yaml.YamlQuery;
import org.imageindex.query.yaml.YamlRulesParser;
import org.junit.jupiter.api.Test;

/** Runs the Java samples of docs/query-languages.md on real Lucene indexes. */
class QueryLanguagesDocTest {

  @Test
  void compilingFiltersSample() throws Exception {
    try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
        IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
      // --- query-languages sample 1 starts
      FieldTypes types = FieldTypes.builder()
              .add("name", FieldSpec.single(FieldType.KEYWORD))
              .add("size", FieldSpec.single(FieldType.LONG))
              .add("tags", FieldSpec.multi(FieldType.KEYWORD))
              .add("created", FieldSpec.single(FieldType.DATE))
              .build();

      // indexing: every filterable field goes through FieldIndexer
      FieldIndexer indexer = FieldIndexer.of(types);
      Document doc = new Document();
      indexer.add(doc, "name", "plant.jpg");
      indexer.add(doc, "size", 35000L);
      indexer.add(doc, "tags", List.of("green", "leaf"));
      writer.addDocument(doc);

      // querying
      FilterCompiler compiler = FilterCompiler.of(types);
      Query q1 = compiler.compile(MongoFilterParser.parse("{\"tags\": \"leaf\", \"size\": {\"$gte\": 30000}}"));
      Query q2 = compiler.compile(LuceneSyntaxParser.parse("size:[30000 TO *] AND name:plan*", types));
      // --- query-languages sample 1 ends
      writer.commit();
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexSearcher s = new IndexSearcher(reader);
        assertEquals(1, s.count(q1));
        assertEquals(1, s.count(q2));
        assertEquals(0, s.count(compiler.compile(MongoFilterParser.parse("{\"size\": {\"$lt\": 30000}}"))));
      }
    }
  }

  @Test
  void yamlRulesSample() throws Exception {
    String text = """
        want:
        - has_object: ["Cat (Felis catus)"]
        exclude:
        - below_width: 800
        ordering: date-desc
        limit: 50
        """;
    long randomSeed = 42;
    try (ByteBuffersDirectory dir = new ByteBuffersDirectory();
        IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
      FieldIndexer indexer = FieldIndexer.of(ImageRecordFields.SCHEMA);
      for (int i = 0; i < 3; i++) {
        Document d = new Document();
        indexer.add(d, ImageRecordFields.OBJECTS, List.of(i == 2 ? "Dog (Canis lupus familiaris)" : "Cat (Felis catus)"));
        indexer.add(d, ImageRecordFields.WIDTH, i == 1 ? 640L : 1024L);
        indexer.add(d, ImageRecordFields.DATE, java.time.Instant.parse("2020-01-0" + (i + 1) + "T00:00:00Z"));
        writer.addDocument(d);
      }
      writer.commit();
      try (DirectoryReader reader = DirectoryReader.open(dir)) {
        IndexSearcher searcher = new IndexSearcher(reader);
        // --- query-languages sample 2 starts
        YamlQuery q = YamlRulesParser.parse(text, ObjectHierarchy.of(Map.of("Animal", List.of("Cat (Felis catus)"))));
        Query filter = FilterCompiler.of(ImageRecordFields.SCHEMA).compile(q.filter());
        Sort sort = ListingSorts.toSort(q.listing(), ImageRecordFields.SCHEMA, randomSeed);   // null: no ordering
        TopDocs page = sort == null ? searcher.search(filter, q.listing().offset() + q.listing().limit())
                                    : searcher.search(filter, q.listing().offset() + q.listing().limit(), sort);
        // --- query-languages sample 2 ends
        assertEquals(1, page.totalHits.value(), "one wide cat photo");
      }
    }
  }

  @Test
  void limitsSample() {
    String json = "{\"a\": {\"$not\": {\"$not\": {\"$eq\": 1}}}}";
    // --- query-languages sample 3 starts
    MongoFilterParser.parse(json, QueryLimits.of(16, 100, 8_192));
    // --- query-languages sample 3 ends
    QueryException e = assertThrows(QueryException.class,
        () -> MongoFilterParser.parse("{\"a\": \"" + "x".repeat(9_000) + "\"}", QueryLimits.of(16, 100, 8_192)));
    assertTrue(e.getMessage().contains("8192"), e.getMessage());
  }
}

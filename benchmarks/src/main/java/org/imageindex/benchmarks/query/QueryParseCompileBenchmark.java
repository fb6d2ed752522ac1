package org.imageindex.benchmarks.query;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.lucene.search.Query;
import org.imageindex.query.compile.FilterCompiler;
import org.imageindex.query.lucene.LuceneSyntaxParser;
import org.imageindex.query.mongo.MongoFilterParser;
import org.imageindex.query.yaml.ImageRecordFields;
import org.imageindex.query.yaml.ObjectHierarchy;
import org.imageindex.query.yaml.YamlRulesParser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parse + compile cost of one realistic filter per language (the seed examples' shape), i.e. the
 * per-request overhead a filter adds before Lucene runs.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Three 1 s warmups were not enough: YAML and Mongo timings still fell 2-3x during measurement
// (JIT of SnakeYAML and Jackson), so warm up for 10 s.
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
@State(Scope.Benchmark)
public class QueryParseCompileBenchmark {

    /** The three languages, each with a filter of about ten conditions. */
    public enum Language { MONGO, YAML, LUCENE }

    static final String MONGO_FILTER = """
            {"$and": [{"size": {"$gte": 30000, "$lte": 40000}}, {"format": {"$in": ["jpg", "png"]}}],
             "tags": {"$ne": "draft"}, "$or": [{"name": "plant.jpg"}, {"width": {"$gt": 800}}],
             "created": {"$gte": {"$date": "2017-01-01T00:00:00Z"}}, "user:int:my_integer_field": {"$nin": [1, 2, 3]}}
            """;
    static final String LUCENE_FILTER = "size:[30000 TO 40000] AND format:(jpg OR png) AND NOT tags:draft "
            + "AND (name:plant.jpg OR width:{800 TO *]) AND created:[2017-01-01 TO *] AND NOT user\\:int\\:my_integer_field:(1 OR 2 OR 3)";
    static final String YAML_RULES = """
            want:
            - has: ["Animal"]
            - nature: ["photo", "computer-3d-art"]
            - licence: ["CC-BY-4.0", "CC0-1.0", "MIT"]
            - after_date: 1546300800
            exclude:
            - has_object: ["Human"]
            - below_width: 800
            - below_height: 600
            ordering: date-desc
            limit: 50
            """;
    private static final ObjectHierarchy HIERARCHY = ObjectHierarchy.of(Map.of(
            "Animal", List.of("Cat (Felis catus)", "Dog (Canis lupus familiaris)"),
            "Cat (Felis catus)", List.of("Cat (Felis catus) - left eye")));

    @Param({"MONGO", "YAML", "LUCENE"})
    public Language language;

    private FilterCompiler listingCompiler;
    private FilterCompiler imageCompiler;

    @Setup
    public void setUp() {
        listingCompiler = FilterCompiler.of(ListingIndex.TYPES);
        imageCompiler = FilterCompiler.of(ImageRecordFields.SCHEMA);
        check(parseAndCompile());
    }

    @Benchmark
    public Query parseAndCompile() {
        return switch (language) {
            case MONGO -> listingCompiler.compile(MongoFilterParser.parse(MONGO_FILTER));
            case LUCENE -> listingCompiler.compile(LuceneSyntaxParser.parse(LUCENE_FILTER, ListingIndex.TYPES));
            case YAML -> imageCompiler.compile(YamlRulesParser.parse(YAML_RULES, HIERARCHY).filter());
        };
    }

    /** The benchmark must measure a real compile, not an early error: every language yields a multi-clause query. */
    private static void check(Query q) {
        if (q == null || q.toString().length() < 100) {
            throw new IllegalStateException("unexpectedly small query: " + q);
        }
    }

}

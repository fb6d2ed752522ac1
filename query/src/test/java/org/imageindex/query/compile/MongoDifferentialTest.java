package org.imageindex.query.compile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import de.bwaldvogel.mongo.backend.DefaultQueryMatcher;
import de.bwaldvogel.mongo.bson.Document;
import java.io.IOException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.NumericDocValues;
import org.apache.lucene.search.Collector;
import org.apache.lucene.search.CollectorManager;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.LeafCollector;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Scorable;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.store.ByteBuffersDirectory;
import org.apache.lucene.store.Directory;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.ast.Filters;
import org.imageindex.query.mongo.MongoFilterParser;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;
import org.junit.jupiter.api.Test;

/**
 * Random flat documents x random Mongo filters: the compiled Lucene query must return exactly the
 * documents that an independent MongoDB matcher (mongo-java-server's in-process
 * {@code DefaultQueryMatcher}) accepts.
 *
 * <p>Generator rules follow the oracle's known bugs: no nested arrays, no null as a comparison
 * bound, scalar operands only, BMP strings; and the oracle gets the "split rewrite" of
 * multi-operator conditions (a MongoDB identity), which removes its one-element-per-range bug.
 * Each field has one type, as our schema requires, but filter values take every type so that
 * type bracketing is exercised. Override the seed with {@code -Dimageindex.query.seed=N}.
 */
class MongoDifferentialTest {

    private static final long DEFAULT_SEED = 0x5EED_2026L;
    private static final int DOCS = 1_500;
    private static final int FILTERS = 3_000;
    private static final int MAX_DEPTH = 4;

    private static final FieldTypes TYPES = FieldTypes.builder()
            .add("s", FieldSpec.single(FieldType.KEYWORD))
            .add("t", FieldSpec.multi(FieldType.KEYWORD))
            .add("i", FieldSpec.single(FieldType.LONG))
            .add("j", FieldSpec.multi(FieldType.LONG))
            .add("d", FieldSpec.single(FieldType.DOUBLE))
            .add("e", FieldSpec.multi(FieldType.DOUBLE))
            .add("b", FieldSpec.single(FieldType.BOOLEAN))
            .add("c", FieldSpec.multi(FieldType.BOOLEAN))
            .build();
    /** "u" is in no document and not in the schema: MongoDB treats it as missing everywhere. */
    private static final List<String> FILTER_FIELDS = List.of("s", "t", "i", "j", "d", "e", "b", "c", "u");
    private static final List<String> STRINGS = List.of("x", "y", "z", "X", "", "10", "15", "true", "ab", "abc", "\u00e9", "\u03a9");
    private static final List<Integer> INTS = List.of(-1, 0, 1, 2, 3, 4, 5, 10, 15);
    private static final List<Double> DOUBLES = List.of(2.5, -0.5, 3.0, 10.0, 1e3, 0.0);

    private static final ObjectMapper JSON = new ObjectMapper();

    enum Op { EQ_IMPLICIT, EQ, NE, LT, LTE, GT, GTE, TWO_SIDED, IN, NIN, EXISTS, NOT, AND, OR, NOR, IMPLICIT_AND }

    @Test
    void compiledFiltersMatchMongoSemantics() throws IOException {
        long seed = Long.getLong("imageindex.query.seed", DEFAULT_SEED);
        long start = System.nanoTime();
        Random random = new Random(seed);
        List<Map<String, Object>> docs = new ArrayList<>();
        for (int n = 0; n < DOCS; n++) {
            docs.add(randomDoc(random, n));
        }
        FilterCompiler compiler = FilterCompiler.of(TYPES);
        FieldIndexer indexer = FieldIndexer.of(TYPES);
        DefaultQueryMatcher oracle = new DefaultQueryMatcher();
        List<Document> oracleDocs = docs.stream().map(MongoDifferentialTest::toOracle).map(o -> (Document) o).toList();
        EnumSet<Op> used = EnumSet.noneOf(Op.class);
        int deepFilters = 0;
        long hitsTotal = 0;
        int partial = 0;
        try (Directory dir = new ByteBuffersDirectory()) {
            try (IndexWriter writer = new IndexWriter(dir, new IndexWriterConfig())) {
                for (int n = 0; n < DOCS; n++) {
                    org.apache.lucene.document.Document doc = new org.apache.lucene.document.Document();
                    doc.add(new NumericDocValuesField("seq", n));
                    for (Map.Entry<String, Object> e : docs.get(n).entrySet()) {
                        if (!e.getKey().equals("_id")) {
                            indexer.add(doc, e.getKey(), e.getValue());
                        }
                    }
                    writer.addDocument(doc);
                }
            }
            try (DirectoryReader reader = DirectoryReader.open(dir)) {
                IndexSearcher searcher = new IndexSearcher(reader);
                for (int f = 0; f < FILTERS; f++) {
                    Map<String, Object> filter = randomDocumentFilter(random, 0, used);
                    String json = JSON.writeValueAsString(filter);
                    Filter ast = MongoFilterParser.parse(json);
                    if (Filters.depth(ast) >= 3) {
                        deepFilters++;
                    }
                    Query query = compiler.compile(ast);
                    BitSet actual = search(searcher, query);
                    Document oracleQuery = (Document) split(toOracle(filter));
                    BitSet expected = new BitSet();
                    for (int n = 0; n < DOCS; n++) {
                        if (oracle.matches(oracleDocs.get(n), oracleQuery)) {
                            expected.set(n);
                        }
                    }
                    if (!expected.equals(actual)) {
                        BitSet onlyLucene = (BitSet) actual.clone();
                        onlyLucene.andNot(expected);
                        BitSet onlyMongo = (BitSet) expected.clone();
                        onlyMongo.andNot(actual);
                        int example = onlyLucene.isEmpty() ? onlyMongo.nextSetBit(0) : onlyLucene.nextSetBit(0);
                        fail("seed " + seed + ", filter #" + f + ": " + json + "\n  lucene query: " + query
                                + "\n  only in lucene: " + onlyLucene.cardinality() + ", only in mongo: " + onlyMongo.cardinality()
                                + "\n  e.g. document: " + docs.get(example) + " (rerun with -Dimageindex.query.seed=" + seed + ")");
                    }
                    hitsTotal += actual.cardinality();
                    if (actual.cardinality() > 0 && actual.cardinality() < DOCS) {
                        partial++;
                    }
                }
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("MongoDifferentialTest seed=%d: %d documents x %d filters identical to mongo-java-server "
                        + "(%d filters of depth >= 3, %d with a partial result, %.1f hits on average) in %d ms%n",
                seed, DOCS, FILTERS, deepFilters, partial, hitsTotal / (double) FILTERS, millis);
        assertEquals(EnumSet.allOf(Op.class), used, "every operator must be generated");
        assertTrue(deepFilters > FILTERS / 10, "too few deep filters: " + deepFilters);
        assertTrue(partial > FILTERS / 3, "too few filters with a partial result: " + partial);
    }

    private static BitSet search(IndexSearcher searcher, Query query) throws IOException {
        return searcher.search(query, new CollectorManager<Collector, BitSet>() {
            private final List<BitSet> sets = new ArrayList<>();

            @Override
            public Collector newCollector() {
                BitSet set = new BitSet();
                synchronized (sets) {
                    sets.add(set);
                }
                return new Collector() {
                    @Override
                    public LeafCollector getLeafCollector(LeafReaderContext context) throws IOException {
                        NumericDocValues seq = context.reader().getNumericDocValues("seq");
                        return new LeafCollector() {
                            @Override
                            public void setScorer(Scorable scorer) {
                            }

                            @Override
                            public void collect(int doc) throws IOException {
                                if (!seq.advanceExact(doc)) {
                                    throw new IllegalStateException("document without seq");
                                }
                                set.set((int) seq.longValue());
                            }
                        };
                    }

                    @Override
                    public ScoreMode scoreMode() {
                        return ScoreMode.COMPLETE_NO_SCORES;
                    }
                };
            }

            @Override
            public BitSet reduce(java.util.Collection<Collector> collectors) {
                BitSet all = new BitSet();
                sets.forEach(all::or);
                return all;
            }
        });
    }

    // ---- documents -------------------------------------------------------------------------

    private static Map<String, Object> randomDoc(Random r, int n) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("_id", "d" + n);
        for (String field : TYPES.names()) {
            double p = r.nextDouble();
            if (p < 0.2) {
                continue; // missing
            }
            FieldSpec spec = TYPES.spec(field).orElseThrow();
            if (p < 0.25) {
                doc.put(field, null);
            } else if (spec.multiValued()) {
                int size = r.nextInt(4);
                List<Object> values = new ArrayList<>();
                for (int k = 0; k < size; k++) {
                    values.add(r.nextInt(20) == 0 ? null : randomOfType(r, spec.type()));
                }
                doc.put(field, values);
            } else {
                doc.put(field, randomOfType(r, spec.type()));
            }
        }
        return doc;
    }

    private static Object randomOfType(Random r, FieldType type) {
        return switch (type) {
            case KEYWORD -> pick(r, STRINGS);
            case LONG -> pick(r, INTS);
            case DOUBLE -> r.nextBoolean() ? pick(r, INTS) : pick(r, DOUBLES);
            case BOOLEAN -> r.nextBoolean();
            default -> throw new IllegalArgumentException("type not generated: " + type);
        };
    }

    /**
     * Mostly a value of the field's own type (so results are neither empty nor everything), else
     * any scalar of any type: filters must respect type brackets.
     */
    private static Object randomScalar(Random r, String field, boolean allowNull) {
        if (TYPES.spec(field).isPresent() && r.nextInt(10) < 7) {
            return randomOfType(r, TYPES.spec(field).get().type());
        }
        int k = r.nextInt(allowNull ? 9 : 8);
        return switch (k) {
            case 0, 1, 2 -> pick(r, STRINGS);
            case 3, 4 -> pick(r, INTS);
            case 5, 6 -> pick(r, DOUBLES);
            case 7 -> r.nextBoolean();
            default -> null;
        };
    }

    // ---- filters ---------------------------------------------------------------------------

    private static Map<String, Object> randomDocumentFilter(Random r, int depth, Set<Op> used) {
        Map<String, Object> filter = new LinkedHashMap<>();
        boolean leaf = depth >= MAX_DEPTH - 1 || r.nextInt(10) < 3 + depth * 2;
        if (leaf) {
            String field = pick(r, FILTER_FIELDS);
            filter.put(field, randomCondition(r, field, used));
            return filter;
        }
        int kind = r.nextInt(4);
        switch (kind) {
            case 0, 1, 2 -> {
                Op op = kind == 0 ? Op.AND : kind == 1 ? Op.OR : Op.NOR;
                used.add(op);
                List<Object> clauses = new ArrayList<>();
                int n = 1 + r.nextInt(3);
                for (int k = 0; k < n; k++) {
                    clauses.add(randomDocumentFilter(r, depth + 1, used));
                }
                filter.put(op == Op.AND ? "$and" : op == Op.OR ? "$or" : "$nor", clauses);
            }
            default -> {
                used.add(Op.IMPLICIT_AND);
                List<String> fields = new ArrayList<>(FILTER_FIELDS);
                java.util.Collections.shuffle(fields, r);
                int n = 2 + r.nextInt(2);
                for (int k = 0; k < n; k++) {
                    filter.put(fields.get(k), randomCondition(r, fields.get(k), used));
                }
                if (r.nextBoolean()) {
                    filter.put("$or", List.of(randomDocumentFilter(r, depth + 1, used), randomDocumentFilter(r, depth + 1, used)));
                }
            }
        }
        return filter;
    }

    private static Object randomCondition(Random r, String field, Set<Op> used) {
        Op op = Op.values()[r.nextInt(Op.EXISTS.ordinal() + 2)];
        used.add(op);
        return switch (op) {
            case EQ_IMPLICIT -> randomScalar(r, field, true);
            case NOT -> {
                Map<String, Object> inner = new LinkedHashMap<>();
                int n = 1 + r.nextInt(2);
                for (int k = 0; k < n; k++) {
                    inner.putAll(randomOperator(r, field, used));
                }
                yield Map.of("$not", inner);
            }
            default -> randomOperatorOf(r, field, op);
        };
    }

    private static Map<String, Object> randomOperator(Random r, String field, Set<Op> used) {
        Op op = Op.values()[1 + r.nextInt(Op.EXISTS.ordinal())];
        used.add(op);
        return randomOperatorOf(r, field, op);
    }

    private static Map<String, Object> randomOperatorOf(Random r, String field, Op op) {
        Map<String, Object> ops = new LinkedHashMap<>();
        switch (op) {
            case EQ -> ops.put("$eq", randomScalar(r, field, true));
            case NE -> ops.put("$ne", randomScalar(r, field, true));
            case LT -> ops.put("$lt", randomScalar(r, field, false));
            case LTE -> ops.put("$lte", randomScalar(r, field, false));
            case GT -> ops.put("$gt", randomScalar(r, field, false));
            case GTE -> ops.put("$gte", randomScalar(r, field, false));
            case TWO_SIDED -> {
                ops.put(r.nextBoolean() ? "$gt" : "$gte", randomScalar(r, field, false));
                ops.put(r.nextBoolean() ? "$lt" : "$lte", randomScalar(r, field, false));
            }
            case IN, NIN -> {
                List<Object> values = new ArrayList<>();
                int n = r.nextInt(4);
                for (int k = 0; k < n; k++) {
                    values.add(randomScalar(r, field, true));
                }
                ops.put(op == Op.IN ? "$in" : "$nin", values);
            }
            case EXISTS -> ops.put("$exists", r.nextBoolean());
            default -> throw new IllegalArgumentException("not a field operator: " + op);
        }
        return ops;
    }

    private static <T> T pick(Random r, List<T> values) {
        return values.get(r.nextInt(values.size()));
    }

    // ---- oracle input ----------------------------------------------------------------------

    /** Deep copy into mongo-java-server's Document type. */
    @SuppressWarnings("unchecked")
    private static Object toOracle(Object value) {
        if (value instanceof Map<?, ?> map) {
            Document d = new Document();
            ((Map<String, Object>) map).forEach((k, v) -> d.put(k, toOracle(v)));
            return d;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(toOracle(v)));
            return copy;
        }
        return value;
    }

    /**
     * The MongoDB identity that works around the oracle's range bug: {@code {f: {$a: x, $b: y}}} becomes
     * {@code {$and: [{f: {$a: x}}, {f: {$b: y}}]}}, and {@code {f: {$not: {$a: x, $b: y}}}} becomes
     * {@code {$or: [{f: {$not: {$a: x}}}, {f: {$not: {$b: y}}}]}}.
     */
    private static Object split(Object node) {
        if (node instanceof List<?> list) {
            return list.stream().map(MongoDifferentialTest::split).toList();
        }
        if (!(node instanceof Document doc)) {
            return node;
        }
        List<Object> conjuncts = new ArrayList<>();
        Document rest = new Document();
        for (Map.Entry<String, Object> e : doc.entrySet()) {
            String key = e.getKey();
            if (key.startsWith("$")) {
                rest.put(key, split(e.getValue()));
            } else if (e.getValue() instanceof Document ops && ops.size() > 0 && ops.keySet().iterator().next().startsWith("$")) {
                for (Map.Entry<String, Object> op : ops.entrySet()) {
                    if (op.getKey().equals("$not") && op.getValue() instanceof Document inner && inner.size() > 1) {
                        List<Object> disjuncts = new ArrayList<>();
                        inner.forEach((k, v) -> disjuncts.add(new Document(key, new Document("$not", new Document(k, v)))));
                        conjuncts.add(new Document("$or", disjuncts));
                    } else {
                        conjuncts.add(new Document(key, new Document(op.getKey(), op.getValue())));
                    }
                }
            } else {
                conjuncts.add(new Document(key, e.getValue()));
            }
        }
        if (!rest.isEmpty()) {
            conjuncts.add(rest);
        }
        if (conjuncts.isEmpty()) {
            return new Document();
        }
        return conjuncts.size() == 1 ? conjuncts.get(0) : new Document("$and", conjuncts);
    }

}

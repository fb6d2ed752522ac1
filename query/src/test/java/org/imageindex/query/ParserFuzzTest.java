package org.imageindex.query;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Function;
import org.imageindex.query.ast.Filter;
import org.imageindex.query.compile.FilterCompiler;
import org.imageindex.query.lucene.LuceneSyntaxParser;
import org.imageindex.query.mongo.MongoFilterParser;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;
import org.imageindex.query.yaml.ObjectHierarchy;
import org.imageindex.query.yaml.YamlRulesParser;
import org.junit.jupiter.api.Test;

/**
 * The parsers' only contract on bad input: a filter (which then compiles) or a {@link QueryException}.
 * Random bytes, random token soup in each language's alphabet, mutations of valid inputs, and
 * pathological nesting; anything else (another exception, a StackOverflowError) fails with the
 * seed and the input. Override the seed with {@code -Dimageindex.query.seed=N}.
 */
class ParserFuzzTest {

    private static final int ROUNDS = 6_000;
    private static final FieldTypes TYPES = FieldTypes.builder()
            .add("name", FieldSpec.single(FieldType.KEYWORD))
            .add("size", FieldSpec.single(FieldType.LONG))
            .add("ratio", FieldSpec.single(FieldType.DOUBLE))
            .add("tags", FieldSpec.multi(FieldType.KEYWORD))
            .add("ok", FieldSpec.single(FieldType.BOOLEAN))
            .add("created", FieldSpec.single(FieldType.DATE))
            .add("title", FieldSpec.single(FieldType.TEXT))
            .build();
    private static final ObjectHierarchy HIERARCHY = ObjectHierarchy.of(java.util.Map.of("a", List.of("b"), "b", List.of("a")));

    private static final List<String> MONGO_TOKENS = List.of("{", "}", "[", "]", ",", ":", "\"", "\"name\"", "\"size\"",
            "\"tags\"", "\"ok\"", "\"title\"", "\"$and\"", "\"$or\"", "\"$nor\"", "\"$not\"", "\"$eq\"", "\"$ne\"", "\"$gt\"",
            "\"$gte\"", "\"$lt\"", "\"$lte\"", "\"$in\"", "\"$nin\"", "\"$exists\"", "\"$date\"", "\"$foo\"", "1", "-2.5", "1e999",
            "99999999999999999999", "true", "false", "null", "\"x\"", "\"2017-01-01\"", " ", "\\u0000", "\\");
    private static final List<String> YAML_TOKENS = List.of("want:", "exclude:", "include_obsolete:", "ordering:", "offset:",
            "limit:", "\n", "\n- ", "- ", "  ", "has:", "has_object:", "nature:", "title:", "above_width:", "before_date:",
            "above_rating:", "in_gallery:", "origin_url:", "[", "]", "{", "}", ",", "\"a\"", "'b'", "1", "-3", "2.5", ".nan",
            "true", "~", "&x", "*x", "!!str", "!!binary", "|", ">", "#", "%YAML 1.1", "---", "...", "random", "date-desc", ":");
    private static final List<String> LUCENE_TOKENS = List.of("name:", "size:", "ratio:", "tags:", "ok:", "created:",
            "title:", "(", ")", "[", "]", "{", "}", " TO ", " AND ", " OR ", " NOT ", "+", "-", "*", "?", "~", "^2", "\"",
            "\\", "/", "plan", "30000", "3.5e4", "2017-01-01", "true", "*:*", ">=", "<", "=", "@2", "fn:", " ", ":", "\u00e9");

    private static final List<String> MONGO_SEEDS = List.of(
            "{\"tags\": {\"$in\": [\"a\", \"b\"]}, \"size\": {\"$gt\": 1, \"$lte\": 9}}",
            "{\"$or\": [{\"name\": \"x\"}, {\"$and\": [{\"ok\": true}, {\"size\": {\"$not\": {\"$gte\": 3}}}]}]}",
            "{\"$not\": {\"name\": \"x\"}, \"$gte\": {\"size\": 3}, \"created\": {\"$date\": \"2017-01-01\"}}");
    private static final List<String> YAML_SEEDS = List.of(
            "want:\n- has: [a]\n- above_width: 10\nexclude:\n- title: cat\nordering: random\nlimit: 5\n",
            "want:\n- nature: [\"photo\"]\n- before_date: 1546300800\ninclude_obsolete: true\n");
    private static final List<String> LUCENE_SEEDS = List.of(
            "size:[30000 TO *] AND name:plan*", "(tags:a OR -ok:true) AND created:{2017-01-01 TO *]",
            "ratio>=2.5 title:\"a cat\" NOT size:{* TO 3}");

    @Test
    void mongoParser() {
        fuzz("mongo", json -> MongoFilterParser.parse(json), MONGO_TOKENS, MONGO_SEEDS);
    }

    @Test
    void yamlParser() {
        fuzz("yaml", yaml -> YamlRulesParser.parse(yaml, HIERARCHY).filter(), YAML_TOKENS, YAML_SEEDS);
    }

    @Test
    void luceneParser() {
        fuzz("lucene", q -> LuceneSyntaxParser.parse(q, TYPES), LUCENE_TOKENS, LUCENE_SEEDS);
    }

    @Test
    void deepNestingNeverOverflowsTheStack() {
        QueryLimits roomy = QueryLimits.of(QueryLimits.MAX_SUPPORTED_DEPTH, 256, 4_000_000);
        int n = 200_000;
        List<Runnable> attacks = List.of(
                () -> MongoFilterParser.parse("[".repeat(n), roomy),
                () -> MongoFilterParser.parse("{\"a\":".repeat(n), roomy),
                () -> MongoFilterParser.parse("{\"$and\":[".repeat(n) + "{}" + "]}".repeat(n), roomy),
                () -> YamlRulesParser.parse("[".repeat(n), HIERARCHY, roomy),
                () -> YamlRulesParser.parse("want: " + "{a: ".repeat(n), HIERARCHY, roomy),
                () -> YamlRulesParser.parse("- ".repeat(n) + "x", HIERARCHY, roomy),
                () -> LuceneSyntaxParser.parse("(".repeat(n) + "name:a" + ")".repeat(n), TYPES, roomy),
                () -> LuceneSyntaxParser.parse("NOT ".repeat(n) + "name:a", TYPES, roomy),
                () -> LuceneSyntaxParser.parse("+-".repeat(n) + "name:a", TYPES, roomy));
        for (Runnable attack : attacks) {
            assertThrows(QueryException.class, attack::run);
        }
        // Long flat inputs are fine up to the size limit: a 20 000-term OR is one level deep, but exceeds maxClauses.
        String wide = String.join(" OR ", java.util.Collections.nCopies(20_000, "name:a"));
        QueryException e = assertThrows(QueryException.class, () -> LuceneSyntaxParser.parse(wide, TYPES, roomy));
        assertTrue(e.getMessage().contains("QueryLimits.maxClauses"), e.getMessage());
    }

    private static void fuzz(String language, Function<String, Filter> parser, List<String> tokens, List<String> seeds) {
        long seed = Long.getLong("imageindex.query.seed", 0xF022L);
        Random r = new Random(seed ^ language.hashCode());
        // YAML rule fields are not in TYPES: the compiler treats them as absent, which must not fail either.
        FilterCompiler compiler = FilterCompiler.of(TYPES);
        int parsed = 0;
        int rejected = 0;
        for (int i = 0; i < ROUNDS; i++) {
            String input = switch (i % 3) {
                case 0 -> randomBytes(r);
                case 1 -> tokenSoup(r, tokens);
                default -> mutate(r, seeds.get(r.nextInt(seeds.size())), tokens);
            };
            try {
                Filter filter = parser.apply(input);
                compiler.compile(filter);
                parsed++;
            } catch (QueryException expected) {
                rejected++;
                assertTrue(expected.getMessage().startsWith(expected.position().describe() + ": "), expected.getMessage());
            } catch (Throwable t) {
                fail(language + " parser, seed " + seed + ", round " + i + ", input " + quote(input) + ": " + t, t);
            }
        }
        System.out.printf("ParserFuzzTest %s seed=%d: %d inputs, %d parsed and compiled, %d rejected with QueryException%n",
                language, seed, ROUNDS, parsed, rejected);
        assertTrue(parsed > 0, "the fuzzer never produced a valid " + language + " input");
    }

    private static String randomBytes(Random r) {
        byte[] bytes = new byte[r.nextInt(64)];
        r.nextBytes(bytes);
        return new String(bytes, r.nextBoolean() ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    private static String tokenSoup(Random r, List<String> tokens) {
        StringBuilder b = new StringBuilder();
        int n = r.nextInt(30);
        for (int k = 0; k < n; k++) {
            b.append(tokens.get(r.nextInt(tokens.size())));
        }
        return b.toString();
    }

    private static String mutate(Random r, String valid, List<String> tokens) {
        StringBuilder b = new StringBuilder(valid);
        int edits = r.nextInt(4);
        for (int k = 0; k < edits && b.length() > 0; k++) {
            int at = r.nextInt(b.length());
            switch (r.nextInt(3)) {
                case 0 -> b.deleteCharAt(at);
                case 1 -> b.insert(at, tokens.get(r.nextInt(tokens.size())));
                default -> b.setCharAt(at, (char) (32 + r.nextInt(95)));
            }
        }
        return b.toString();
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            b.append(c < 32 || c > 126 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.append('"').toString();
    }
}

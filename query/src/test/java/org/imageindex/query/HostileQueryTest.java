package org.imageindex.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.imageindex.query.compile.FilterCompiler;
import org.imageindex.query.lucene.LuceneSyntaxParser;
import org.imageindex.query.mongo.MongoFilterParser;
import org.imageindex.query.schema.FieldSpec;
import org.imageindex.query.schema.FieldType;
import org.imageindex.query.schema.FieldTypes;
import org.imageindex.query.yaml.ImageRecordFields;
import org.imageindex.query.yaml.ObjectHierarchy;
import org.imageindex.query.yaml.YamlRulesParser;
import org.junit.jupiter.api.Test;

/**
 * Hand-built attacks on the three query languages, complementing {@link ParserFuzzTest}'s random
 * inputs: nesting 100 000 levels deep, 1 000 000-element {@code $in} arrays, 10 MB strings,
 * YAML alias bombs, merge keys and Java type tags, NUL bytes, lone surrogates and mis-decoded
 * UTF-8, pathological wildcards, numbers and ranges. Each case must end in a filter that
 * compiles or a {@link QueryException}; most also name the limit that stopped them. Every case
 * runs under a hang guard, its time and heap allocation are measured, and the slowest and
 * hungriest are printed.
 */
class HostileQueryTest {

    private static final FieldTypes TYPES = FieldTypes.builder()
            .add("name", FieldSpec.single(FieldType.KEYWORD))
            .add("size", FieldSpec.single(FieldType.LONG))
            .add("ratio", FieldSpec.single(FieldType.DOUBLE))
            .add("tags", FieldSpec.multi(FieldType.KEYWORD))
            .add("created", FieldSpec.single(FieldType.DATE))
            .add("title", FieldSpec.single(FieldType.TEXT))
            .build();
    private static final ObjectHierarchy HIERARCHY = ObjectHierarchy.of(Map.of("Animal", List.of("Cat"), "Cat", List.of("Animal")));

    /** Limits a generous caller might set: deep (the ceiling), many clauses, 16 MiB of text. */
    private static final QueryLimits ROOMY = QueryLimits.of(QueryLimits.MAX_SUPPORTED_DEPTH, 10_000, 16 << 20);

    /**
     * A hang guard, not a speed target: the slowest case is printed and takes well under a second,
     * so 60 s leaves room for a loaded 2-core machine while a parser that never returns still fails.
     */
    private static final Duration PER_CASE_LIMIT = Duration.ofSeconds(60);

    /**
     * Heap one case may allocate (garbage included) under {@link QueryLimits#DEFAULTS}, whose
     * input is at most 64 Ki chars: parsers and compiler together must stay within a few MB.
     */
    private static final long DEFAULT_LIMITS_ALLOCATION = 24L << 20;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** Incremented if SnakeYAML ever loads or instantiates {@link Tripwire}. */
    static final AtomicInteger TRIPWIRE = new AtomicInteger();

    /** A class a YAML tag names: constructing or even initialising it trips the wire. */
    public static final class Tripwire {
        static {
            TRIPWIRE.incrementAndGet();
        }

        public Tripwire() {
            TRIPWIRE.incrementAndGet();
        }

        public Tripwire(String ignored) {
            TRIPWIRE.incrementAndGet();
        }
    }

    private enum Language { MONGO, YAML, LUCENE }

    /**
     * One attack. {@code rejectedFor} is a fragment the {@link QueryException} message must
     * contain, or null when a compiled filter is an acceptable outcome too.
     */
    private record Attack(Language language, String name, QueryLimits limits, Supplier<String> input, String rejectedFor) {}

    private static Attack mongo(String name, QueryLimits limits, Supplier<String> input, String rejectedFor) {
        return new Attack(Language.MONGO, name, limits, input, rejectedFor);
    }

    private static Attack yaml(String name, QueryLimits limits, Supplier<String> input, String rejectedFor) {
        return new Attack(Language.YAML, name, limits, input, rejectedFor);
    }

    private static Attack lucene(String name, QueryLimits limits, Supplier<String> input, String rejectedFor) {
        return new Attack(Language.LUCENE, name, limits, input, rejectedFor);
    }

    private static final String DEPTH = "QueryLimits.maxDepth";
    private static final String SIZE = "QueryLimits.maxInputChars";
    private static final String CLAUSES = "QueryLimits.maxClauses";
    private static final QueryLimits DEFAULTS = QueryLimits.DEFAULTS;

    private static String repeat(String s, int n) {
        return s.repeat(n);
    }

    private static String inArray(int n) {
        StringBuilder b = new StringBuilder(n * 8).append("{\"tags\": {\"$in\": [");
        for (int i = 0; i < n; i++) {
            b.append(i == 0 ? "" : ",").append('"').append(Integer.toString(i, 36)).append('"');
        }
        return b.append("]}}").toString();
    }

    /** The bytes, read back as UTF-8 (invalid sequences become U+FFFD) or ISO-8859-1 (one char per byte). */
    private static List<String> misDecoded(byte[] bytes) {
        return List.of(new String(bytes, StandardCharsets.UTF_8), new String(bytes, StandardCharsets.ISO_8859_1));
    }

    private static final List<byte[]> BAD_BYTES = List.of(
            new byte[] {0},                                   // NUL
            new byte[] {(byte) 0xC0, (byte) 0x80},            // overlong NUL
            new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // UTF-8 encoded lone surrogate (CESU)
            new byte[] {(byte) 0xFF, (byte) 0xFE, 0, 0},      // UTF-32 byte order mark
            new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF}, // UTF-8 byte order mark
            new byte[] {(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, // above U+10FFFF
            new byte[] {(byte) 0x80, (byte) 0xBF, (byte) 0xFE}); // stray continuation bytes

    private static final List<String> BAD_CHARS = List.of("\u0000", "\uD800", "\uDC00", "\uDBFF\uDBFF", "\uFFFE", "\uFEFF",
            "\u202E", "\r\n\u2028\u2029", "\u0085", "\\", "\\u0000", "\\uD800");

    private static List<Attack> attacks() {
        List<Attack> a = new ArrayList<>();
        int deep = 100_000;
        // ---- nesting, 100 000 levels, within the default and the roomiest limits --------------
        for (QueryLimits limits : List.of(DEFAULTS, ROOMY)) {
            String tag = limits == DEFAULTS ? " (defaults)" : " (roomy)";
            String expect = limits == DEFAULTS ? SIZE : DEPTH;
            a.add(mongo("$and nested 100k" + tag, limits,
                    () -> repeat("{\"$and\":[", deep) + "{}" + repeat("]}", deep), expect));
            a.add(mongo("$not nested 100k" + tag, limits, () -> repeat("{\"$not\":", deep) + "{\"a\":1}" + repeat("}", deep), expect));
            a.add(mongo("field $not nested 100k" + tag, limits,
                    () -> "{\"size\":" + repeat("{\"$not\":", deep) + "{\"$gt\":1}" + repeat("}", deep + 1), expect));
            a.add(mongo("$in of nested arrays 100k" + tag, limits,
                    () -> "{\"tags\":{\"$in\":" + repeat("[", deep) + repeat("]", deep) + "}}", expect));
            a.add(yaml("flow mappings nested 100k" + tag, limits, () -> "want: " + repeat("{a: ", deep) + repeat("}", deep), expect));
            a.add(yaml("block sequences nested 100k" + tag, limits, () -> "want:\n" + repeat("- ", deep) + "has: [a]", expect));
            a.add(yaml("anchors on nested flow lists 100k" + tag, limits, () -> "want: " + repeat("&a [", deep) + repeat("]", deep), expect));
            a.add(lucene("parentheses nested 100k" + tag, limits, () -> repeat("(", deep) + "name:a" + repeat(")", deep), expect));
            a.add(lucene("field groups nested 100k" + tag, limits, () -> "name:" + repeat("(", deep) + "a" + repeat(")", deep), expect));
            a.add(lucene("interval functions nested 100k" + tag, limits, () -> "title:" + repeat("fn:ordered(", deep) + "a" + repeat(")", deep), expect));
        }
        // Just past the default depth: refused for depth, not size.
        a.add(mongo("$and nested 40", DEFAULTS, () -> repeat("{\"$and\":[", 40) + "{}" + repeat("]}", 40), DEPTH));
        a.add(yaml("flow lists nested 40", DEFAULTS, () -> "want: " + repeat("[", 40) + repeat("]", 40), DEPTH));
        a.add(lucene("parentheses nested 40", DEFAULTS, () -> repeat("(", 40) + "name:a" + repeat(")", 40), DEPTH));
        // ---- huge arrays and long strings against the input-size limit ------------------------
        // 100k elements: ten times the roomy clause limit and about 600 000 characters, far past the
        // default input size; a million proved nothing more and only made the case slow under load.
        a.add(mongo("$in with 100k elements (defaults)", DEFAULTS, () -> inArray(100_000), SIZE));
        a.add(mongo("$in with 100k elements (roomy)", ROOMY, () -> inArray(100_000), null));
        a.add(mongo("10 MB string value", DEFAULTS, () -> "{\"name\": \"" + "x".repeat(10 << 20) + "\"}", SIZE));
        a.add(mongo("10 MB field name", ROOMY, () -> "{\"" + "n".repeat(10 << 20) + "\": 1}", "a field name longer than 50000 characters"));
        a.add(mongo("10 MB of whitespace", DEFAULTS, () -> " ".repeat(10 << 20) + "{}", SIZE));
        a.add(mongo("a 60 000-digit integer", ROOMY, () -> "{\"size\": " + "9".repeat(60_000) + "}", "a number longer than 1000 characters"));
        a.add(mongo("a 60 000-digit fraction", ROOMY, () -> "{\"ratio\": 0." + "1".repeat(60_000) + "}", "a number longer than 1000 characters"));
        a.add(mongo("exponent 1e999999999", DEFAULTS, () -> "{\"ratio\": {\"$lt\": 1e999999999}}", null));
        a.add(mongo("$date of 60 000 digits", ROOMY, () -> "{\"created\": {\"$date\": " + "9".repeat(60_000) + "}}", "a number longer than 1000 characters"));
        a.add(yaml("10 MB title", DEFAULTS, () -> "want:\n- title: " + "x".repeat(10 << 20), SIZE));
        a.add(yaml("has with 100k labels (roomy)", ROOMY, () -> "want:\n- has: [" + "a,".repeat(100_000) + "b]", null));
        a.add(yaml("a 60 000-digit width", ROOMY, () -> "want:\n- above_width: " + "9".repeat(60_000), null));
        a.add(lucene("10 MB term", DEFAULTS, () -> "name:" + "x".repeat(10 << 20), SIZE));
        a.add(lucene("60 000-char prefix", DEFAULTS, () -> "name:" + "x".repeat(60_000) + "*", null));
        // ---- YAML: alias bombs, recursive anchors, merge keys, Java type tags ----------------
        a.add(yaml("billion laughs (collection aliases)", DEFAULTS, HostileQueryTest::billionLaughs, "invalid YAML"));
        a.add(yaml("billion laughs (roomy)", ROOMY, HostileQueryTest::billionLaughs, "invalid YAML"));
        a.add(yaml("rules sharing one aliased label list", DEFAULTS,
                () -> "want:\n- has: &l [" + "a,".repeat(4000) + "b]\n" + "- has: *l\n".repeat(15), "aliases repeat lists"));
        a.add(yaml("two rules sharing a short aliased list", DEFAULTS,
                () -> "want:\n- has: &l [Animal, b]\nexclude:\n- has_object: *l\n", null));
        a.add(yaml("recursive sequence anchor", DEFAULTS, () -> "want: &w [*w]", null));
        a.add(yaml("recursive mapping anchor", DEFAULTS, () -> "want:\n- &r {has: *r}", null));
        a.add(yaml("recursive key", DEFAULTS, () -> "? &k [*k]\n: 1", null));
        a.add(yaml("alias to an undefined anchor", DEFAULTS, () -> "want:\n- has: *nowhere", "invalid YAML"));
        a.add(yaml("merge key at the root", DEFAULTS, () -> "base: &b {limit: 5}\n<<: *b\n", null));
        a.add(yaml("merge key in a rule", DEFAULTS, () -> "want:\n- <<: {has: [a]}\n", null));
        a.add(yaml("merge key merging itself", DEFAULTS, () -> "want:\n- &m {<<: *m}\n", null));
        a.add(yaml("merge of 16 aliased maps", DEFAULTS,
                () -> "x: &m {has: [a]}\nwant:\n- <<: [" + String.join(",", Collections.nCopies(16, "*m")) + "]\n", null));
        String tripwire = "!!" + Tripwire.class.getName();
        for (String tagged : List.of(
                "want:\n- title: !!java.lang.Runtime x",
                "want:\n- has: !!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://localhost/\"]]]]",
                "!!javax.script.ScriptEngineManager [!!java.net.URLClassLoader [[!!java.net.URL [\"http://localhost/\"]]]]",
                "want: !!java.util.ArrayList [{has: [a]}]",
                "limit: !!java.lang.Integer 5",
                "want:\n- title: " + tripwire + " x",
                "want:\n- has: " + tripwire + " [a]",
                tripwire + " {}",
                "want:\n- title: !<tag:yaml.org,2002:java.lang.ProcessBuilder> [\"sh\"]",
                "%TAG !j! tag:yaml.org,2002:java.lang.\n---\nwant:\n- title: !j!Runtime x",
                "want:\n- title: !!binary AAAA",
                "limit: !!float 5",
                "limit: !!str 5")) {
            a.add(yaml("tag " + tagged.replace('\n', ' '), DEFAULTS, () -> tagged, null));
        }
        // ---- bad characters and mis-decoded bytes, in values, keys and field names ------------
        for (String c : BAD_CHARS) {
            String shown = escape(c);
            a.add(mongo("value " + shown, DEFAULTS, () -> "{\"name\": \"a" + c + "b\"}", null));
            a.add(mongo("field " + shown, DEFAULTS, () -> "{\"na" + c + "me\": {\"$in\": [\"" + c + "\"]}}", null));
            a.add(mongo("between tokens " + shown, DEFAULTS, () -> "{" + c + "\"name\":" + c + "1}", null));
            a.add(yaml("title " + shown, DEFAULTS, () -> "want:\n- title: \"a" + c + "b\"", null));
            a.add(yaml("plain " + shown, DEFAULTS, () -> "want:\n- has: [a" + c + "b]", null));
            a.add(lucene("term " + shown, DEFAULTS, () -> "name:a" + c + "b", null));
            a.add(lucene("phrase " + shown, DEFAULTS, () -> "title:\"a" + c + "b\"", null));
            a.add(lucene("range " + shown, DEFAULTS, () -> "name:[a" + c + " TO b" + c + "]", null));
        }
        for (byte[] bytes : BAD_BYTES) {
            for (String s : misDecoded(bytes)) {
                String shown = escape(s);
                a.add(mongo("mis-decoded " + shown, DEFAULTS, () -> "{\"name\": \"" + s + "\", \"" + s + "\": 1}", null));
                a.add(mongo("mis-decoded document " + shown, DEFAULTS, () -> s + "{\"name\": 1}" + s, null));
                a.add(yaml("mis-decoded " + shown, DEFAULTS, () -> s + "want:\n- has: [" + s + "]", null));
                a.add(lucene("mis-decoded " + shown, DEFAULTS, () -> s + "name:" + s + " AND tags:x" + s, null));
            }
        }
        // ---- Lucene: wildcards, ranges, numbers ---------------------------------------------
        a.add(lucene("10 000 stars", DEFAULTS, () -> "name:" + "*".repeat(10_000), null));
        a.add(lucene("alternating ?*", DEFAULTS, () -> "name:" + "?*".repeat(20_000), null));
        a.add(lucene("wildcards in 5000 terms", ROOMY,
                () -> String.join(" OR ", Collections.nCopies(5000, "name:a*b*c*d*e*f*g*h*")), null));
        a.add(lucene("regular expression", DEFAULTS, () -> "name:/(a|aa)*b{1,99999}/", null));
        a.add(lucene("unterminated regular expression", DEFAULTS, () -> "name:/" + "a".repeat(60_000), null));
        a.add(lucene("fuzzy, 10 000 tildes", DEFAULTS, () -> "name:a" + "~".repeat(10_000), null));
        a.add(lucene("range over all longs", DEFAULTS, () -> "size:[-9223372036854775808 TO 9223372036854775807]", null));
        a.add(lucene("range past the longs", DEFAULTS, () -> "size:[-99999999999999999999999 TO 99999999999999999999999]", null));
        a.add(lucene("range over all doubles", DEFAULTS, () -> "ratio:[-1.7976931348623157e308 TO 1.7976931348623157e308]", null));
        a.add(lucene("exponent 1e999999999", DEFAULTS, () -> "ratio:{* TO 1e999999999}", null));
        a.add(lucene("exponent 1e-999999999", DEFAULTS, () -> "ratio:1e-999999999", null));
        a.add(lucene("exponent past int", DEFAULTS, () -> "size:1e-2147483649", null));
        a.add(lucene("60 000-digit number", DEFAULTS, () -> "size:" + "9".repeat(60_000), null));
        a.add(lucene("60 000-digit fraction", DEFAULTS, () -> "ratio:0." + "1".repeat(60_000), null));
        a.add(lucene("dates at the ends of time", DEFAULTS,
                () -> "created:[-999999999-01-01 TO +999999999-12-31] created:[0000-01-01 TO 9999-12-31T23:59:59.999999999Z]", "created expects"));
        a.add(lucene("10 000 ranges", ROOMY, () -> String.join(" AND ", Collections.nCopies(10_000, "size:[1 TO 2]")), CLAUSES));
        a.add(lucene("20 000 NOTs and quotes", DEFAULTS, () -> "NOT \"".repeat(6_000) + "name:a", null));
        a.add(lucene("unbalanced, 60 000 closers", DEFAULTS, () -> "name:a" + ")".repeat(60_000), null));
        a.add(lucene("60 000 backslashes", DEFAULTS, () -> "name:" + "\\".repeat(60_000), null));
        return a;
    }

    /** Nine levels, each a list of nine aliases of the level below: 9^9 "lol"s if expanded. */
    private static String billionLaughs() {
        StringBuilder b = new StringBuilder("a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for (int level = 1; level <= 9; level++) {
            String prev = "*a" + (level - 1);
            b.append('a').append(level).append(": &a").append(level).append(" [")
                    .append(String.join(", ", Collections.nCopies(9, prev))).append("]\n");
        }
        return b.append("want:\n- has: *a9\n").toString();
    }

    @Test
    void everyAttackEndsInAFilterOrQueryException() {
        List<Attack> attacks = attacks();
        FilterCompiler compiler = FilterCompiler.of(TYPES);
        FilterCompiler yamlCompiler = FilterCompiler.of(ImageRecordFields.SCHEMA);
        long slowest = 0;
        String slowestName = "";
        long hungriest = 0;
        String hungriestName = "";
        int parsed = 0;
        int rejected = 0;
        TRIPWIRE.set(0);
        for (Attack attack : attacks) {
            String input = attack.input().get(); // built before measuring: the caller already holds it
            String where = attack.language() + " " + attack.name() + " (" + input.length() + " chars)";
            long[] measured = assertTimeoutPreemptively(PER_CASE_LIMIT, () -> {
                long before = THREADS.getCurrentThreadAllocatedBytes();
                long t0 = System.nanoTime();
                int outcome;
                try {
                    switch (attack.language()) {
                        case MONGO -> compiler.compile(MongoFilterParser.parse(input, attack.limits()));
                        case YAML -> yamlCompiler.compile(YamlRulesParser.parse(input, HIERARCHY, attack.limits()).filter());
                        case LUCENE -> compiler.compile(LuceneSyntaxParser.parse(input, TYPES, attack.limits()));
                    }
                    if (attack.rejectedFor() != null) {
                        fail(where + ": expected a QueryException naming " + attack.rejectedFor() + ", got a filter");
                    }
                    outcome = 1;
                } catch (QueryException e) {
                    assertTrue(e.getMessage().startsWith(e.position().describe() + ": "), e.getMessage());
                    if (attack.rejectedFor() != null) {
                        assertTrue(e.getMessage().contains(attack.rejectedFor()),
                                () -> where + ": expected the message to name " + attack.rejectedFor() + ": " + e.getMessage());
                    }
                    outcome = 0;
                } catch (Throwable t) {
                    throw new AssertionError(where + ": expected a filter or QueryException, got " + t, t);
                }
                return new long[] {System.nanoTime() - t0, THREADS.getCurrentThreadAllocatedBytes() - before, outcome};
            }, () -> where + " exceeded the hang guard " + PER_CASE_LIMIT);
            if (measured[2] == 1) {
                parsed++;
            } else {
                rejected++;
            }
            if (measured[0] > slowest) {
                slowest = measured[0];
                slowestName = where;
            }
            if (attack.limits() == DEFAULTS) {
                if (measured[1] > hungriest) {
                    hungriest = measured[1];
                    hungriestName = where;
                }
                assertTrue(measured[1] < DEFAULT_LIMITS_ALLOCATION,
                        where + " allocated " + measured[1] + " bytes under the default limits");
            }
        }
        System.out.printf("hostile queries: %d attacks, %d compiled, %d rejected with QueryException; slowest %.1f ms (%s);"
                        + " most heap under default limits %.1f MB (%s)%n",
                attacks.size(), parsed, rejected, slowest / 1e6, slowestName, hungriest / 1e6, hungriestName);
        assertEquals(0, TRIPWIRE.get(), "a YAML tag loaded or instantiated a Java class");
        assertEquals(attacks.size(), parsed + rejected);
    }

    private static String escape(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            b.append(c < 32 || c > 126 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return b.toString();
    }
}

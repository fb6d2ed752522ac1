package org.imageindex.query.yaml;

import static org.imageindex.query.IndexFixture.record;
import static org.imageindex.query.yaml.ImageRecordFields.AUTHOR;
import static org.imageindex.query.yaml.ImageRecordFields.COPIED_FROM;
import static org.imageindex.query.yaml.ImageRecordFields.DATE;
import static org.imageindex.query.yaml.ImageRecordFields.DESCRIPTION;
import static org.imageindex.query.yaml.ImageRecordFields.GALLERIES;
import static org.imageindex.query.yaml.ImageRecordFields.HEIGHT;
import static org.imageindex.query.yaml.ImageRecordFields.LICENCES;
import static org.imageindex.query.yaml.ImageRecordFields.NATURE;
import static org.imageindex.query.yaml.ImageRecordFields.OBJECTS;
import static org.imageindex.query.yaml.ImageRecordFields.ORIGIN_URL;
import static org.imageindex.query.yaml.ImageRecordFields.ORIGIN_URL_NO_PROTOCOL;
import static org.imageindex.query.yaml.ImageRecordFields.RATING;
import static org.imageindex.query.yaml.ImageRecordFields.RATING_COUNT;
import static org.imageindex.query.yaml.ImageRecordFields.REGION_COUNT;
import static org.imageindex.query.yaml.ImageRecordFields.REPLACED_BY;
import static org.imageindex.query.yaml.ImageRecordFields.REPLACES;
import static org.imageindex.query.yaml.ImageRecordFields.TITLE;
import static org.imageindex.query.yaml.ImageRecordFields.WIDTH;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.imageindex.query.IndexFixture;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.compile.FilterCompiler;
import org.imageindex.query.compile.ListingSorts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every rule kind, include_obsolete, every ordering, offset/limit, and the seed's own example, on real Lucene indexes. */
class YamlRulesTest {

    private static final ObjectHierarchy HIERARCHY = ObjectHierarchy.of(Map.of(
            "Animal", List.of("Cat (Felis catus)", "Dog (Canis lupus familiaris)"),
            "Cat (Felis catus)", List.of("Cat (Felis catus) - left eye")));

    private static IndexFixture index;

    @BeforeAll
    static void index() {
        Map<String, Map<String, Object>> r = new LinkedHashMap<>();
        r.put("p1", image(record(OBJECTS, List.of("Cat (Felis catus)"), NATURE, "photo", LICENCES, List.of("CC-BY-4.0"),
                AUTHOR, "alice", TITLE, "A Cat on the Grass", DESCRIPTION, "Sunny afternoon",
                ORIGIN_URL, "https://commons.wikimedia.org/wiki/File:Cat.jpg", WIDTH, 1024L, HEIGHT, 768L,
                DATE, Instant.ofEpochSecond(1551398400L), GALLERIES, List.of("1"), RATING, 4.5, RATING_COUNT, 2L,
                REGION_COUNT, 1L)));
        r.put("p2", image(record(OBJECTS, List.of("Dog (Canis lupus familiaris)", "Grass"), NATURE, "computer-3d-art",
                LICENCES, List.of("MIT", "CC0-1.0"), AUTHOR, "bob", TITLE, "dog render", DESCRIPTION, "A DOG in 3D",
                ORIGIN_URL, "http://example.org/dog.png", WIDTH, 640L, HEIGHT, 480L, DATE, Instant.ofEpochSecond(1527811200L),
                GALLERIES, List.of("1", "2"), RATING, 2.0, RATING_COUNT, 5L, REGION_COUNT, 2L, COPIED_FROM, List.of("7"))));
        r.put("p3", image(record(OBJECTS, List.of("Human", "Flower"), NATURE, "photo", LICENCES, List.of("X-public-domain"),
                AUTHOR, "carol", TITLE, "Portrait", DESCRIPTION, "", ORIGIN_URL, "commons.wikimedia.org/x",
                WIDTH, 3000L, HEIGHT, 2000L, DATE, Instant.ofEpochSecond(1577836800L), GALLERIES, List.of())));
        r.put("p4", image(record(OBJECTS, List.of(), NATURE, "drawing", AUTHOR, "alice", TITLE, "Zebra sketch",
                REPLACED_BY, "p5", WIDTH, 800L, HEIGHT, 600L, DATE, Instant.ofEpochSecond(1483228800L),
                REGION_COUNT, 3L, RATING, 5.0, RATING_COUNT, 1L)));
        r.put("p5", image(record(OBJECTS, List.of("Cat (Felis catus) - left eye"), NATURE, "photo", AUTHOR, "dave",
                TITLE, "eye close-up", WIDTH, 500L, HEIGHT, 500L, DATE, Instant.ofEpochSecond(1609459200L),
                REPLACES, "p4", REGION_COUNT, 5L, RATING_COUNT, 0L, COPIED_FROM, List.of("1", "7"))));
        index = new IndexFixture(ImageRecordFields.SCHEMA, r);
    }

    /** Adds the derived field a core indexer must add: the origin URL without its protocol. */
    private static Map<String, Object> image(Map<String, Object> fields) {
        Object url = fields.get(ORIGIN_URL);
        if (url != null) {
            fields.put(ORIGIN_URL_NO_PROTOCOL, ImageRecordFields.stripProtocol((String) url));
        }
        return fields;
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
    }

    private static Set<String> hits(String yaml) {
        YamlQuery q = YamlRulesParser.parse(yaml, HIERARCHY);
        return index.ids(FilterCompiler.of(ImageRecordFields.SCHEMA).compile(q.filter()));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            has: [Animal]                                 | p1 p2 p5
            has: ["Cat (Felis catus)"]                    | p1 p5
            has_object: ["Cat (Felis catus)"]             | p1
            nature: [photo]                               | p1 p3 p5
            licence: [MIT, X-public-domain]               | p2 p3
            author: [alice]                               | p1
            title: "%cAt%"                                | p1
            title: cAt                                    | -
            title: "a cat%grass"                          | p1
            title: "_og RENDER"                           | p2
            title: "%o%"                                  | p1 p2 p3 p5
            description: "%dog%"                          | p2
            description: dog                              | -
            origin_url: commons.wikimedia.org             | p1 p3
            origin_url: https://commons.wikimedia.org/wiki | p1
            above_width: 1024                             | p1 p3
            below_width: 640                              | p2 p5
            above_height: 768                             | p1 p3
            below_height: 500                             | p2 p5
            before_date: 1551398400                       | p2
            after_date: 1551398400                        | p3 p5
            in_gallery: [2]                               | p2
            above_rating: 4                               | p1 p3 p5
            below_rating: 2                               | p2
            above_rating_count: 2                         | p1 p2
            below_rating_count: 1                         | p3 p5
            above_region_count: 2                         | p2 p5
            below_region_count: 0                         | p3
            copied_from: [7]                              | p2 p5
            has_object: []                                | -
            """)
    void eachRuleKindInWantAndExclude(String rule, String expected) {
        Set<String> want = expected.equals("-") ? Set.of() : new TreeSet<>(Arrays.asList(expected.split(" ")));
        assertEquals(want, hits("want:\n- " + rule + "\n"), "want " + rule);
        Set<String> rest = new TreeSet<>(Set.of("p1", "p2", "p3", "p5"));
        rest.removeAll(want);
        assertEquals(rest, hits("exclude:\n- " + rule + "\n"), "exclude " + rule);
    }

    @Test
    void includeObsolete() {
        assertEquals(Set.of("p1"), hits("want:\n- author: [alice]\n"));
        assertEquals(Set.of("p1", "p4"), hits("want:\n- author: [alice]\ninclude_obsolete: true\n"));
        assertEquals(Set.of("p1", "p2", "p3", "p5"), hits("include_obsolete: false\n"));
        assertEquals(Set.of("p1", "p2", "p3", "p5"), hits(""));
    }

    @Test
    void rulesInOneListAreAnded() {
        assertEquals(Set.of("p1"), hits("want:\n- has: [Animal]\n- nature: [photo]\n- above_width: 600\n"));
        assertEquals(Set.of("p5"), hits("want:\n- has: [Animal]\nexclude:\n- above_width: 600\n- nature: [computer-3d-art]\n"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            date-desc           | p5 p3 p1 p2
            date-asc            | p2 p1 p3 p5
            title-asc           | p1 p2 p5 p3
            title-desc          | p3 p5 p2 p1
            number-regions-desc | p5 p2 p1 p3
            number-regions-asc  | p3 p1 p2 p5
            """)
    void eachOrdering(String ordering, String expected) {
        YamlQuery q = YamlRulesParser.parse("ordering: " + ordering + "\n", HIERARCHY);
        Query query = FilterCompiler.of(ImageRecordFields.SCHEMA).compile(q.filter());
        List<String> order = index.ordered(query, ListingSorts.toSort(q.listing(), ImageRecordFields.SCHEMA, 0));
        assertEquals(Arrays.asList(expected.split(" ")), order);
        assertEquals(Ordering.fromSpelling(ordering).listing(0, Listing.DEFAULT_LIMIT), q.listing());
    }

    @Test
    void randomOrderingIsAStableShuffle() {
        YamlQuery q = YamlRulesParser.parse("ordering: random\ninclude_obsolete: true\n", HIERARCHY);
        assertTrue(q.listing().random());
        Set<List<String>> orders = new HashSet<>();
        for (long seed = 0; seed < 8; seed++) {
            List<String> first = index.ordered(new MatchAllDocsQuery(), ListingSorts.toSort(q.listing(), ImageRecordFields.SCHEMA, seed));
            List<String> again = index.ordered(new MatchAllDocsQuery(), ListingSorts.toSort(q.listing(), ImageRecordFields.SCHEMA, seed));
            assertEquals(first, again, "same seed, same order");
            assertEquals(Set.of("p1", "p2", "p3", "p4", "p5"), new TreeSet<>(first));
            orders.add(first);
        }
        assertTrue(orders.size() > 1, "eight seeds gave one order: " + orders);
    }

    @Test
    void offsetAndLimit() {
        YamlQuery q = YamlRulesParser.parse("ordering: date-asc\noffset: 1\nlimit: 2\n", HIERARCHY);
        assertEquals(1, q.listing().offset());
        assertEquals(2, q.listing().limit());
        Query query = FilterCompiler.of(ImageRecordFields.SCHEMA).compile(q.filter());
        List<String> all = index.ordered(query, ListingSorts.toSort(q.listing(), ImageRecordFields.SCHEMA, 0));
        List<String> page = all.subList(q.listing().offset(), Math.min(all.size(), q.listing().offset() + q.listing().limit()));
        assertEquals(List.of("p1", "p3"), page);
        assertEquals(new Listing(List.of(), false, 0, Listing.DEFAULT_LIMIT), YamlRulesParser.parse("", HIERARCHY).listing());
    }

    /**
     * Seed 002's {@code ilike}: whole-value SQL patterns, {@code %} any run, {@code _} one
     * character, {@code \} escapes, case-insensitive; and titles ordered as people read them.
     */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            title: "cat%lawn"           | lawn
            title: "CAT AND DOG%"       | lawn
            title: "%DOG%"              | lawn zebra
            title: "grass"              | grass
            title: "gr_ss"              | grass
            title: "gr_s"               | -
            title: '100\\%%'          | percent
            title: "100%"               | percent hundred
            title: 'under\\_score'    | underscore
            title: "under_score"        | underscore underxscore
            title: "a*b"                | star
            title: "a?b"                | -
            description: "%sunny%"      | lawn
            """)
    void ilikePatterns(String rule, String expected) throws IOException {
        Set<String> want = expected.equals("-") ? Set.of() : new TreeSet<>(Arrays.asList(expected.split(" ")));
        try (IndexFixture titles = titledIndex()) {
            YamlQuery q = YamlRulesParser.parse("want:\n- " + rule + "\n", HIERARCHY);
            assertEquals(want, titles.ids(FilterCompiler.of(ImageRecordFields.SCHEMA).compile(q.filter())), rule);
        }
    }

    @Test
    void titlesSortCaseInsensitivelyAndUnannotatedImagesHaveNoRegions() throws IOException {
        try (IndexFixture titles = titledIndex()) {
            YamlQuery asc = YamlRulesParser.parse("ordering: title-asc\n", HIERARCHY);
            Query all = new MatchAllDocsQuery();
            assertEquals(List.of("percent", "hundred", "star", "lawn", "grass", "underscore", "underxscore", "zebra"),
                    titles.ordered(all, ListingSorts.toSort(asc.listing(), ImageRecordFields.SCHEMA, 0)));
            YamlQuery desc = YamlRulesParser.parse("ordering: title-desc\n", HIERARCHY);
            assertEquals(List.of("zebra", "underxscore", "underscore", "grass", "lawn", "star", "hundred", "percent"),
                    titles.ordered(all, ListingSorts.toSort(desc.listing(), ImageRecordFields.SCHEMA, 0)));
            // lawn has 2 regions, grass 1, the rest none: they count as 0 and keep index order among themselves.
            YamlQuery fewest = YamlRulesParser.parse("ordering: number-regions-asc\n", HIERARCHY);
            assertEquals(List.of("zebra", "percent", "hundred", "underscore", "underxscore", "star", "grass", "lawn"),
                    titles.ordered(all, ListingSorts.toSort(fewest.listing(), ImageRecordFields.SCHEMA, 0)));
            YamlQuery most = YamlRulesParser.parse("ordering: number-regions-desc\n", HIERARCHY);
            assertEquals(List.of("lawn", "grass", "zebra", "percent", "hundred", "underscore", "underxscore", "star"),
                    titles.ordered(all, ListingSorts.toSort(most.listing(), ImageRecordFields.SCHEMA, 0)));
        }
    }

    private static IndexFixture titledIndex() {
        Map<String, Map<String, Object>> r = new LinkedHashMap<>();
        r.put("zebra", record(TITLE, "Zebra dog"));
        r.put("lawn", record(TITLE, "Cat and dog on the lawn", DESCRIPTION, "A SUNNY afternoon", REGION_COUNT, 2L));
        r.put("grass", record(TITLE, "grass", REGION_COUNT, 1L));
        r.put("percent", record(TITLE, "100% cotton"));
        r.put("hundred", record(TITLE, "100 cotton"));
        r.put("underscore", record(TITLE, "under_score"));
        r.put("underxscore", record(TITLE, "underXscore"));
        r.put("star", record(TITLE, "a*b"));
        return new IndexFixture(ImageRecordFields.SCHEMA, r);
    }

    /** The example of seed 002, character for character, on records built to hit and miss each of its rules. */
    @Test
    void seedExampleVerbatim() throws IOException {
        String example = SeedExamples.DATASET_PLATFORM_QUERY;
        List<String> catDogGrass = List.of("Cat (Felis catus)", "Dog (Canis lupus familiaris)", "Grass");
        Instant after = Instant.parse("2020-05-01T00:00:00Z");
        Map<String, Map<String, Object>> r = new LinkedHashMap<>();
        r.put("match-photo", record(OBJECTS, catDogGrass, NATURE, "photo", LICENCES, List.of("CC-BY-4.0"),
                WIDTH, 1024L, HEIGHT, 768L, DATE, after));
        r.put("match-render", record(OBJECTS, List.of("Cat (Felis catus)", "Dog (Canis lupus familiaris)", "Flower"),
                NATURE, "computer-3d-art", LICENCES, List.of("MIT"), WIDTH, 1920L, HEIGHT, 1080L, DATE, after));
        r.put("human", record(OBJECTS, List.of("Cat (Felis catus)", "Dog (Canis lupus familiaris)", "Grass", "Human"),
                NATURE, "photo", LICENCES, List.of("CC-BY-4.0"), WIDTH, 1024L, HEIGHT, 768L, DATE, after));
        r.put("no-dog", record(OBJECTS, List.of("Cat (Felis catus)", "Grass"), NATURE, "photo", LICENCES, List.of("MIT"),
                WIDTH, 1024L, HEIGHT, 768L, DATE, after));
        r.put("no-plant", record(OBJECTS, List.of("Cat (Felis catus)", "Dog (Canis lupus familiaris)"), NATURE, "photo",
                LICENCES, List.of("MIT"), WIDTH, 1024L, HEIGHT, 768L, DATE, after));
        r.put("drawing", record(OBJECTS, catDogGrass, NATURE, "drawing", LICENCES, List.of("MIT"),
                WIDTH, 1024L, HEIGHT, 768L, DATE, after));
        r.put("proprietary", record(OBJECTS, catDogGrass, NATURE, "photo", LICENCES, List.of("X-proprietary"),
                WIDTH, 1024L, HEIGHT, 768L, DATE, after));
        r.put("2018", record(OBJECTS, catDogGrass, NATURE, "photo", LICENCES, List.of("MIT"),
                WIDTH, 1024L, HEIGHT, 768L, DATE, Instant.parse("2018-12-31T23:59:59Z")));
        r.put("narrow", record(OBJECTS, catDogGrass, NATURE, "photo", LICENCES, List.of("MIT"),
                WIDTH, 800L, HEIGHT, 768L, DATE, after));
        r.put("low", record(OBJECTS, catDogGrass, NATURE, "photo", LICENCES, List.of("MIT"),
                WIDTH, 1024L, HEIGHT, 600L, DATE, after));
        r.put("obsolete", record(OBJECTS, catDogGrass, NATURE, "photo", LICENCES, List.of("MIT"),
                WIDTH, 1024L, HEIGHT, 768L, DATE, after, REPLACED_BY, "match-photo"));
        try (IndexFixture seedIndex = new IndexFixture(ImageRecordFields.SCHEMA, r)) {
            YamlQuery q = YamlRulesParser.parse(example, ObjectHierarchy.empty());
            assertEquals(Set.of("match-photo", "match-render"),
                    seedIndex.ids(FilterCompiler.of(ImageRecordFields.SCHEMA).compile(q.filter())));
            assertEquals(Listing.DEFAULT, q.listing());
        }
    }
}

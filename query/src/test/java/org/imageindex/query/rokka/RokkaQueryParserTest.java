package org.imageindex.query.rokka;

import static org.imageindex.query.IndexFixture.record;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.imageindex.query.IndexFixture;
import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLanguage;
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
import org.junit.jupiter.params.provider.CsvSource;

/** Every filter and sort example of rokka's listing documentation (seed 004), verbatim, on records stored as imageindex stores them. */
class RokkaQueryParserTest {

    /** The stored names and types of an imageindex record, with one user attribute. */
    static final FieldTypes TYPES = FieldTypes.builder()
            .add("id", FieldSpec.single(FieldType.KEYWORD))
            .add("sha1", FieldSpec.single(FieldType.KEYWORD))
            .add("name", FieldSpec.single(FieldType.TEXT))
            .add("format", FieldSpec.single(FieldType.KEYWORD))
            .add("size", FieldSpec.single(FieldType.LONG))
            .add("width", FieldSpec.single(FieldType.LONG))
            .add("height", FieldSpec.single(FieldType.LONG))
            .add("created", FieldSpec.single(FieldType.DATE))
            .add("tags", FieldSpec.multi(FieldType.KEYWORD))
            .add("my_integer_field", FieldSpec.single(FieldType.LONG))
            .add("colour", FieldSpec.single(FieldType.KEYWORD))
            .build();

    private static IndexFixture index;

    @BeforeAll
    static void index() {
        Map<String, Map<String, Object>> r = new LinkedHashMap<>();
        r.put("a", record("id", "a", "sha1", "binaryimage-sha1hash", "name", "plant.jpg", "format", "jpeg", "size", 35000L,
                "width", 42L, "height", 42L, "created", Instant.parse("2017-01-18T14:10:40Z"), "my_integer_field", 3L,
                "tags", List.of("green")));
        r.put("b", record("id", "b", "name", "plane.png", "format", "png", "size", 30000L, "width", 1200L, "height", 1200L,
                "created", Instant.parse("2016-12-31T23:59:59Z"), "my_integer_field", 7L, "colour", "blue"));
        r.put("c", record("id", "c", "name", "foo-planet.gif", "format", "gif", "size", 40000L, "height", 1200L,
                "created", Instant.parse("2017-06-01T00:00:00Z"), "my_integer_field", 1L));
        r.put("d", record("id", "d", "name", "foobar.jpg", "format", "jpeg", "size", 50000L,
                "created", Instant.parse("2018-03-03T10:00:00Z")));
        r.put("e", record("id", "e", "name", "fool.jpg", "format", "jpeg", "size", 29999L,
                "created", Instant.parse("2015-05-05T05:05:05Z"), "my_integer_field", 3L));
        index = new IndexFixture(TYPES, r);
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
    }

    private static Set<String> hits(String filter) {
        return index.ids(FilterCompiler.of(TYPES).compile(RokkaQueryParser.parseFilter(filter, TYPES)));
    }

    /** The seed's filter examples character for character, then the neighbours that show each rule. */
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
            height=1200                                  | b c
            user:int:my_integer_field=3                  | a e
            name=plan*                                   | a b
            size=[30000,40000]                           | a b c
            size=[30000,}                                | a b c d
            size={30000,}                                | a c d
            created=['2017-01-01T00:00:00Z',}            | a c d
            size=[30000,}&name=foo*                      | c d
            format=jpg                                   | a d e
            format=jpeg                                  | a d e
            format=png                                   | b
            format=jp*                                   | a d e
            hash=a                                       | a
            binaryhash=binaryimage-sha1hash              | a
            size={30000,40000}                           | a
            size=[,30000]                                | b e
            size=[*,30000}                               | e
            size=35000                                   | a
            created={'2017-01-18T14:10:40+0000',}        | c d
            created=["2017-01-01","2017-12-31"]          | a c
            user:int:my_integer_field=[2,}               | a b e
            user:double:my_integer_field=[2.5,3.5]       | a e
            user:str:colour=blue                         | b
            user:int:unknown_field=3                     | -
            tags=green                                   | a
            name='fool.jpg'                              | e
            size=%5B30000%2C%7D                          | a b c d
            ?height=1200&format=gif                      | c
            ``                                           | a b c d e
            """)
    void seedFiltersFindTheRightImages(String filter, String expected) {
        Set<String> want = expected.equals("-") ? Set.of() : new TreeSet<>(Arrays.asList(expected.split(" ")));
        assertEquals(want, hits(filter), filter);
    }

    private static List<String> sorted(String sort) {
        Listing listing = Listing.of(RokkaQueryParser.parseSort(sort, TYPES), 0, 100);
        return index.ordered(FilterCompiler.of(TYPES).compile(RokkaQueryParser.parseFilter("", TYPES)),
                ListingSorts.toSort(listing, TYPES, 0));
    }

    /** The seed's sort examples: sort=size, sort=size desc, sort=created desc,size asc, sort=user:int:my_integer_field desc. */
    @Test
    void seedSortsOrderTheImages() {
        assertEquals(List.of("e", "b", "a", "c", "d"), sorted("size"));
        assertEquals(List.of("d", "c", "a", "b", "e"), sorted("size desc"));
        assertEquals(List.of("d", "c", "a", "b", "e"), sorted("created desc,size asc"));
        assertEquals(List.of(SortKey.descending("created"), SortKey.ascending("size")),
                RokkaQueryParser.parseSort("created desc,size asc", TYPES));
        // d has no my_integer_field: it sorts last; a and e tie at 3 and keep index order.
        assertEquals(List.of("b", "a", "e", "c", "d"), sorted("user:int:my_integer_field desc"));
        assertEquals(List.of(SortKey.ascending("size")), RokkaQueryParser.parseSort("size+asc", TYPES));
    }

    /** The seed's curl query strings whole: filters, sort, limit and offset; created desc by default. */
    @Test
    void wholeQueryStrings() {
        RokkaQuery q = RokkaQueryParser.parse("limit=20&offset=100", TYPES);
        assertEquals(Listing.of(List.of(SortKey.descending("created")), 100, 20), q.listing());
        assertEquals(Set.of("a", "b", "c", "d", "e"), index.ids(FilterCompiler.of(TYPES).compile(q.filter())));
        RokkaQuery s = RokkaQueryParser.parse("sort=user:int:my_integer_field desc", TYPES);
        assertEquals(List.of(SortKey.descending("my_integer_field")), s.listing().sort());
        RokkaQuery h = RokkaQueryParser.parse("height=1200&sort=size desc&limit=0", TYPES);
        assertEquals(Set.of("b", "c"), index.ids(FilterCompiler.of(TYPES).compile(h.filter())));
        assertEquals(Listing.of(List.of(SortKey.descending("size")), 0, 0), h.listing());
    }

    @Test
    void formatsAreAnsweredAsRokkaSpellsThem() {
        assertEquals("jpg", RokkaFields.rokkaFormat("jpeg"));
        assertEquals("png", RokkaFields.rokkaFormat("png"));
        assertEquals(List.of("jpeg", "jpg"), RokkaFields.storedFormats("jpg"));
    }

    private static QueryException error(String filter) {
        return assertThrows(QueryException.class, () -> RokkaQueryParser.parseFilter(filter, TYPES));
    }

    /** Each mistake is located and says what to write instead. */
    @Test
    void errorsAreLocatedAndSuggestTheFix() {
        QueryException unknown = error("height=1200&sizes=3");
        assertEquals("rokka filter at offset 12: unknown field sizes; expected one of " + RokkaReader.FIELDS, unknown.getMessage());
        assertEquals(QueryLanguage.ROKKA, unknown.position().language());
        assertEquals(12, unknown.position().offset());
        assertEquals("rokka filter at offset 5: size expects a number such as 30000 or 2.5 (long field), found \"big\"",
                error("size=big").getMessage());
        assertEquals("rokka filter at offset 5: size expects two bounds separated by a comma, as in [30000,40000];"
                + " leave one empty for an open end, as in [30000,}, found \"[30000}\"", error("size=[30000}").getMessage());
        assertEquals("rokka filter at offset 23: size expects a range closed by ] or }, as in size=[30000,40000] or "
                + "size=[30000,}, found \"[30000,\"", error("height=1200&size=[30000,").getMessage());
        assertEquals("rokka filter at offset 9: created expects " + org.imageindex.query.schema.Dates.EXPECTED
                + ", quoted in a range as in created=['2017-01-01T00:00:00Z',}, found \"yesterday\"",
                error("created=['yesterday',}").getMessage());
        assertEquals("rokka filter at offset 5: unknown user metadata type integer; expected one of "
                + RokkaReader.USER_TYPE_NAMES + " (as in user:int:my_integer_field)",
                error("user:integer:my_integer_field=3").getMessage());
        assertEquals("rokka filter at offset 0: user:str:my_integer_field reads my_integer_field as str, but "
                + "my_integer_field holds long values; write user:int:my_integer_field", error("user:str:my_integer_field=3").getMessage());
        assertEquals("rokka filter at offset 26: user:int:my_integer_field expects a whole number such as 3 (write "
                + "user:double:my_integer_field for fractions), found \"3.5\"", error("user:int:my_integer_field=3.5").getMessage());
        assertEquals("rokka filter at offset 5: size=10* expects a string field for a prefix, found the long field size;"
                + " write size=[a,b] for a range", error("size=10*").getMessage());
        assertEquals("rokka filter at offset 6: name expects a prefix with a single trailing *, as in name=plan*, found \"p*an\"",
                error("name=p*an").getMessage());
        assertEquals("rokka filter at offset 0: height expects a filter name=value such as height=1200, size=[30000,} or "
                + "name=plan*, found \"height\" without =", error("height").getMessage());
        assertEquals("rokka filter at offset 7: height expects a value after =, as in height=1200 or height=[30000,}, found nothing",
                error("height=").getMessage());
        assertEquals("rokka filter at offset 12: sort orders or pages the listing and is not a filter; give the whole query"
                + " string to RokkaQueryParser.parse, or pass the order and page separately", error("height=1200&sort=size").getMessage());
        assertEquals("rokka filter at offset 16: unterminated quote; close it with '", error("created=['2017,}").getMessage());
    }

    @Test
    void sortAndPageErrors() {
        assertEquals("rokka filter at offset 5: sort expects asc or desc after the field, as in size desc, found \"down\"",
                assertThrows(QueryException.class, () -> RokkaQueryParser.parseSort("size down", TYPES)).getMessage());
        assertEquals("rokka filter at offset 0: sort no record has never_stored yet, so nothing sorts by user:int:never_stored;"
                        .replace("sort no", "no") + " sort by one of hash, binaryhash, size, format, width, height, created, name or stored user metadata",
                assertThrows(QueryException.class, () -> RokkaQueryParser.parseSort("user:int:never_stored", TYPES)).getMessage());
        assertEquals("rokka filter at offset 6: limit expects a whole number from 0 to 2000, found 5000",
                assertThrows(QueryException.class, () -> RokkaQueryParser.parse("limit=5000", TYPES)).getMessage());
        assertEquals("rokka filter at offset 13: sort expects a field name, optionally followed by asc or desc, as in "
                + "sort=created desc,size asc, found an empty criterion",
                assertThrows(QueryException.class, () -> RokkaQueryParser.parse("sort=created,", TYPES)).getMessage());
    }
}

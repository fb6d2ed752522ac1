package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.imageindex.query.QueryException;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.rokka.RokkaFields;
import org.imageindex.query.rokka.RokkaQueryParser;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.RecordUpdate;
import org.imageindex.record.StoredRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * rokka's listing filters and sorts (seed 004) verbatim through {@code QueryLanguage.ROKKA} on a
 * real index of photos; each expectation is recomputed from the stored records' own values.
 */
class RokkaListingTest {

    private static final List<Instant> CREATED = List.of(Instant.parse("2016-06-01T00:00:00Z"), Instant.parse("2017-01-18T14:10:40Z"),
            Instant.parse("2016-12-31T23:59:59Z"), Instant.parse("2018-03-03T10:00:00Z"), Instant.parse("2017-06-01T00:00:00Z"),
            Instant.parse("2015-05-05T05:05:05Z"));

    @TempDir
    static Path dir;

    private static ImageIndex index;
    private static List<StoredRecord> records;

    @BeforeAll
    static void open() throws IOException {
        index = PhotoFixture.open(dir, CREATED);
        long[] ints = {3, 7, 3, 1, 9, -1};
        List<RecordUpdate> updates = new ArrayList<>();
        for (int i = 0; i < ints.length; i++) {
            if (ints[i] >= 0) {
                updates.add(RecordUpdate.builder(PhotoFixture.id(i)).set("my_integer_field", ints[i]).build());
            }
        }
        assertTrue(index.update(updates).allSucceeded());
        records = index.find(ImageIndex.ALL_RECORDS, Listing.of(List.of(), 0, 100), FieldSelection.ALL).records();
        assertEquals(PhotoFixture.PHOTOS, records.size());
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
    }

    private static Set<String> found(String filter) {
        return new TreeSet<>(index.find(filter, QueryLanguage.ROKKA, Listing.of(List.of(), 0, 100), FieldSelection.ID_ONLY).ids());
    }

    private static Set<String> expected(Predicate<StoredRecord> p) {
        TreeSet<String> out = new TreeSet<>();
        records.stream().filter(p).forEach(r -> out.add(r.id()));
        return out;
    }

    private static long size(StoredRecord r) {
        return r.image().byteSize();
    }

    private static Object attr(StoredRecord r, String name) {
        return r.attributes().get(name).orElse(null);
    }

    @Test
    void seedFiltersVerbatim() {
        long height = records.get(0).image().height();
        assertEquals(expected(r -> r.image().height() == 1200), found("height=1200"));
        assertEquals(expected(r -> r.image().height() == height), found("height=" + height));
        assertEquals(Set.of("p0", "p2"), found("user:int:my_integer_field=3"));
        assertEquals(expected(r -> r.name().startsWith("plan")), found("name=plan*"));
        assertEquals(expected(r -> r.name().startsWith("photo")), found("name=photo*"));
        assertEquals(expected(r -> size(r) >= 30000 && size(r) <= 40000), found("size=[30000,40000]"));
        assertEquals(expected(r -> size(r) >= 30000), found("size=[30000,}"));
        assertEquals(expected(r -> size(r) > 30000), found("size={30000,}"));
        assertEquals(Set.of("p1", "p3", "p4"), found("created=['2017-01-01T00:00:00Z',}"));
        assertEquals(expected(r -> size(r) >= 30000 && r.name().startsWith("foo")), found("size=[30000,}&name=foo*"));
        long median = records.stream().mapToLong(RokkaListingTest::size).sorted().toArray()[PhotoFixture.PHOTOS / 2];
        Set<String> upper = expected(r -> size(r) >= median);
        assertTrue(!upper.isEmpty() && upper.size() < PhotoFixture.PHOTOS, "a size bound that splits the photos: " + median);
        assertEquals(upper, found("size=[" + median + ",}"));
        assertEquals(expected(r -> size(r) >= median && r.name().startsWith("photo")), found("size=[" + median + ",}&name=photo*"));
    }

    /** rokka names a JPEG "jpg": the filter finds the stored "jpeg" by either spelling, and answers "jpg". */
    @Test
    void jpegIsJpg() {
        assertEquals("jpeg", records.get(0).image().format());
        assertEquals(expected(r -> true), found("format=jpg"));
        assertEquals(expected(r -> true), found("format=jpeg"));
        assertEquals(Set.of(), found("format=png"));
        assertEquals("jpg", RokkaFields.rokkaFormat(records.get(0).image().format()));
        assertEquals(Set.of("p2"), found("hash=p2"));
        assertEquals(Set.of("p2"), found("binaryhash=" + records.stream().filter(r -> r.id().equals("p2")).findFirst()
                .orElseThrow().image().sha1()));
    }

    private static List<String> sorted(String sort) {
        return index.find(ImageIndex.ALL_RECORDS, Listing.of(RokkaQueryParser.parseSort(sort, index.fieldTypes()), 0, 100),
                FieldSelection.ID_ONLY).ids();
    }

    @Test
    void seedSortsVerbatim() {
        assertEquals(records.stream().sorted(Comparator.comparingLong(RokkaListingTest::size)).map(StoredRecord::id).toList(),
                sorted("size"));
        assertEquals(records.stream().sorted(Comparator.comparingLong(RokkaListingTest::size).reversed()).map(StoredRecord::id).toList(),
                sorted("size desc"));
        assertEquals(List.of("p3", "p4", "p1", "p2", "p0", "p5"), sorted("created desc,size asc"));
        // p5 has no my_integer_field and sorts last; p0 and p2 tie at 3.
        List<String> byInt = sorted("user:int:my_integer_field desc");
        assertEquals(List.of("p4", "p1"), byInt.subList(0, 2));
        assertEquals(Set.of("p0", "p2"), Set.copyOf(byInt.subList(2, 4)));
        assertEquals(List.of("p3", "p5"), byInt.subList(4, 6));
        assertEquals(3L, attr(records.stream().filter(r -> r.id().equals("p0")).findFirst().orElseThrow(), "my_integer_field"));
    }

    @Test
    void badFiltersAreLocatedQueryErrors() {
        QueryException e = assertThrows(QueryException.class, () -> index.filter("size=[30000,}&sizes=3", QueryLanguage.ROKKA));
        assertEquals(14, e.position().offset());
        assertTrue(e.getMessage().startsWith("rokka filter at offset 14: unknown field sizes; expected one of hash, binaryhash,"),
                e.getMessage());
    }
}

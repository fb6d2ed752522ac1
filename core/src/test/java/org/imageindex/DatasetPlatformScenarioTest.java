package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.imageindex.annotation.Annotation;
import org.imageindex.annotation.Annotations;
import org.imageindex.annotation.DatasetAttributes;
import org.imageindex.annotation.Region;
import org.imageindex.query.yaml.SeedExamples;
import org.imageindex.record.Attributes;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.RecordPage;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 002 (image dataset platform): pictures with titles, authors, natures, licences, origin
 * URLs, galleries, ratings, copies and annotations; the documented YAML query example verbatim;
 * every rule; every ordering; offset and limit; include_obsolete.
 */
class DatasetPlatformScenarioTest {

    /** The seed's example, verbatim. */
    private static final String SEED_EXAMPLE = SeedExamples.DATASET_PLATFORM_QUERY;

    private static final String CAT = "Cat (Felis catus)";
    private static final String DOG = "Dog (Canis lupus familiaris)";
    private static final List<Instant> UPLOADED = List.of(Instant.parse("2020-06-01T00:00:00Z"), Instant.parse("2021-01-02T00:00:00Z"),
            Instant.parse("2019-06-01T00:00:00Z"), Instant.parse("2019-03-01T00:00:00Z"), Instant.parse("2018-05-01T00:00:00Z"),
            Instant.parse("2022-02-02T00:00:00Z"));

    @TempDir
    static Path dir;

    private static ImageIndex index;
    private static Annotations annotations;

    @BeforeAll
    static void uploadAndAnnotate() throws IOException {
        index = PhotoFixture.open(dir, UPLOADED);
        // The seed's rule wants at least 600 px of height and every fixture photo is taller: p0 is
        // replaced by its top 599 rows, so the rule has a picture just below the limit to leave out.
        java.awt.image.BufferedImage photo0 = TestImages.photo(TestImages.photoFiles(1).get(0));
        index.delete(List.of("p0"));
        assertTrue(index.insert(List.of(org.imageindex.record.ImageRecord.builder().id("p0")
                .source(org.imageindex.record.ImageSource.bytes(TestImages.jpeg(photo0.getSubimage(0, 0, photo0.getWidth(), 599), 0.9f)))
                .name("photo 0").created(UPLOADED.get(0)).build())).allSucceeded());
        annotations = index.annotations();
        List<Attributes> pictures = List.of(
                DatasetAttributes.builder().title("Cat and dog on the lawn").description("A sunny AFTERNOON").author("alice")
                        .nature("photo").licences("CC-BY-4.0").originUrl("https://commons.wikimedia.org/wiki/p0").galleries("g1")
                        .rating(4.5, 2).build(),
                DatasetAttributes.builder().title("Bored cat").author("bob").nature("computer-3d-art").licences("CC0-1.0")
                        .originUrl("http://example.org/p1").galleries("g1", "g2").rating(2.0, 1).copiedFrom("p4").build(),
                DatasetAttributes.builder().title("Family picnic").author("alice").nature("photo").licences("MIT")
                        .originUrl("https://commons.wikimedia.org/wiki/p2").build(),
                DatasetAttributes.builder().title("Dog park").author("carol").nature("photo").licences("X-proprietary")
                        .rating(5.0, 3).build(),
                DatasetAttributes.builder().title("Old garden").author("bob").nature("photo").licences("MIT").build(),
                DatasetAttributes.builder().title("Zebra crossing").author("dave").nature("photo").licences("Apache-2.0").build());
        List<RecordUpdate> updates = new ArrayList<>();
        for (int i = 0; i < pictures.size(); i++) {
            RecordUpdate.Builder u = RecordUpdate.builder(PhotoFixture.id(i));
            pictures.get(i).asMap().forEach(u::set);
            updates.add(u.build());
        }
        assertTrue(index.update(updates).allSucceeded());
        List<List<String>> objects = List.of(List.of(CAT, DOG, "Grass"), List.of(CAT, DOG, "Flower"), List.of(CAT, DOG, "Grass", "Human"),
                List.of(CAT, DOG, "Grass"), List.of(CAT, DOG, "Flower"), List.of(CAT, DOG, "Grass"));
        int[] regionCounts = {3, 4, 5, 6, 7, 8};
        for (int i = 0; i < objects.size(); i++) {
            List<Annotation> regions = new ArrayList<>();
            regions.add(Annotation.of(new Region.BoundingBox(0.1, 0.1, 0.3, 0.3), objects.get(i).get(0)));
            regions.add(Annotation.of(Region.Polygon.of(0.5, 0.5, 0.9, 0.5, 0.7, 0.9), objects.get(i).get(1)));
            for (int k = 2; k < regionCounts[i]; k++) {
                String label = objects.get(i).get(Math.min(k, objects.get(i).size() - 1));
                regions.add(Annotation.of(k % 2 == 0 ? new Region.Point(0.05 * k, 0.5) : Region.Polyline.of(0, 0.9, 0.05 * k, 0.95), label));
            }
            assertEquals(RecordStatus.Code.UPDATED, annotations.set(PhotoFixture.id(i), regions).code());
        }
        annotations.setHierarchy(Map.of("Animal", List.of(CAT, DOG)));
        // The example's resolution rule works on the photos' own sizes: p0 is 1024 x 599, the others taller than 600.
        assertEquals(599, index.get("p0").orElseThrow().image().height());
        for (int i = 1; i < 6; i++) {
            assertTrue(index.get(PhotoFixture.id(i)).orElseThrow().image().height() > 600);
            assertEquals(1024, index.get(PhotoFixture.id(i)).orElseThrow().image().width());
        }
    }

    @AfterAll
    static void close() throws IOException {
        index.close();
    }

    private static Set<String> ids(String yaml) {
        return new TreeSet<>(annotations.find(yaml, FieldSelection.ID_ONLY).ids());
    }

    @Test
    void theSeedsExampleSelectsThePicturesItDescribes() {
        // p0: too low (599 px); p2: a human; p3: licence not listed; p4: uploaded before 2019.
        assertEquals(Set.of("p1", "p5"), ids(SEED_EXAMPLE));
    }

    @Test
    void everyRuleReadsItsField() {
        Map<String, Set<String>> expected = new java.util.LinkedHashMap<>();
        expected.put("want:\n- has: [Animal]\n", Set.of("p0", "p1", "p2", "p3", "p4", "p5"));
        expected.put("want:\n- has_object: [Animal]\n", Set.of());
        expected.put("want:\n- has_object: [Human]\n", Set.of("p2"));
        expected.put("want:\n- nature: [computer-3d-art]\n", Set.of("p1"));
        expected.put("want:\n- licence: [MIT]\n", Set.of("p2", "p4"));
        expected.put("want:\n- author: [alice]\n", Set.of("p0", "p2"));
        // ilike: the pattern covers the whole title, % and _ are wildcards, case does not matter.
        expected.put("want:\n- title: \"%CAT%\"\n", Set.of("p0", "p1"));
        expected.put("want:\n- title: CAT\n", Set.of());
        expected.put("want:\n- title: \"cat%lawn\"\n", Set.of("p0"));
        expected.put("want:\n- title: bored_cat\n", Set.of("p1"));
        expected.put("want:\n- description: \"%afternoon\"\n", Set.of("p0"));
        expected.put("want:\n- origin_url: commons.wikimedia.org\n", Set.of("p0", "p2"));
        expected.put("want:\n- origin_url: https://commons.wikimedia.org/wiki/p2\n", Set.of("p2"));
        expected.put("want:\n- above_width: 1000\n", Set.of("p0", "p1", "p2", "p3", "p4", "p5"));
        expected.put("want:\n- below_width: 1000\n", Set.of());
        expected.put("want:\n- below_height: 600\n", Set.of("p0"));
        expected.put("want:\n- above_height: 700\n", Set.of("p3", "p5"));
        expected.put("want:\n- before_date: 1546300800\n", Set.of("p4"));
        expected.put("want:\n- after_date: 1609459200\n", Set.of("p1", "p5"));
        expected.put("want:\n- in_gallery: [g2]\n", Set.of("p1"));
        expected.put("want:\n- above_rating: 4\n", Set.of("p0", "p2", "p3", "p4", "p5"));
        expected.put("want:\n- below_rating: 3\n", Set.of("p1"));
        expected.put("want:\n- above_rating_count: 2\n", Set.of("p0", "p3"));
        expected.put("want:\n- below_rating_count: 1\n", Set.of("p1", "p2", "p4", "p5"));
        expected.put("want:\n- above_region_count: 6\n", Set.of("p3", "p4", "p5"));
        expected.put("want:\n- below_region_count: 3\n", Set.of("p0"));
        expected.put("want:\n- copied_from: [p4]\n", Set.of("p1"));
        expected.forEach((yaml, want) -> assertEquals(want, ids(yaml), yaml));
    }

    @Test
    void everyOrderingOffsetAndLimit() {
        String all = "want:\n- has: [Animal]\n";
        assertEquals(List.of("p5", "p1", "p0", "p2", "p3", "p4"), annotations.find(all + "ordering: date-desc\n", FieldSelection.ID_ONLY).ids());
        assertEquals(List.of("p4", "p3", "p2", "p0", "p1", "p5"), annotations.find(all + "ordering: date-asc\n", FieldSelection.ID_ONLY).ids());
        assertEquals(List.of("p1", "p0", "p3", "p2", "p4", "p5"), annotations.find(all + "ordering: title-asc\n", FieldSelection.ID_ONLY).ids());
        assertEquals(List.of("p5", "p4", "p2", "p3", "p0", "p1"), annotations.find(all + "ordering: title-desc\n", FieldSelection.ID_ONLY).ids());
        assertEquals(List.of("p5", "p4", "p3", "p2", "p1", "p0"),
                annotations.find(all + "ordering: number-regions-desc\n", FieldSelection.ID_ONLY).ids());
        assertEquals(List.of("p0", "p1", "p2", "p3", "p4", "p5"),
                annotations.find(all + "ordering: number-regions-asc\n", FieldSelection.ID_ONLY).ids());
        List<String> random = annotations.find(all + "ordering: random\n", FieldSelection.ID_ONLY).ids();
        assertEquals(Set.of("p0", "p1", "p2", "p3", "p4", "p5"), new TreeSet<>(random));
        assertEquals(6, random.size());

        RecordPage page = annotations.find(all + "ordering: date-desc\noffset: 1\nlimit: 2\n", FieldSelection.ID_ONLY);
        assertEquals(6, page.total());
        assertEquals(List.of("p1", "p0"), page.ids());
        assertEquals(List.of(), annotations.find(all + "ordering: date-desc\noffset: 6\nlimit: 2\n", FieldSelection.ID_ONLY).ids());
    }

    /** A picture never annotated has 0 regions; a lower-case title sorts among the others, not after "Zebra". */
    @Test
    void unannotatedPicturesHaveNoRegionsAndTitlesSortIgnoringCase() {
        String all = "want:\n- has: [Animal]\n";
        try {
            assertTrue(index.update(List.of(RecordUpdate.builder("p4").unset("region_count").set("title", "apple tree").build()))
                    .allSucceeded());
            assertEquals(List.of("p4", "p0", "p1", "p2", "p3", "p5"),
                    annotations.find(all + "ordering: number-regions-asc\n", FieldSelection.ID_ONLY).ids());
            assertEquals(List.of("p5", "p3", "p2", "p1", "p0", "p4"),
                    annotations.find(all + "ordering: number-regions-desc\n", FieldSelection.ID_ONLY).ids());
            assertEquals(List.of("p4", "p1", "p0", "p3", "p2", "p5"),
                    annotations.find(all + "ordering: title-asc\n", FieldSelection.ID_ONLY).ids());
            assertEquals(Set.of("p4"), ids("want:\n- below_region_count: 0\n"));
        } finally {
            index.update(List.of(RecordUpdate.builder("p4").set("region_count", 7L).set("title", "Old garden").build()));
        }
    }

    @Test
    void ratingsOutsideOneToFiveStarsAreRefused() {
        org.imageindex.query.QueryException e = org.junit.jupiter.api.Assertions.assertThrows(
                org.imageindex.query.QueryException.class, () -> ids("want:\n- above_rating: 7\n"));
        assertEquals("yaml rules at line 2, column 17: above_rating expects a rating from 1 to 5 stars, found the number 7",
                e.getMessage());
    }

    @Test
    void obsoletePicturesAreHiddenUnlessIncluded() {
        try {
            assertTrue(annotations.replace("p5", "p1").allSucceeded());
            assertEquals("p1", index.get("p5").orElseThrow().attributes().get("replaced_by").orElseThrow());
            assertEquals("p5", index.get("p1").orElseThrow().attributes().get("replaces").orElseThrow());
            assertEquals(Set.of("p1"), ids(SEED_EXAMPLE));
            assertEquals(Set.of("p1", "p5"), ids(SEED_EXAMPLE + "include_obsolete: true\n"));
            assertEquals(Set.of("p1"), ids(SEED_EXAMPLE + "include_obsolete: false\n"));
        } finally {
            index.update(List.of(RecordUpdate.builder("p5").unset("replaced_by").build(),
                    RecordUpdate.builder("p1").unset("replaces").build()));
        }
    }

    @Test
    void ratingsAverageAsStarsAreGiven() {
        try {
            annotations.rate("p4", 5);
            annotations.rate("p4", 2);
            assertEquals(3.5, index.get("p4").orElseThrow().attributes().get("rating").orElseThrow());
            assertEquals(2L, index.get("p4").orElseThrow().attributes().get("rating_count").orElseThrow());
            assertEquals(Set.of("p1", "p4"), ids("want:\n- below_rating: 3.5\n"));
        } finally {
            index.update(List.of(RecordUpdate.builder("p4").unset("rating").unset("rating_count").build()));
        }
    }
}

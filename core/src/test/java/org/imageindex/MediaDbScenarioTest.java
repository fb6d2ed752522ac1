package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Graphics2D;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.imageindex.collection.ImageCollection;
import org.imageindex.collection.ImageCollections;
import org.imageindex.collection.SmartCollection;
import org.imageindex.matching.ImageMatch;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.matching.ImageMatcher;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.record.RecordUpdate;
import org.imageindex.record.StoredRecord;
import org.imageindex.signatures.matching.MatchResult;
import org.imageindex.signatures.matching.Verdict;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seed 000 (LTU MediaDB): media with name, keywords, metadata and md5; search by image with
 * verdicts, boxes, homography and scores, with a keyword filter and a collection; soft vs forced
 * delete; simple and smart collections.
 */
class MediaDbScenarioTest {

    private static final Listing NEWEST_FIRST = Listing.of(List.of(SortKey.descending("created")), 0, 100);

    @TempDir
    Path dir;

    private static List<Path> photos;
    private static byte[] sameAsP2;
    private static byte[] cropRotatedP3;
    private static byte[] unrelated;

    @BeforeAll
    static void prepare() {
        PhotoFixture.export();
        photos = TestImages.photoFiles(12);
        sameAsP2 = TestImages.photoJpeg(photos.get(2));
        cropRotatedP3 = TestImages.jpeg(rotate90(crop(TestImages.photo(photos.get(3)), 0.15, 0.1, 0.6, 0.7)), 0.85f);
        unrelated = TestImages.photoJpeg(photos.get(11));
    }

    /** The part of {@code img} from fractions (x, y) of size (w, h). */
    private static BufferedImage crop(BufferedImage img, double x, double y, double w, double h) {
        return img.getSubimage((int) (x * img.getWidth()), (int) (y * img.getHeight()), (int) (w * img.getWidth()),
                (int) (h * img.getHeight()));
    }

    private static BufferedImage rotate90(BufferedImage img) {
        BufferedImage out = new BufferedImage(img.getHeight(), img.getWidth(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = out.createGraphics();
        AffineTransform t = new AffineTransform();
        t.translate(img.getHeight(), 0);
        t.rotate(Math.PI / 2);
        g.drawImage(img, t, null);
        g.dispose();
        return out;
    }

    @Test
    void mediaCarryNameKeywordsMetadataAndMd5() throws Exception {
        try (ImageIndex index = PhotoFixture.open(dir)) {
            byte[] bytes = TestImages.photoJpeg(photos.get(6));
            ImageRecord media = ImageRecord.builder().source(ImageSource.bytes(bytes)).name("peinture").tags("painting")
                    .attributes(Map.of("painter", "Leonardo Da Vinci")).build();
            var status = index.insert(List.of(media)).get(0);
            assertEquals(Code.INSERTED, status.code());
            StoredRecord got = index.get(status.id()).orElseThrow();
            assertEquals("peinture", got.name());
            assertEquals(List.of("painting"), got.tags());
            assertEquals("Leonardo Da Vinci", got.attributes().get("painter").orElseThrow());
            String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(bytes));
            assertEquals(md5, got.image().md5());
            assertEquals(1, index.count("{\"md5\": \"" + md5 + "\"}", QueryLanguage.MONGO_JSON));
        }
    }

    @Test
    void searchByImageGivesCloneMatchAndRejectionWithTheGeometry() throws IOException {
        try (ImageIndex index = PhotoFixture.open(dir)) {
            ImageMatcher matcher = index.matcher();

            List<ImageMatch> same = matcher.search(ImageMatchQuery.of(ImageSource.bytes(sameAsP2)));
            assertEquals("p2", same.get(0).id());
            assertEquals(Verdict.CLONE, same.get(0).verdict());
            assertEquals("Clone", same.get(0).verdict().label());
            assertTrue(same.get(0).result().referenceBox().area() > 0.25, same.get(0).result().toString());
            assertTrue(same.stream().skip(1).allMatch(h -> h.distance() >= same.get(0).distance()));

            List<ImageMatch> crop = matcher.search(ImageMatchQuery.of(ImageSource.bytes(cropRotatedP3)));
            assertEquals("p3", crop.get(0).id());
            MatchResult m = crop.get(0).result();
            assertEquals(Verdict.MATCH, m.verdict());
            // The crop covered 60 % x 70 % of the original: its box in the reference is about 0.42 of the area.
            assertTrue(m.referenceBox().area() > 0.2 && m.referenceBox().area() < 0.6, m.toString());
            assertTrue(m.queryBox().area() > 0.5, m.toString());
            assertNotEquals(org.imageindex.signatures.matching.Homography.identity(), m.homography());
            assertTrue(m.scores().matchStrength() > 0 && m.distance() < 1, m.toString());
            assertEquals("photo 3", crop.get(0).record().name());
            // Hits carry the fields asked for, the signatures only when selected.
            assertTrue(crop.get(0).record().optionalSignatures().isEmpty());
            assertEquals(FieldSelection.ALL, crop.get(0).record().selection());
            ImageMatch idOnly = matcher.search(ImageMatchQuery.builder(ImageSource.bytes(cropRotatedP3))
                    .fields(FieldSelection.ID_ONLY).build()).get(0);
            assertEquals("p3", idOnly.id());
            assertTrue(idOnly.record().optionalName().isEmpty() && idOnly.record().optionalSignatures().isEmpty());
            ImageMatch withSignatures = matcher.search(ImageMatchQuery.builder(ImageSource.bytes(cropRotatedP3))
                    .fields(FieldSelection.ALL_WITH_SIGNATURES).build()).get(0);
            assertTrue(withSignatures.record().optionalSignatures().isPresent());
            assertEquals("photo 3", withSignatures.record().name());

            MatchResult rejected = matcher.verify(ImageSource.bytes(unrelated), "p2");
            assertFalse(rejected.verdict().isMatch(), rejected.toString());
            assertEquals(1.0, rejected.distance());
            assertEquals(List.of(), matcher.search(ImageMatchQuery.of(ImageSource.bytes(unrelated))));
            List<ImageMatch> withRejections = matcher.search(ImageMatchQuery.builder(ImageSource.bytes(unrelated))
                    .includeRejections(true).build());
            assertEquals(PhotoFixture.PHOTOS, withRejections.size());
            assertTrue(withRejections.stream().allMatch(h -> h.verdict() == Verdict.REJECTED_GEOMETRY
                    || h.verdict() == Verdict.REJECTED_BOX_SHAPE));
        }
    }

    @Test
    void keywordFilterAndCollectionRestrictTheSearch() throws IOException {
        try (ImageIndex index = PhotoFixture.open(dir)) {
            index.update(List.of(RecordUpdate.builder("p2").tags(List.of("painting")).build()));
            ImageMatchQuery.Builder q = ImageMatchQuery.builder(ImageSource.bytes(sameAsP2));
            assertEquals("p2", index.matcher().search(q.filter(index.filter("{\"tags\": \"painting\"}", QueryLanguage.MONGO_JSON))
                    .build()).get(0).id());
            assertEquals(List.of(), index.matcher().search(ImageMatchQuery.builder(ImageSource.bytes(sameAsP2))
                    .filter(index.filter("{\"tags\": \"statue\"}", QueryLanguage.MONGO_JSON)).build()));

            ImageCollections c = index.collections();
            ImageCollection louvre = c.create("louvre");
            ImageCollection orsay = c.create("orsay");
            c.add(louvre.id(), List.of("p2", "p3"));
            c.add(orsay.id(), List.of("p4"));
            assertEquals(List.of("p2"), index.matcher().search(ImageMatchQuery.builder(ImageSource.bytes(sameAsP2))
                    .collection(louvre.id()).build()).stream().map(ImageMatch::id).toList());
            assertEquals(List.of(), index.matcher().search(ImageMatchQuery.builder(ImageSource.bytes(sameAsP2))
                    .collection(orsay.id()).build()));
        }
    }

    @Test
    void softDeleteHidesAndRestoresForcedDeleteRemoves() throws IOException {
        try (ImageIndex index = PhotoFixture.open(dir)) {
            ImageCollection c = index.collections().create("painting");
            index.collections().add(c.id(), List.of("p2", "p3"));
            ImageMatchQuery same = ImageMatchQuery.of(ImageSource.bytes(sameAsP2));

            assertEquals(List.of(Code.DEACTIVATED), index.deactivate(List.of("p2")).statuses().stream().map(s -> s.code()).toList());
            assertFalse(index.get("p2").orElseThrow().active());
            assertTrue(index.matcher().search(same).stream().noneMatch(h -> h.id().equals("p2")));
            assertEquals(List.of("p3"), index.collections().records(c.id(), NEWEST_FIRST, FieldSelection.ID_ONLY).ids());
            assertEquals(5, index.count());

            index.restore(List.of("p2"));
            assertEquals("p2", index.matcher().search(same).get(0).id());
            assertEquals(List.of("p3", "p2"), index.collections().records(c.id(), NEWEST_FIRST, FieldSelection.ID_ONLY).ids());

            assertEquals(Code.DELETED, index.delete(List.of("p2")).get(0).code());
            assertTrue(index.get("p2").isEmpty());
            assertTrue(index.matcher().search(same).stream().noneMatch(h -> h.id().equals("p2")));
            assertEquals(List.of("p3"), index.collections().records(c.id(), NEWEST_FIRST, FieldSelection.ID_ONLY).ids());
            assertEquals(0, index.countInactive());
        }
    }

    @Test
    void simpleAndSmartCollections() throws IOException {
        try (ImageIndex index = PhotoFixture.open(dir)) {
            index.update(List.of(
                    RecordUpdate.builder("p0").tags(List.of("painting")).set("artist", "Da Vinci").build(),
                    RecordUpdate.builder("p1").tags(List.of("painting")).set("artist", "Monet").build(),
                    RecordUpdate.builder("p2").tags(List.of("statue")).set("artist", "Da Vinci").build()));
            ImageCollections c = index.collections();
            ImageCollection statue = c.create("statue");
            ImageCollection sub = c.createIn(statue.id(), "bronze");
            c.describe(statue.id(), List.of("bla"), Map.of());
            c.add(sub.id(), List.of("p2"));
            assertEquals(List.of(statue.id()), c.topLevel().stream().map(ImageCollection::id).toList());
            assertEquals(List.of(sub.id()), c.get(statue.id()).orElseThrow().childIds());
            assertEquals(List.of("bla"), c.get(statue.id()).orElseThrow().keywords());
            assertEquals(List.of("p2"), c.records(sub.id(), NEWEST_FIRST, FieldSelection.ID_ONLY).ids());
            assertEquals(List.of(Code.UPDATED), c.remove(sub.id(), List.of("p2")).statuses().stream().map(s -> s.code()).toList());
            assertEquals(0, c.records(sub.id(), NEWEST_FIRST, FieldSelection.ID_ONLY).total());

            // The seed's smart collection: keywords ["painting"] and metadata {"artist": "Da Vinci"}, all criteria met.
            SmartCollection painting = c.createSmart("painting", "{\"tags\": \"painting\", \"artist\": \"Da Vinci\"}",
                    QueryLanguage.MONGO_JSON);
            assertEquals(List.of("p0"), c.smartRecords(painting.id(), NEWEST_FIRST, FieldSelection.ID_ONLY).ids());
            index.update(List.of(RecordUpdate.builder("p1").set("artist", "Da Vinci").build()));
            assertEquals(List.of("p1", "p0"), c.smartRecords(painting.id(), NEWEST_FIRST, FieldSelection.ID_ONLY).ids());
            assertEquals(List.of("painting"), c.listSmart().stream().map(SmartCollection::name).toList());
            c.deleteSmart(painting.id());
            c.delete(statue.id());
            assertEquals(List.of(), c.list());
            assertEquals(List.of(), c.listSmart());
        }
    }
}

package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.imageindex.record.BatchResult;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.signatures.hash.HashSignature;
import org.junit.jupiter.api.Test;

/** Insert-unless-near-duplicate on real photos and their rescaled, recompressed copies. */
class NearDuplicateInsertTest {

    @Test
    void copiesAreSkippedNamingTheOriginalsAndNewImagesGoIn() throws Exception {
        List<Path> photos = TestImages.photoFiles(6);
        try (ImageIndex index = ImageIndex.builder().extractionThreads(2).inMemory()) {
            List<ImageRecord> originals = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                originals.add(ImageRecord.of("orig-" + i, ImageSource.bytes(TestImages.photoJpeg(photos.get(i)))));
            }
            assertTrue(index.insertUnlessNearDuplicate(originals).allSucceeded());

            List<ImageRecord> candidates = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                candidates.add(ImageRecord.of("copy-" + i, ImageSource.bytes(TestImages.rescaledCopy(photos.get(i), 0.5, 0.6f))));
            }
            candidates.add(ImageRecord.of("new-4", ImageSource.bytes(TestImages.photoJpeg(photos.get(4)))));
            // A copy of a record inserted earlier in the same batch is a near duplicate too.
            candidates.add(ImageRecord.of("copy-4", ImageSource.bytes(TestImages.rescaledCopy(photos.get(4), 0.7, 0.7f))));
            candidates.add(ImageRecord.of("new-5", ImageSource.bytes(TestImages.photoJpeg(photos.get(5)))));
            BatchResult r = index.insertUnlessNearDuplicate(candidates, HashSignature.NEAR_DUPLICATE_RADIUS,
                    org.imageindex.record.BatchProgress.NONE);
            List<Code> codes = r.statuses().stream().map(RecordStatus::code).toList();
            assertEquals(List.of(Code.NEAR_DUPLICATE, Code.NEAR_DUPLICATE, Code.NEAR_DUPLICATE, Code.NEAR_DUPLICATE, Code.INSERTED,
                    Code.NEAR_DUPLICATE, Code.INSERTED), codes, r.toString());
            for (int i = 0; i < 4; i++) {
                RecordStatus s = r.get(i);
                assertEquals("orig-" + i, s.duplicates().get(0).id(), s.toString());
                assertTrue(s.duplicates().get(0).distance() <= HashSignature.NEAR_DUPLICATE_RADIUS);
                assertTrue(s.reason().startsWith(s.duplicates().size() + " stored record(s) within Hamming radius 12, closest orig-" + i),
                        s.reason());
                System.out.printf("copy-%d -> %s%n", i, s.duplicates());
            }
            assertEquals("new-4", r.get(5).duplicates().get(0).id());
            assertEquals(6, index.count());

            // Deactivated records are hidden, so they do not block an insert.
            index.deactivate(List.of("orig-0"));
            BatchResult again = index.insertUnlessNearDuplicate(List.of(candidates.get(0)));
            assertEquals(Code.INSERTED, again.get(0).code(), again.toString());
        }
    }
}

package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.imageindex.matching.ImageMatch;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.record.BatchResult;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.signatures.TestData;
import org.imageindex.signatures.matching.vocabulary.VisualVocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fine-tuning on every image of the test data set, the collection of the issue where it once
 * made matching worse: the shipped vocabulary finds {@code box_in_scene.png} for {@code box.png},
 * a vocabulary trained on these images alone did not. Fine-tuning now measures on held-out records
 * and keeps the models in use when the new ones do not answer better. Every image is given as its
 * file, as a user would index it (at the working size the small box has too few features).
 */
class FineTuningGainTest {

    static final List<String> FOLDERS = List.of("photos/images", "boofcv-triples/images", "geometric-pairs/images",
            "pixabay-categories/images", "neardup-variants/images", "neardup-variants/images/sway_blue",
            "ferrari-colour-sample/images/black", "ferrari-colour-sample/images/white",
            "ferrari-colour-sample/images/red", "ferrari-colour-sample/images/yellow");

    /** A fifth of the 163 images is about 33. */
    static final int HELD_OUT_AT_LEAST = 20;

    @TempDir
    Path dir;

    @Test
    void boxStillFindsBoxInSceneAfterFineTuningOnTheWholeDataSet() throws Exception {
        List<Path> files = FOLDERS.stream().flatMap(f -> TestData.images(f).stream()).toList();
        try (ImageIndex index = ImageIndex.builder().extractionThreads(2).commitInterval(Duration.ZERO).open(dir)) {
            List<ImageRecord> records = new ArrayList<>();
            for (Path p : files) {
                records.add(ImageRecord.of(FineTuningTest.id(p), ImageSource.file(p),
                        List.of(), Map.of()));
            }
            BatchResult r = index.insert(records);
            assertEquals(List.of(), r.skipped());
            Path box = TestData.dir("geometric-pairs/images").resolve("box.png");
            String scene = "geometric-pairs/images/box_in_scene.png";
            assertTrue(found(index, box, scene), "the shipped vocabulary finds the box in its scene");
            FineTuningInfo before = index.fineTuningInfo();
            FineTuning job = index.fineTune();
            String vocabulary = job.await(300, TimeUnit.SECONDS);
            FineTuningInfo info = index.fineTuningInfo();
            System.out.println("after fine-tuning on " + files.size() + " images: " + info);
            assertTrue(found(index, box, scene), "after fine-tuning on the data set: " + info);

            // Why: measured on its held-out records, the vocabulary trained here finds no more than
            // the shipped one, and neither does the whitening rank better: both are kept.
            FineTuningGain gain = info.lastGain().orElseThrow();
            assertEquals(job.gain(), info.lastGain(), "the job and the info report the same measure");
            assertTrue(gain.heldOut() >= HELD_OUT_AT_LEAST && gain.matchingQueries() >= gain.heldOut(), gain.toString());
            assertTrue(gain.matchingGain() <= 0 && !gain.vocabularyAdopted(), gain.toString());
            assertTrue(gain.similarityGain() <= 0 && !gain.whiteningAdopted(), gain.toString());
            assertEquals(VisualVocabulary.standard().id(), vocabulary, "the job names the vocabulary kept");
            assertEquals(before.vocabularyId(), info.vocabularyId());
            assertEquals(before.similaritySpaceId(), info.similaritySpaceId(), "no whitening adopted");
            assertEquals(before.lastModified(), info.lastModified(), "no record was rewritten");
            assertFalse(info.requiresFinetuning(), "the measure counts as a fine-tuning: " + info);
        }
    }

    private static boolean found(ImageIndex index, Path query, String id) {
        List<ImageMatch> hits = index.matcher().search(ImageMatchQuery.builder(
                ImageSource.file(query)).limit(5).build());
        return hits.stream().anyMatch(h -> h.id().equals(id) && h.verdict().isMatch());
    }
}

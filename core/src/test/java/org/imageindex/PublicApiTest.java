package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Pins core's public surface and keeps Lucene, BoofCV and Jackson types out of it. */
class PublicApiTest {

    private static final Set<String> PUBLIC_TYPES = Set.of(
            "org.imageindex.ClusterConfig",
            "org.imageindex.FineTuning",
            "org.imageindex.FineTuningGain",
            "org.imageindex.FineTuningInfo",
            "org.imageindex.ImageIndex",
            "org.imageindex.IncompatibleIndexException",
            "org.imageindex.annotation.Annotation",
            "org.imageindex.annotation.Annotations",
            "org.imageindex.annotation.DatasetAttributes",
            "org.imageindex.annotation.Region",
            "org.imageindex.collection.CollectionInfo",
            "org.imageindex.collection.ImageCollection",
            "org.imageindex.collection.ImageCollections",
            "org.imageindex.collection.IndexAccess",
            "org.imageindex.collection.SmartCollection",
            "org.imageindex.matching.ImageMatch",
            "org.imageindex.matching.ImageMatchQuery",
            "org.imageindex.matching.ImageMatcher",
            "org.imageindex.record.Attributes",
            "org.imageindex.record.BatchProgress",
            "org.imageindex.record.BatchResult",
            "org.imageindex.record.FieldSelection",
            "org.imageindex.record.ImageInfo",
            "org.imageindex.record.ImageRecord",
            "org.imageindex.record.ImageSource",
            "org.imageindex.record.ImportOptions",
            "org.imageindex.record.RecordFields",
            "org.imageindex.record.RecordPage",
            "org.imageindex.record.RecordStatus",
            "org.imageindex.record.RecordUpdate",
            "org.imageindex.record.StoredRecord",
            "org.imageindex.search.KnnPlan",
            "org.imageindex.search.KnnRequest",
            "org.imageindex.search.ListingPage",
            "org.imageindex.search.ListingRequest",
            "org.imageindex.search.MultiQuery",
            "org.imageindex.search.NearDuplicatePairs",
            "org.imageindex.search.NearDuplicateRequest",
            "org.imageindex.search.RangeRequest",
            "org.imageindex.search.SearchHit",
            "org.imageindex.search.SearchQuery",
            "org.imageindex.search.SearchResult",
            "org.imageindex.search.VectorSignature");

    /**
     * Public only so that {@code ImageIndex} can reach them across packages: the embedded Lucene
     * implementation and the boundary it implements, documented as internal in their package-info.
     */
    private static final Set<String> INTERNAL_TYPES = Set.of(
            "org.imageindex.embedded.DocLookup",
            "org.imageindex.embedded.EmbeddedBackend",
            "org.imageindex.embedded.FineTuner",
            "org.imageindex.embedded.IndexStore",
            "org.imageindex.embedded.MatchingWords",
            "org.imageindex.embedded.RecordDocuments",
            "org.imageindex.embedded.Schema",
            "org.imageindex.embedded.SimilaritySpace",
            "org.imageindex.embedded.StoreOptions",
            "org.imageindex.spi.AttributeTyping",
            "org.imageindex.spi.ClusterBackendProvider",
            "org.imageindex.spi.FineTuningJob",
            "org.imageindex.spi.HashPairs",
            "org.imageindex.spi.IndexBackend",
            "org.imageindex.spi.IndexServices",
            "org.imageindex.spi.KnnPlanChoice",
            "org.imageindex.spi.QueryVectors",
            "org.imageindex.spi.RecordState",
            "org.imageindex.spi.TagOverlap");

    private static final List<String> FOREIGN = List.of("org.apache.lucene", "boofcv", "com.fasterxml", "org.yaml");

    @Test
    void publicTypesArePinnedAndExposeNoLibraryTypes() throws Exception {
        Path root = Path.of(ImageIndex.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> found = new TreeSet<>();
        Set<String> internal = new TreeSet<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class") && !f.getFileName().toString().contains("$")).toList()) {
                String name = root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), ".").replaceAll("\\.class$", "");
                if (!name.endsWith("package-info") && Modifier.isPublic(Class.forName(name).getModifiers())) {
                    (name.startsWith("org.imageindex.embedded.") || name.startsWith("org.imageindex.spi.") ? internal : found).add(name);
                }
            }
        }
        assertEquals(new TreeSet<>(PUBLIC_TYPES), found);
        assertEquals(new TreeSet<>(INTERNAL_TYPES), internal);
        for (String name : found) {
            for (Method m : Class.forName(name).getMethods()) {
                Stream.concat(Stream.of(m.getReturnType()), Stream.of(m.getParameterTypes())).forEach(c -> {
                    for (String prefix : FOREIGN) {
                        assertFalse(c.getName().startsWith(prefix), name + "." + m.getName() + " exposes " + c.getName());
                    }
                });
            }
        }
    }
}

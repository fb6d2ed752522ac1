package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the storage/search boundary where docs/architecture.md draws it, by reading core's
 * sources: Lucene is named only in {@code org.imageindex.embedded}; the boundary
 * ({@code org.imageindex.spi}) names no embedded type; above the boundary only {@code ImageIndex}
 * names the embedded backend (to open it as the default); request types never reach back into
 * {@code ImageIndex}.
 */
class LayeringTest {

    private static final Path MAIN = Path.of("src", "main", "java", "org", "imageindex");
    /** Any reference to a type of these packages, imported or fully qualified. */
    private static final Pattern LUCENE = Pattern.compile("\\borg\\.apache\\.lucene\\.");
    private static final Pattern EMBEDDED = Pattern.compile("\\borg\\.imageindex\\.embedded\\.");
    private static final Pattern IMAGE_INDEX = Pattern.compile("\\bimport org\\.imageindex\\.ImageIndex;|\\borg\\.imageindex\\.ImageIndex\\.");

    /** Every main source file by its path under org/imageindex, e.g. {@code search/KnnRequest.java}. */
    private static Map<String, String> sources() throws IOException {
        assertTrue(Files.isDirectory(MAIN), "tests run in core's module directory; missing " + MAIN.toAbsolutePath());
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                out.put(MAIN.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"), Files.readString(p));
            }
        }
        assertTrue(out.size() > 50, "found only " + out.size() + " sources under " + MAIN.toAbsolutePath());
        return out;
    }

    /** The files whose code (comments stripped) matches {@code pattern}. */
    private static List<String> naming(Map<String, String> sources, Pattern pattern) {
        return sources.entrySet().stream()
                .filter(e -> pattern.matcher(code(e.getValue())).find())
                .map(Map.Entry::getKey).toList();
    }

    /** The text without comments, so that docs may mention what code must not use. */
    private static String code(String source) {
        Matcher m = Pattern.compile("/\\*[\\s\\S]*?\\*/|//[^\\n]*").matcher(source);
        return m.replaceAll("");
    }

    @Test
    void luceneIsNamedOnlyInTheEmbeddedPackage() throws IOException {
        List<String> outside = naming(sources(), LUCENE).stream().filter(f -> !f.startsWith("embedded/")).toList();
        assertEquals(List.of(), outside, "only org.imageindex.embedded may use Lucene types");
    }

    /** The cluster module depends on core, never the reverse: core finds it through ServiceLoader alone. */
    @Test
    void coreNamesNoClusterOrOpenSearchType() throws IOException {
        Pattern cluster = Pattern.compile("\\borg\\.opensearch\\.|\\borg\\.imageindex\\.cluster\\.");
        assertEquals(List.of(), naming(sources(), cluster), "core must not depend on the cluster module or OpenSearch");
    }

    @Test
    void onlyImageIndexOpensTheEmbeddedBackend() throws IOException {
        Map<String, String> sources = sources();
        List<String> outside = naming(sources, EMBEDDED).stream().filter(f -> !f.startsWith("embedded/")).toList();
        assertEquals(List.of("ImageIndex.java"), outside, "above the boundary only ImageIndex names the embedded backend");
        List<String> spi = naming(sources, EMBEDDED).stream().filter(f -> f.startsWith("spi/")).toList();
        assertEquals(List.of(), spi, "the boundary must not depend on one of its implementations");
    }

    @Test
    void requestTypesDoNotReachBackIntoImageIndex() throws IOException {
        List<String> back = naming(sources(), IMAGE_INDEX).stream()
                .filter(f -> f.startsWith("search/") || f.startsWith("record/") || f.startsWith("spi/")
                        || f.equals("matching/ImageMatchQuery.java"))
                .toList();
        assertEquals(List.of(), back, "requests, records, results and the boundary must not depend on ImageIndex");
    }

    @Test
    void theChecksSeeWhatTheyLookFor() throws IOException {
        Map<String, String> sources = sources();
        assertTrue(naming(sources, LUCENE).contains("embedded/IndexStore.java"), "the Lucene check must find the store's imports");
        assertTrue(naming(sources, EMBEDDED).contains("ImageIndex.java"), "the embedded check must find ImageIndex's imports");
        assertTrue(naming(Map.of("x", "import org.imageindex.ImageIndex;"), IMAGE_INDEX).contains("x"));
        assertEquals(List.of(), naming(Map.of("x", "/** uses {@code org.apache.lucene.search.Query} */"), LUCENE),
                "a mention in a comment is not a use");
    }
}

package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.ImportOptions;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordStatus.Code;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An import trusts nothing in its file: origins, field types, ids; and says where each refusal is. */
class ImportTrustTest {

    @TempDir
    Path dir;

    private BatchResult importLines(ImageIndex index, String lines, ImportOptions options) throws Exception {
        return index.importJsonLines(new StringReader(lines), options, BatchProgress.NONE);
    }

    private static String originLine(String id, Path origin) {
        return "{\"id\": \"" + id + "\", \"origin\": \"" + origin.toString().replace("\\", "\\\\") + "\"}\n";
    }

    @Test
    void aLocalOriginIsNeverReadUnlessTheCallerAllowsItsFolder() throws Exception {
        Path allowed = Files.createDirectories(dir.resolve("allowed"));
        Path image = allowed.resolve("a.png");
        Files.write(image, TestImages.synthetic(11, 120, 90));
        Path secret = dir.resolve("secret.txt");
        Files.writeString(secret, "root:x:0:0:secret line");
        Files.writeString(allowed.resolve("text.png"), "root:x:0:0:secret line");
        Files.createSymbolicLink(allowed.resolve("link.png"), secret);
        String lines = originLine("a", image) + originLine("secret", secret) + originLine("up", allowed.resolve("../secret.txt"))
                + originLine("link", allowed.resolve("link.png")) + originLine("text", allowed.resolve("text.png"))
                + originLine("relative", Path.of("a.png"));
        try (ImageIndex index = ImageIndex.builder().extractionThreads(1).open(dir.resolve("i1"))) {
            BatchResult r = importLines(index, lines, ImportOptions.DEFAULT);
            assertEquals(6, r.count(Code.SOURCE_UNAVAILABLE), r.toString());
            assertEquals("line 1: refused to read the local origin " + image + ": an import reads local files only under a folder"
                    + " the caller allows (ImportOptions.withOriginFolder)", r.get(0).reason());
            assertEquals(0, index.count());
        }
        try (ImageIndex index = ImageIndex.builder().extractionThreads(1).open(dir.resolve("i2"))) {
            BatchResult r = importLines(index, lines, ImportOptions.DEFAULT.withOriginFolder(allowed));
            List<Code> codes = r.statuses().stream().map(RecordStatus::code).toList();
            assertEquals(List.of(Code.INSERTED, Code.SOURCE_UNAVAILABLE, Code.SOURCE_UNAVAILABLE, Code.SOURCE_UNAVAILABLE,
                    Code.NOT_AN_IMAGE, Code.INSERTED), codes, r.toString());
            assertTrue(r.get(1).reason().startsWith("line 2: refused to read the local origin " + secret + ", which lies outside"),
                    r.get(1).reason());
            assertTrue(r.get(3).reason().startsWith("line 4: refused"), r.get(3).reason());
            // The decoder names a non-image's first bytes; an import's message must not.
            assertEquals("line 5: input is not a recognised image format (22 bytes)", r.get(4).reason());
            for (RecordStatus s : r.statuses()) {
                assertFalse(s.reason().contains("root") || s.reason().contains("72 6f 6f 74"), s.reason());
            }
            assertEquals(image.toRealPath().toString(), index.get("a").orElseThrow().origin());
        }
    }

    @Test
    void aWrongTypedFieldNamesTheFieldAndTheTypeExpected() throws Exception {
        String lines = "{\"id\": \"a\", \"tags\": 7}\n"
                + "{\"id\": \"b\", \"tags\": [\"x\", 1]}\n"
                + "{\"id\": \"c\", \"name\": [\"x\"]}\n"
                + "{\"id\": \"d\", \"attributes\": \"x\"}\n"
                + "{\"id\": \"e\", \"created\": {\"$date\": 5}}\n"
                + "{\"id\": \"f\", \"active\": \"no\"}\n"
                + "{\"id\": \"g\", \"image\": {\"width\": \"wide\"}, \"signatures\": {}}\n"
                + "{\"id\": 12}\n";
        try (ImageIndex index = ImageIndex.builder().extractionThreads(1).open(dir.resolve("i"))) {
            BatchResult r = importLines(index, lines, ImportOptions.DEFAULT);
            assertEquals(List.of(
                    "line 1: field 'tags' must be an array of strings, got: number",
                    "line 2: field 'tags' must be an array of strings, got: number at index 1",
                    "line 3: field 'name' must be a string, got: array",
                    "line 4: field 'attributes' must be an object, got: string",
                    "line 5: field 'created' must be {\"$date\": \"<ISO-8601 instant>\"}, got: {\"$date\": number}",
                    "line 6: field 'active' must be a boolean, got: string",
                    "line 7: field 'image.width' must be a whole number, got: string",
                    "line 8 has no string \"id\", got: number"),
                    r.statuses().stream().map(RecordStatus::reason).toList());
            assertEquals(8, r.count(Code.INVALID_RECORD));
        }
    }

    @Test
    void lineNumbersCountBlankLinesAndALoneSurrogateInAnIdIsRefused() throws Exception {
        String lines = "\n   \n{\"id\": \"x\", \"tags\": 1}\n\n{\"id\": \"bad\\ud800id\"}\n{\"id\": \"ok\\ud83d\\ude00\", \"tags\": [\"t\\udc00\"]}\n";
        try (ImageIndex index = ImageIndex.builder().extractionThreads(1).open(dir.resolve("i"))) {
            BatchResult r = importLines(index, lines, ImportOptions.DEFAULT);
            assertEquals(3, r.statuses().size());
            assertTrue(r.get(0).reason().startsWith("line 3: "), r.get(0).reason());
            assertEquals("line 5: id must be valid Unicode text, got a lone surrogate \\ud800 at character 3", r.get(1).reason());
            assertEquals("line 6: tags[0] must be valid Unicode text, got a lone surrogate \\udc00 at character 1", r.get(2).reason());
        }
    }

    @Test
    void storedIdsAreSkippedByDefaultAndReplacedOnRequestWithoutLosingARefusedOne() throws Exception {
        String export;
        try (ImageIndex source = ImageIndex.builder().extractionThreads(1).open(dir.resolve("src"))) {
            Path f = dir.resolve("p.png");
            Files.write(f, TestImages.synthetic(21, 120, 90));
            assertTrue(source.insert(List.of(ImageRecord.builder().id("p").source(ImageSource.file(f)).tags("new").build(),
                    ImageRecord.builder().id("q").source(ImageSource.file(f)).tags("new").build())).allSucceeded());
            StringWriter w = new StringWriter();
            source.exportJsonLines(w, ImageIndex.ALL_RECORDS, FieldSelection.ALL_WITH_SIGNATURES);
            export = w.toString();
        }
        // q's line is broken: replacing must leave the stored q as it is.
        String lines = export.lines().map(l -> l.contains("\"id\":\"q\"") ? l.replace("\"tags\":[\"new\"]", "\"tags\":5") : l)
                .reduce("", (a, b) -> a + b + "\n");
        try (ImageIndex target = ImageIndex.builder().extractionThreads(1).open(dir.resolve("dst"))) {
            Path f = dir.resolve("old.png");
            Files.write(f, TestImages.synthetic(22, 100, 100));
            assertTrue(target.insert(List.of(ImageRecord.builder().id("p").source(ImageSource.file(f)).tags("old").build(),
                    ImageRecord.builder().id("q").source(ImageSource.file(f)).tags("old").build())).allSucceeded());

            BatchResult skipped = importLines(target, lines, ImportOptions.DEFAULT);
            assertEquals(List.of(Code.DUPLICATE_ID, Code.INVALID_RECORD), skipped.statuses().stream().map(RecordStatus::code).toList());
            assertEquals(List.of("old"), target.get("p").orElseThrow().tags());

            BatchResult replaced = importLines(target, lines, ImportOptions.DEFAULT.withDuplicateIds(ImportOptions.DuplicateIds.REPLACE));
            assertEquals(List.of(Code.UPDATED, Code.INVALID_RECORD), replaced.statuses().stream().map(RecordStatus::code).toList(),
                    replaced.toString());
            assertEquals(List.of("new"), target.get("p").orElseThrow().tags());
            assertEquals(120, target.get("p").orElseThrow().image().width());
            assertEquals(List.of("old"), target.get("q").orElseThrow().tags());
            assertEquals(2, target.count());
        }
    }
}

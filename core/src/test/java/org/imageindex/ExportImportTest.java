package org.imageindex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.imageindex.query.QueryLanguage;
import org.imageindex.record.BatchProgress;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.RecordStatus.Code;
import org.imageindex.record.StoredRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON Lines export and import (with and without carried signatures) and CSV download and replacement. */
class ExportImportTest {

    @TempDir
    Path dir;

    private List<ImageRecord> records() throws Exception {
        List<ImageRecord> out = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Path file = dir.resolve("img" + i + ".png");
            Files.write(file, TestImages.synthetic(500 + i, 150, 100));
            out.add(ImageRecord.builder().id("e" + i).source(ImageSource.file(file)).name("Name, \"quoted\" " + i).tags("t" + i, "all")
                    .attribute("n", (long) i).attribute("price", i + 0.5).attribute("ok", i % 2 == 0)
                    .attribute("when", Instant.parse("2022-01-0" + (i + 1) + "T10:00:00.123456789Z"))
                    .attribute("list", List.of("a", "b")).attribute("exif", Map.of("iso", 100 * i)).build());
        }
        return out;
    }

    @Test
    void jsonLinesRoundTripKeepsEveryPartWithOrWithoutCarriedSignatures() throws Exception {
        try (ImageIndex source = ImageIndex.builder().extractionThreads(2).open(dir.resolve("a"))) {
            assertTrue(source.insert(records()).allSucceeded());
            source.deactivate(List.of("e3"));
            StringWriter full = new StringWriter();
            assertEquals(3, source.exportJsonLines(full, ImageIndex.ALL_RECORDS, FieldSelection.ALL_WITH_SIGNATURES));
            StringWriter light = new StringWriter();
            assertEquals(3, source.exportJsonLines(light, ImageIndex.ALL_RECORDS, FieldSelection.ALL));
            List<StoredRecord> expected = source.get(List.of("e0", "e1", "e2"), FieldSelection.ALL_WITH_SIGNATURES);

            try (ImageIndex copy = ImageIndex.builder().extractionThreads(2).open(dir.resolve("b"))) {
                BatchResult r = copy.importJsonLines(new StringReader(full.toString() + "\n{\"no\": 1}\nnot json\n"), BatchProgress.NONE);
                assertEquals(List.of(Code.INSERTED, Code.INSERTED, Code.INSERTED, Code.INVALID_RECORD, Code.INVALID_RECORD),
                        r.statuses().stream().map(RecordStatus::code).toList(), r.toString());
                assertEquals("line 5 has no string \"id\"", r.get(3).reason());
                assertEquals(expected, copy.get(List.of("e0", "e1", "e2"), FieldSelection.ALL_WITH_SIGNATURES)
                        .stream().map(s -> withSelection(s, expected.get(0).selection())).toList());
                assertEquals(1, copy.count("{\"when\": {\"$gt\": {\"$date\": \"2022-01-01T12:00:00Z\"}}, \"exif.iso\": 100}",
                        QueryLanguage.MONGO_JSON));
            }
            try (ImageIndex reread = ImageIndex.builder().extractionThreads(2).open(dir.resolve("c"))) {
                BatchResult r = reread.importJsonLines(new StringReader(light.toString()),
                        org.imageindex.record.ImportOptions.DEFAULT.withOriginFolder(dir), BatchProgress.NONE);
                assertTrue(r.allSucceeded(), r.toString());
                List<StoredRecord> got = reread.get(List.of("e0", "e1", "e2"), FieldSelection.ALL_WITH_SIGNATURES);
                for (int i = 0; i < 3; i++) {
                    assertEquals(expected.get(i).attributes(), got.get(i).attributes());
                    assertEquals(expected.get(i).image(), got.get(i).image());
                    assertEquals(expected.get(i).created(), got.get(i).created());
                    assertEquals(expected.get(i).signatures().hash(), got.get(i).signatures().hash());
                }
            }
        }
    }

    @Test
    void importLargerThanOneChunkNumbersEveryLineAndRefusesAnIdRepeatedAcrossChunks() throws Exception {
        String line;
        try (ImageIndex source = ImageIndex.builder().extractionThreads(2).open(dir.resolve("a"))) {
            assertTrue(source.insert(records().subList(0, 1)).allSucceeded());
            StringWriter out = new StringWriter();
            source.exportJsonLines(out, ImageIndex.ALL_RECORDS, FieldSelection.ALL_WITH_SIGNATURES);
            line = out.toString().strip();
        }
        int n = RecordExchange.IMPORT_CHUNK + 5;
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < n; i++) {
            // the last line, in the second chunk, repeats the id of line 3
            String id = i == n - 1 ? "c2" : "c" + i;
            lines.append(line.replace("\"id\":\"e0\"", "\"id\":\"" + id + "\"")).append('\n');
        }
        List<int[]> progress = new ArrayList<>();
        try (ImageIndex copy = ImageIndex.builder().extractionThreads(2).open(dir.resolve("b"))) {
            BatchResult r = copy.importJsonLines(new StringReader(lines.toString()), (done, total, status) -> progress.add(new int[] {done, total, status.index()}));
            assertEquals(n, r.statuses().size());
            for (int i = 0; i < n; i++) {
                assertEquals(i, r.get(i).index());
            }
            assertEquals(n - 1, r.statuses().stream().filter(st -> st.code() == Code.INSERTED).count());
            assertEquals(Code.DUPLICATE_ID, r.get(n - 1).code());
            assertEquals("line " + n + ": id 'c2' appears earlier in the import, on line 3", r.get(n - 1).reason());
            assertEquals(n - 1, copy.count());
            assertEquals(n, progress.size());
            for (int i = 0; i < n; i++) {
                assertEquals(i + 1, progress.get(i)[0]);
                assertEquals(i, progress.get(i)[2]);
                assertTrue(progress.get(i)[1] >= i + 1 && progress.get(i)[1] <= n);
            }
            assertEquals(n, progress.get(n - 1)[1]);
        }
    }

    private static StoredRecord withSelection(StoredRecord s, FieldSelection sel) {
        return new StoredRecord(s.id(), s.name(), s.tags(), s.attributes(), s.created(), s.modified(), s.origin(), s.image(),
                s.active(), s.signatures(), sel);
    }

    @Test
    void csvDownloadThenReplaceUpdatesInsertsAndDeletes() throws Exception {
        try (ImageIndex index = ImageIndex.builder().extractionThreads(2).open(dir.resolve("csv"))) {
            List<ImageRecord> all = records();
            assertTrue(index.insert(all.subList(0, 3)).allSucceeded());
            StringWriter csv = new StringWriter();
            assertEquals(3, index.exportCsv(csv, ImageIndex.ALL_RECORDS, List.of("n", "price", "list", "when")));
            String[] lines = csv.toString().split("\r\n");
            assertEquals("id,origin,name,tags,n,price,list,when", lines[0]);
            assertEquals("e0," + dir.resolve("img0.png") + ",\"Name, \"\"quoted\"\" 0\",t0|all,0,0.5,a|b,2022-01-01T10:00:00.123456789Z",
                    lines[1]);

            // Edit: e0 changes its price and loses its list, e1 is dropped, e2 stays, e3 is new.
            String edited = lines[0] + "\r\n"
                    + lines[1].replace(",0.5,a|b,", ",9.5,,") + "\r\n"
                    + lines[3] + "\r\n"
                    + "e3," + dir.resolve("img3.png") + ",Fresh,new,30,1.25,x,\r\n";
            BatchResult r = index.replaceFromCsv(new StringReader(edited), ImageIndex.ALL_RECORDS, BatchProgress.NONE);
            assertEquals(List.of(Code.UPDATED, Code.UPDATED, Code.INSERTED, Code.DELETED),
                    r.statuses().stream().map(RecordStatus::code).toList(), r.toString());
            assertEquals("e1", r.get(3).id());
            StoredRecord e0 = index.get("e0").orElseThrow();
            assertEquals(9.5, e0.attributes().get("price").orElseThrow());
            assertTrue(e0.attributes().get("list").isEmpty());
            assertEquals("Name, \"quoted\" 0", e0.name());
            assertEquals(List.of("t0", "all"), e0.tags());
            StoredRecord e3 = index.get("e3").orElseThrow();
            assertEquals(30L, e3.attributes().get("n").orElseThrow());
            assertEquals("x", e3.attributes().get("list").orElseThrow());
            assertEquals(List.of("e0", "e2", "e3"), index.find(ImageIndex.ALL_RECORDS,
                    org.imageindex.query.ast.Listing.of(List.of(org.imageindex.query.ast.SortKey.ascending("id")), 0, 10),
                    FieldSelection.ID_ONLY).ids());

            BatchResult bad = index.replaceFromCsv(new StringReader("id,n\r\ne0,notanumber\r\n"),
                    index.filter("id:e0", QueryLanguage.LUCENE), BatchProgress.NONE);
            assertEquals(Code.INVALID_RECORD, bad.get(0).code());
            assertEquals("column 'n' holds long values, got: notanumber", bad.get(0).reason());
        }
    }
}

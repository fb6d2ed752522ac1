package org.imageindex.examples.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.imageindex.ImageIndex;
import org.imageindex.examples.report.HtmlReport;
import org.imageindex.matching.ImageMatch;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.StoredRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the Java sample of docs/examples.md. */
class ExamplesDocTest {

  @Test
  void reportSample(@TempDir Path tmp) throws Exception {
    Path original = DocFixtures.sample("ship01.jpg");
    Path query = DocFixtures.crop(original, tmp.resolve("ship-crop.png"));
    Path cwd = Files.createDirectories(tmp.resolve("work"));
    try (ImageIndex index = ImageIndex.inMemory()) {
      index.insert(List.of(ImageRecord.builder().id("ship01").source(ImageSource.file(original)).build()));
      Path reportDir = cwd.resolve("report");
      // --- examples sample 1 starts
      List<ImageMatch> hits = index.matcher().search(ImageMatchQuery.of(ImageSource.file(query)));
      Path page = HtmlReport.ofMatches("Copies of " + query.getFileName(), query, hits,
              id -> index.get(id).map(StoredRecord::origin).map(Path::of).orElse(null))
          .write(reportDir);
      // --- examples sample 1 ends
      assertTrue(Files.isRegularFile(page), "report page written: " + page);
      assertTrue(Files.readString(page).contains("ship01"), "the page names the hit");
    }
  }
}

package org.imageindex.examples;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.imageindex.ImageIndex;
import org.imageindex.matching.ImageMatch;
import org.imageindex.matching.ImageMatchQuery;
import org.imageindex.query.QueryLanguage;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.search.KnnRequest;
import org.imageindex.search.SearchQuery;
import org.imageindex.search.SearchResult;
import org.imageindex.search.VectorSignature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The usage example of README.md, compiled and run, so the README cannot drift from the API. */
class ReadmeExampleTest {

  @Test
  void readmeExampleRuns(@TempDir Path tmp) throws Exception {
    Path samples = Path.of("samples").toAbsolutePath();
    if (!Files.isDirectory(samples)) {
      samples = Path.of("examples/samples").toAbsolutePath();
    }
    Path cat = samples.resolve("cat01.jpg");
    Path dog = samples.resolve("dog01.jpg");
    BufferedImage catImage = ImageIO.read(cat.toFile());
    Path crop = tmp.resolve("crop.png");
    ImageIO.write(catImage.getSubimage(catImage.getWidth() / 4, catImage.getHeight() / 4,
        catImage.getWidth() / 2, catImage.getHeight() / 2), "png", crop.toFile());
    Path query = cat;
    Path dir = tmp.resolve("my-index");

    String printed;
    PrintStream stdout = System.out;
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    try {
    // --- README sample 1 starts
    try (ImageIndex index = ImageIndex.open(dir)) {
      index.insert(List.of(
          ImageRecord.builder().id("cat-1").source(ImageSource.file(cat)).tags("cat").attribute("price", 120L).build(),
          ImageRecord.builder().id("dog-1").source(ImageSource.file(dog)).tags("dog").attribute("price", 300L).build()));
      index.commit();

      SearchResult alike = index.search(KnnRequest.builder(VectorSignature.SIMILARITY, SearchQuery.image(query))
          .k(10).filter(index.filter("{\"price\": {\"$lt\": 200}}", QueryLanguage.MONGO_JSON)).build());
      System.out.println(alike.ids() + " " + alike.distances());
      List<ImageMatch> copies = index.matcher().search(ImageMatchQuery.of(ImageSource.file(crop)));
      copies.forEach(m -> System.out.println(m.id() + " " + m.verdict().label() + " " + m.result().queryBox()));
    }
    // --- README sample 1 ends
    } finally {
      System.setOut(stdout);
      printed = buffer.toString(StandardCharsets.UTF_8);
    }
    System.out.print(printed);
    List<String> lines = printed.lines().toList();
    // Only the cat is under 200, and it is the query itself: distance about 0.
    assertTrue(lines.get(0).startsWith("[cat-1] ["), printed);
    double distance = Double.parseDouble(lines.get(0).replaceAll(".*\\[(.*)\\]$", "$1"));
    assertTrue(distance < 1e-4, printed);
    // The crop's original comes first, verified as a Match; the dog never matches.
    assertTrue(lines.get(1).startsWith("cat-1 Match MatchingBox["), printed);
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("dog-1 Match") || l.startsWith("dog-1 Clone")), printed);
  }
}

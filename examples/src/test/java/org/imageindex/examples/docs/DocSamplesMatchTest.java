package org.imageindex.examples.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Every {@code ```java} block of a doc is, line for line (leading indentation aside), the code
 * between the {@code // --- <doc> sample N starts} and {@code ends} markers of the doc's test
 * class, in order: a sample edited in the doc without its test, or the reverse, fails here.
 */
class DocSamplesMatchTest {

  private static final Pattern JAVA_BLOCK = Pattern.compile("(?ms)^```java\\n(.*?)^```\\s*$");
  private static final Path TESTS = Path.of("src/test/java/org/imageindex/examples/docs");

  @ParameterizedTest(name = "{0}")
  @CsvSource({
      "getting-started, GettingStartedDocTest",
      "api-guide, ApiGuideDocTest",
      "migrating, MigratingDocTest",
      "operations, OperationsDocTest",
      "examples, ExamplesDocTest",
      "query-languages, QueryLanguagesDocTest",
      "signatures-decoding-hash-colour, SignaturesDocTest",
      "signatures-similarity, SignaturesDocTest",
      "README, ../ReadmeExampleTest"})
  void everyJavaSampleOfTheDocIsRunByItsTest(String doc, String testClass) throws IOException {
    // README.md sits beside docs/; its sample runs in the examples package, one level up.
    Path markdownFile = doc.equals("README") ? DocFixtures.docs().resolveSibling("README.md")
        : DocFixtures.docs().resolve(doc + ".md");
    String markdown = Files.readString(markdownFile);
    List<List<String>> samples = new ArrayList<>();
    Matcher m = JAVA_BLOCK.matcher(markdown);
    while (m.find()) {
      samples.add(normalise(m.group(1).lines().toList()));
    }
    assertFalse(samples.isEmpty(), doc + ".md has no java sample");
    Map<Integer, List<String>> marked = marked(doc, Files.readAllLines(testSource(testClass)));
    assertEquals(samples.size(), marked.size(),
        doc + ".md has " + samples.size() + " java samples, " + testClass + " marks " + marked.keySet());
    for (int i = 0; i < samples.size(); i++) {
      List<String> inTest = marked.get(i + 1);
      assertTrue(inTest != null, testClass + " has no '" + doc + " sample " + (i + 1) + "' markers");
      assertEquals(String.join("\n", samples.get(i)), String.join("\n", inTest),
          doc + ".md sample " + (i + 1) + " differs from the code " + testClass + " runs");
    }
  }

  private static Path testSource(String testClass) {
    Path p = TESTS.resolve(testClass + ".java").normalize();
    return Files.exists(p) ? p : Path.of("examples").resolve(p);
  }

  /** The lines between each pair of markers, by sample number. */
  private static Map<Integer, List<String>> marked(String doc, List<String> source) {
    Pattern start = Pattern.compile("^\\s*// --- " + Pattern.quote(doc) + " sample (\\d+) starts\\s*$");
    Map<Integer, List<String>> out = new TreeMap<>();
    for (int i = 0; i < source.size(); i++) {
      Matcher s = start.matcher(source.get(i));
      if (!s.matches()) {
        continue;
      }
      int n = Integer.parseInt(s.group(1));
      String end = "// --- " + doc + " sample " + n + " ends";
      List<String> body = new ArrayList<>();
      int j = i + 1;
      while (j < source.size() && !source.get(j).strip().equals(end)) {
        body.add(source.get(j));
        j++;
      }
      assertTrue(j < source.size(), "'" + doc + " sample " + n + " starts' has no matching end marker");
      assertFalse(out.containsKey(n), "'" + doc + " sample " + n + "' is marked twice");
      out.put(n, normalise(body));
    }
    return out;
  }

  /** Leading and trailing whitespace of each line removed. */
  private static List<String> normalise(List<String> lines) {
    return lines.stream().map(String::strip).toList();
  }
}

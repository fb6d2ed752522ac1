package org.imageindex.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.imageindex.ImageIndex;
import org.imageindex.query.json.JsonValues;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the curl block of docs/examples.md ("With curl") as written, in a folder laid out as the
 * doc says ({@code photos/images/*.jpg}, {@code photos.index} with its token file), against a
 * server on a free port: only {@code 127.0.0.1:8080} is replaced by the real port. Each curl
 * line must answer 2xx.
 */
class ServerCurlDocTest {

  @TempDir
  Path work;

  @Test
  void everyCurlLineOfTheDocCarriesTheTokenAndWorks() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/curl")) || Files.isExecutable(Path.of("/bin/curl")),
        "curl is needed to replay the doc's curl lines");
    Path images = Files.createDirectories(work.resolve("photos/images"));
    for (String name : List.of("cat01.jpg", "dog01.jpg")) {
      Files.copy(TestData.dir("pixabay-categories").resolve("images").resolve(name), images.resolve(name));
    }
    Path indexDir = work.resolve("photos.index");
    List<String> block = curlBlock();
    String export = block.get(0);
    assertTrue(export.startsWith("export IMAGEINDEX_TOKEN="), export);
    List<String> commands = block.subList(1, block.size());
    assertTrue(commands.size() >= 5, "the doc's curl lines: " + commands);
    try (ImageIndex index = ImageIndex.builder().extractionThreads(2).open(indexDir)) {
      String token = ServeCommand.tokenFile(indexDir.resolve(ServeCommand.TOKEN_FILE));
      if (Files.getFileStore(indexDir).supportsFileAttributeView("posix")) {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(indexDir.resolve(ServeCommand.TOKEN_FILE))));
      }
      assertEquals(token, ServeCommand.tokenFile(indexDir.resolve(ServeCommand.TOKEN_FILE)), "the token is kept");
      ServerOptions options = ServerOptions.of(0).withFileRoot(work.resolve("photos")).withToken(token);
      try (SimilarityServer server = SimilarityServer.start(index, options)) {
        for (String command : commands) {
          assertTrue(command.startsWith("curl ") && command.contains("127.0.0.1:8080"), command);
          assertTrue(command.contains("$IMAGEINDEX_TOKEN"), "every curl line carries the token: " + command);
          String script = export + "\n" + command.replace("127.0.0.1:8080", "127.0.0.1:" + server.port()) + "\n";
          Process p = new ProcessBuilder("bash", "-c", script).directory(work.toFile()).redirectErrorStream(true).start();
          String out;
          try {
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "curl finished: " + command);
            out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
          } finally {
            p.destroyForcibly();
          }
          assertEquals(0, p.exitValue(), command + " -> " + out);
          @SuppressWarnings("unchecked")
          Map<String, Object> answer = (Map<String, Object>) JsonValues.parse(out);
          if (answer.get("status") instanceof Map<?, ?> status) {
            assertTrue((Long) status.get("code") < 300, command + " -> " + out);
          } else {
            assertTrue(answer.containsKey("results"), command + " -> " + out);
          }
        }
      }
      assertEquals(1, index.count(ImageIndex.ALL_RECORDS), "inserted 1 and 2, deleted 2");
      assertFalse(index.get(List.of("1"), org.imageindex.record.FieldSelection.ID_ONLY).isEmpty());
    }
  }

  /** The lines of the sh block under "### With curl", continuation lines joined. */
  private static List<String> curlBlock() throws Exception {
    Path doc = Path.of("../docs/examples.md").toAbsolutePath().normalize();
    if (!Files.isRegularFile(doc)) {
      doc = Path.of("docs/examples.md").toAbsolutePath();
    }
    String text = Files.readString(doc);
    int section = text.indexOf("### With curl");
    assertTrue(section >= 0, "docs/examples.md has a '### With curl' section");
    int start = text.indexOf("```sh\n", section) + "```sh\n".length();
    int end = text.indexOf("```", start);
    List<String> lines = new ArrayList<>();
    StringBuilder current = new StringBuilder();
    for (String line : text.substring(start, end).split("\n")) {
      if (line.endsWith("\\")) {
        current.append(line, 0, line.length() - 1);
        continue;
      }
      current.append(line);
      if (!current.toString().isBlank()) {
        lines.add(current.toString().strip().replaceAll(" {2,}", " "));
      }
      current.setLength(0);
    }
    return lines;
  }
}

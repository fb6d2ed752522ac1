package org.imageindex.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.imageindex.cluster.TestCluster;
import org.imageindex.examples.server.ServeChild;
import org.imageindex.examples.server.ServerOptions;
import org.imageindex.signatures.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command-line program and {@code serve} on an index kept on a real two-node OpenSearch
 * cluster ({@link TestCluster}), with the same commands and answers as on a folder: only
 * {@code --cluster URL,URL --index-name NAME} replaces {@code --index DIR}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClusterCommandsTest {

  Path tmp;
  Path folder;
  Path crop;
  String firstId;
  String secondId;
  String[] on;

  record Run(int status, String out, String err) {}

  static Run cli(List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = ImageIndexCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    return new Run(status, out.toString(), err.toString());
  }

  /** {@code args} followed by the options naming this test's index on the cluster. */
  Run onCluster(String... args) {
    List<String> all = new ArrayList<>(List.of(args));
    all.addAll(List.of(on));
    return cli(all);
  }

  @BeforeAll
  void indexAFolderOnTheCluster(@TempDir Path tmp) throws Exception {
    this.tmp = tmp;
    TestCluster cluster = TestCluster.shared();
    String urls = cluster.urls().stream().map(URI::toString).collect(Collectors.joining(","));
    on = new String[] {"--cluster", urls, "--index-name", "cli-commands", "--index", tmp.resolve("local").toString()};
    folder = Files.createDirectories(tmp.resolve("photos"));
    List<Path> photos;
    try (var s = Files.list(TestData.root().resolve("pixabay-categories/images"))) {
      photos = s.sorted().limit(6).toList();
    }
    for (Path p : photos) {
      Files.copy(p, folder.resolve(p.getFileName()));
    }
    firstId = photos.get(0).getFileName().toString();
    secondId = photos.get(1).getFileName().toString();
    java.awt.image.BufferedImage second = javax.imageio.ImageIO.read(photos.get(1).toFile());
    crop = tmp.resolve("crop.png");
    javax.imageio.ImageIO.write(second.getSubimage(second.getWidth() / 4, second.getHeight() / 4,
        second.getWidth() / 2, second.getHeight() / 2), "png", crop.toFile());
    Run run = onCluster("index", folder.toString(), "--no-progress");
    assertEquals(0, run.status(), run.err());
    assertTrue(run.out().contains("indexed 6 of 6 images into index 'cli-commands' on ["), run.out());
  }

  @Test
  void infoListAndSearchAnswerFromTheCluster() {
    Run info = onCluster("info");
    assertEquals(0, info.status(), info.err());
    assertTrue(info.out().contains("records:   6 active, 0 deactivated"), info.out());
    assertTrue(info.out().contains("index 'cli-commands' on ["), info.out());

    Run list = onCluster("list", "--filter", "{\"width\": {\"$gte\": 1}}", "--sort", "id", "--limit", "2");
    assertEquals(0, list.status(), list.err());
    assertTrue(list.out().contains(firstId) && list.out().contains(secondId), list.out());

    Run similar = onCluster("search", folder.resolve(firstId).toString(), "--mode", "similar", "-k", "3");
    assertEquals(0, similar.status(), similar.err());
    assertTrue(similar.out().startsWith(firstId), similar.out());
    assertEquals(3, similar.out().lines().count(), similar.out());

    // Matching: candidates by visual words from the cluster, verified here on the fetched signatures.
    Run match = onCluster("search", crop.toString(), "--mode", "match");
    assertEquals(0, match.status(), match.err());
    assertTrue(match.out().startsWith(secondId), match.out());
  }

  @Test
  void fineTuningIsRefusedOnTheClusterWithTheReason() {
    Run run = onCluster("finetune", "--no-progress");
    assertEquals(1, run.status(), run.out());
    assertTrue(run.err().contains("fine-tuning is offered by the embedded index only"), run.err());
  }

  @Test
  void serveAnswersTheXimilarApiFromTheCluster() throws Exception {
    String token = ServerOptions.newToken();
    ServeChild serve = ServeChild.start(token, 120, List.of(on));
    Process child = serve.process();
    int port = serve.port();
    try {
      assertTrue(port > 0, "serve printed its address: " + serve.printed());
      assertTrue(serve.startUp().contains("serving index 'cli-commands' on ["), serve.startUp());
      HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/v2/visualKNN"))
          .timeout(Duration.ofSeconds(60)).header("Authorization", "Token " + token)
          .header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("{\"query_record\": {\"_id\": \"" + firstId + "\"}, \"k\": 3}"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      // The query record itself is its own nearest neighbour, first of the answer's records.
      var answer = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body()).path("answer_records");
      assertEquals(3, answer.size(), r.body());
      assertEquals(firstId, answer.get(0).path("_id").asText(), r.body());
    } finally {
      child.destroy();
      assertTrue(child.waitFor(60, TimeUnit.SECONDS), "serve stopped");
    }
  }
}

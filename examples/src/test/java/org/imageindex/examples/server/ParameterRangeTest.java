package org.imageindex.examples.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;
import org.imageindex.ImageIndex;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole-number parameter out of range gets one message that names the range allowed. */
class ParameterRangeTest {

  private static String refusal(XimilarApi api, String method, Map<String, Object> body) {
    return assertThrows(ApiException.class, () -> api.method(method).apply(body)).getMessage();
  }

  @Test
  void limitCountAndKNameTheirRange(@TempDir Path tmp) throws Exception {
    try (ImageIndex index = ImageIndex.inMemory()) {
      XimilarApi api = new XimilarApi(index, ServerOptions.of(0).withFileRoot(tmp));
      assertEquals("limit must be a whole number in 1..1000 (ServerOptions.Limits.maxRecords, --max-records), got: 9999999999999",
          refusal(api, "find", Map.of("filter", Map.of(), "limit", 9_999_999_999_999L)));
      assertEquals("limit must be a whole number in 1..1000 (ServerOptions.Limits.maxRecords, --max-records), got: 2.5", refusal(api, "find", Map.of("filter", Map.of(), "limit", 2.5)));
      // random once gave two contradictory ranges: one range now, the server's bound.
      assertEquals("count must be a whole number in 1..1000 (ServerOptions.Limits.maxRecords, --max-records), got: 0", refusal(api, "random", Map.of("count", 0L)));
      assertEquals("count must be a whole number in 1..1000 (ServerOptions.Limits.maxRecords, --max-records), got: 1001", refusal(api, "random", Map.of("count", 1001L)));
      String longText = "7".repeat(500);
      assertEquals("count must be a whole number in 1..1000 (ServerOptions.Limits.maxRecords, --max-records), got: \"" + "7".repeat(99) + "... (502 characters)",
          refusal(api, "random", Map.of("count", longText)));
    }
  }
}

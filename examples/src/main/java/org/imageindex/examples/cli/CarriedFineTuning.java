package org.imageindex.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.imageindex.FineTuningInfo;
import org.imageindex.ImageIndex;
import org.imageindex.query.json.JsonValues;

/**
 * The first line of an export of a fine-tuned index: its visual vocabulary and similarity
 * whitening ({@link ImageIndex#exportFineTuning}), base64 in one JSON object, so that an import
 * gives the new index the same searches without training again. The line has no {@code id}: it
 * is no record, and import reads it before the records.
 */
final class CarriedFineTuning {

  /** The key that marks the line. */
  static final String KEY = "imageindex_fine_tuning";

  private CarriedFineTuning() {}

  /** Writes the line if the index was fine-tuned; returns whether it did. */
  static boolean write(ImageIndex idx, Writer out) throws IOException {
    FineTuningInfo info = idx.fineTuningInfo();
    if (info.lastFinetuned().isEmpty()) {
      return false;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    idx.exportFineTuning(bytes);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("vocabulary", info.vocabularyId());
    body.put("similarity_space", info.similaritySpaceId());
    body.put("last_fine_tuned", info.lastFinetuned().get().toString());
    body.put("data", Base64.getEncoder().encodeToString(bytes.toByteArray()));
    out.write(JsonValues.write(Map.of(KEY, body)));
    out.write('\n');
    return true;
  }

  /** The fine-tuning bytes of {@code line} if it is the carried fine-tuning, else null. */
  static byte[] parse(String line, int lineNo) {
    if (line == null || !line.contains(KEY)) {
      return null;
    }
    Object json;
    try {
      json = JsonValues.parse(line);
    } catch (RuntimeException notJson) {
      return null;
    }
    if (!(json instanceof Map<?, ?> m) || !m.containsKey(KEY) || m.containsKey("id")) {
      return null;
    }
    if (!(m.get(KEY) instanceof Map<?, ?> body) || !(body.get("data") instanceof String data)) {
      throw new IllegalArgumentException("line " + lineNo + ": field '" + KEY + ".data' must be a base64 string");
    }
    try {
      return Base64.getDecoder().decode(data);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("line " + lineNo + ": field '" + KEY + ".data' must be a base64 string: "
          + e.getMessage());
    }
  }

  static void install(ImageIndex idx, byte[] bytes) throws IOException {
    idx.importFineTuning(new ByteArrayInputStream(bytes));
  }

  /** {@code text}, then the rest of {@code rest}: the lines import gives the library, numbered as in the file. */
  static Reader prepend(String text, Reader rest) {
    return new Reader() {
      private int pos;

      @Override
      public int read(char[] buf, int off, int len) throws IOException {
        if (pos < text.length()) {
          int n = Math.min(len, text.length() - pos);
          text.getChars(pos, pos + n, buf, off);
          pos += n;
          return n;
        }
        return rest.read(buf, off, len);
      }

      @Override
      public void close() throws IOException {
        rest.close();
      }
    };
  }
}

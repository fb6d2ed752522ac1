package org.imageindex.examples.server;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.imageindex.query.json.JsonValues;

/**
 * An HTTP answer: the status and a JSON object (or a raw body: a JSON array, a CSV file). A top-level value that is an {@link Iterable}
 * other than a {@link List} is streamed element by element while it is written (a listing of
 * every record need not be held in memory), and a {@link LongSupplier} value is read when it is
 * reached (a count of what was streamed before it).
 *
 * @param http    the HTTP status
 * @param json    the answer object, written in its iteration order
 * @param headers extra response header fields (a seed's {@code Set-Cookie} or {@code Location}),
 *                names as written; never Content-Type, Transfer-Encoding or Connection, which the
 *                server sets
 */
record Answer(int http, Map<String, Object> json, Map<String, String> headers, Raw raw) {

  /**
   * A body that is not a JSON object (a seed's CSV download, a bare JSON array), written as it is.
   *
   * @param contentType the Content-Type written
   * @param bytes       the body
   */
  record Raw(String contentType, byte[] bytes) {
  }

  Answer {
    headers = Map.copyOf(headers);
    for (Map.Entry<String, String> h : headers.entrySet()) {
      // A header value from request data must not split the response.
      if (h.getKey().indexOf('\r') >= 0 || h.getKey().indexOf('\n') >= 0 || h.getValue().indexOf('\r') >= 0 || h.getValue().indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a response header holds a line break: " + h.getKey());
      }
    }
  }

  /** A JSON answer with extra header fields. */
  Answer(int http, Map<String, Object> json, Map<String, String> headers) {
    this(http, json, headers, null);
  }

  /** An answer without extra header fields. */
  Answer(int http, Map<String, Object> json) {
    this(http, json, Map.of());
  }

  /** A non-JSON answer: {@code bytes} of type {@code contentType}. */
  static Answer raw(int http, String contentType, byte[] bytes, Map<String, String> headers) {
    return new Answer(http, Map.of(), headers, new Raw(contentType, bytes.clone()));
  }

  /** A JSON array answer (seed 002 answers its query with a bare list of pictures). */
  static Answer ofArray(int http, List<?> array, Map<String, String> headers) {
    byte[] json = JsonValues.write(java.util.Objects.requireNonNull(array, "array")).getBytes(StandardCharsets.UTF_8);
    return new Answer(http, Map.of(), headers, new Raw("application/json;charset=UTF-8", json));
  }

  /** A JSON array answer without extra header fields (LTU lists its collections as a bare array). */
  static Answer ofArray(int http, List<?> array) {
    return ofArray(http, array, Map.of());
  }

  /** Writes the answer: the raw body as it is, otherwise the object as UTF-8 JSON. */
  void write(OutputStream out) throws IOException {
    if (raw != null) {
      out.write(raw.bytes());
      return;
    }
    out.write('{');
    boolean first = true;
    try {
      for (Map.Entry<String, Object> e : json.entrySet()) {
        if (!first) {
          out.write(',');
        }
        first = false;
        out.write(JsonValues.write(e.getKey()).getBytes(StandardCharsets.UTF_8));
        out.write(':');
        Object v = e.getValue();
        if (v instanceof Iterable<?> items && !(v instanceof List<?>)) {
          out.write('[');
          boolean firstItem = true;
          for (Object item : items) {
            if (!firstItem) {
              out.write(',');
            }
            firstItem = false;
            out.write(JsonValues.write(item).getBytes(StandardCharsets.UTF_8));
          }
          out.write(']');
        } else if (v instanceof LongSupplier n) {
          out.write(Long.toString(n.getAsLong()).getBytes(StandardCharsets.UTF_8));
        } else {
          out.write(JsonValues.write(v).getBytes(StandardCharsets.UTF_8));
        }
      }
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    out.write('}');
  }
}

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
 * An HTTP answer: the status and a JSON object. A top-level value that is an {@link Iterable}
 * other than a {@link List} is streamed element by element while it is written (a listing of
 * every record need not be held in memory), and a {@link LongSupplier} value is read when it is
 * reached (a count of what was streamed before it).
 *
 * @param http    the HTTP status
 * @param json    the answer object, written in its iteration order
 * @param headers extra response header fields (a seed's {@code Set-Cookie} or {@code Location}),
 *                names as written; never Content-Type, Transfer-Encoding or Connection, which the
 *                server sets
 * @param array   a JSON array written instead of {@code json} (LTU lists its collections as a
 *                bare array), or null
 */
record Answer(int http, Map<String, Object> json, Map<String, String> headers, List<?> array) {

  Answer {
    headers = Map.copyOf(headers);
    array = array == null ? null : List.copyOf(array);
    for (Map.Entry<String, String> h : headers.entrySet()) {
      // A header value from request data must not split the response.
      if (h.getKey().indexOf('\r') >= 0 || h.getKey().indexOf('\n') >= 0 || h.getValue().indexOf('\r') >= 0 || h.getValue().indexOf('\n') >= 0) {
        throw new IllegalArgumentException("a response header holds a line break: " + h.getKey());
      }
    }
  }

  /** An answer with extra header fields. */
  Answer(int http, Map<String, Object> json, Map<String, String> headers) {
    this(http, json, headers, null);
  }

  /** An answer without extra header fields. */
  Answer(int http, Map<String, Object> json) {
    this(http, json, Map.of());
  }

  /** An answer whose body is the JSON array {@code items}. */
  static Answer ofArray(int http, List<?> items) {
    return new Answer(http, Map.of(), Map.of(), items);
  }

  /** Writes the answer object (or array) as UTF-8 JSON. */
  void write(OutputStream out) throws IOException {
    if (array != null) {
      out.write(JsonValues.write(array).getBytes(StandardCharsets.UTF_8));
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

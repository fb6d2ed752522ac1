package org.imageindex.examples.server;

import com.sun.net.httpserver.HttpExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imageindex.query.json.JsonValues;

/** Reading bounded request bodies (JSON or multipart/form-data) and writing JSON answers. */
final class HttpBodies {

  private HttpBodies() {}

  /**
   * The request body, at most {@code limit} bytes.
   *
   * @throws ApiException 413 when the body is larger, naming the setting
   */
  static byte[] read(HttpExchange ex, long limit) throws IOException {
    String declared = ex.getRequestHeaders().getFirst("Content-Length");
    if (declared != null) {
      try {
        if (Long.parseLong(declared.trim()) > limit) {
          throw tooLarge(limit);
        }
      } catch (NumberFormatException e) {
        throw ApiException.aborted("Content-Length must be a number, got: " + declared);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = ex.getRequestBody()) {
      for (int n; (n = in.read(buf)) > 0; ) {
        if (out.size() + (long) n > limit) {
          throw tooLarge(limit);
        }
        out.write(buf, 0, n);
      }
    }
    return out.toByteArray();
  }

  private static ApiException tooLarge(long limit) {
    return new ApiException(Status.BODY_TOO_LARGE.code(), Status.BODY_TOO_LARGE.text(),
        "request bodies are limited to " + limit + " bytes (ServerOptions.maxBodyBytes, --max-body-bytes)");
  }

  /**
   * A JSON object body; an empty body is an empty object.
   *
   * @throws ApiException 402 when the body is not a JSON object
   */
  @SuppressWarnings("unchecked")
  static Map<String, Object> jsonObject(byte[] body) {
    String text = new String(body, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return new LinkedHashMap<>();
    }
    Object v;
    try {
      v = JsonValues.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.aborted("the request body is not valid JSON: " + e.getMessage());
    }
    if (!(v instanceof Map)) {
      throw ApiException.aborted("the request body must be a JSON object, got: " + text.strip().charAt(0) + "...");
    }
    return (Map<String, Object>) v;
  }

  /** Sends {@code answer} as JSON with HTTP status {@code httpCode}. */
  static void send(HttpExchange ex, int httpCode, Map<String, Object> answer) throws IOException {
    byte[] bytes = JsonValues.write(answer).getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
    ex.sendResponseHeaders(httpCode, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }

  /**
   * One part of a multipart/form-data body.
   *
   * @param name     the form field name
   * @param filename the file name, or null for a plain field
   * @param content  the part's bytes
   */
  record Part(String name, String filename, byte[] content) {
    String text() {
      return new String(content, StandardCharsets.UTF_8);
    }
  }

  /**
   * The parts of a multipart/form-data body (RFC 7578).
   *
   * @throws ApiException 402 when the content type has no boundary or the body is malformed
   */
  static Map<String, Part> multipart(String contentType, byte[] body) {
    String boundary = null;
    for (String param : contentType.split(";")) {
      String p = param.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        boundary = unquote(p.substring("boundary=".length()));
      }
    }
    if (boundary == null || boundary.isEmpty()) {
      throw ApiException.aborted("multipart/form-data needs a boundary parameter in Content-Type");
    }
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Integer> starts = new ArrayList<>();
    for (int i = indexOf(body, delimiter, 0); i >= 0; i = indexOf(body, delimiter, i + delimiter.length)) {
      starts.add(i);
    }
    Map<String, Part> parts = new LinkedHashMap<>();
    for (int k = 0; k + 1 < starts.size(); k++) {
      int from = starts.get(k) + delimiter.length;
      int to = starts.get(k + 1);
      from = skipLineBreak(body, from);
      int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), from);
      if (headerEnd < 0 || headerEnd > to) {
        throw ApiException.aborted("malformed multipart body: a part has no header end");
      }
      String headers = new String(body, from, headerEnd - from, StandardCharsets.UTF_8);
      int contentStart = headerEnd + 4;
      int contentEnd = to >= 2 && body[to - 2] == '\r' && body[to - 1] == '\n' ? to - 2 : to;
      String name = null;
      String filename = null;
      for (String line : headers.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
          name = dispositionParam(line, "name");
          filename = dispositionParam(line, "filename");
        }
      }
      if (name == null) {
        throw ApiException.aborted("malformed multipart body: a part has no name in Content-Disposition");
      }
      byte[] content = java.util.Arrays.copyOfRange(body, contentStart, Math.max(contentStart, contentEnd));
      parts.put(name, new Part(name, filename, content));
    }
    return parts;
  }

  private static int skipLineBreak(byte[] b, int i) {
    return i + 1 < b.length && b[i] == '\r' && b[i + 1] == '\n' ? i + 2 : i;
  }

  private static String dispositionParam(String line, String key) {
    for (String p : line.split(";")) {
      String s = p.strip();
      if (s.startsWith(key + "=")) {
        return unquote(s.substring(key.length() + 1));
      }
    }
    return null;
  }

  private static String unquote(String s) {
    return s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"") ? s.substring(1, s.length() - 1) : s;
  }

  private static int indexOf(byte[] hay, byte[] needle, int from) {
    outer:
    for (int i = Math.max(0, from); i <= hay.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (hay[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}

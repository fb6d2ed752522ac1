package org.imageindex.examples.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.imageindex.query.json.JsonValues;

/** Reading request bodies: JSON objects and multipart/form-data. */
final class HttpBodies {

  private HttpBodies() {}

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
   * The parts of a multipart/form-data body (RFC 7578): every part between the first delimiter
   * and the close delimiter, each with a name among {@code allowed}, none twice.
   *
   * @throws ApiException 400 when the content type has no boundary, the body is malformed (no
   *                      close delimiter, a part without header end or name) or a part is
   *                      unknown or repeated
   */
  static Map<String, Part> multipart(String contentType, byte[] body, java.util.Set<String> allowed) {
    String boundary = null;
    for (String param : contentType.split(";")) {
      String p = param.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        boundary = unquote(p.substring("boundary=".length()));
      }
    }
    if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
      throw malformed("Content-Type multipart/form-data needs a boundary parameter of 1 to 70 characters");
    }
    byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    List<Integer> starts = new ArrayList<>();
    int close = -1;
    for (int i = indexOf(body, delimiter, 0); i >= 0; i = indexOf(body, delimiter, i + delimiter.length)) {
      int after = i + delimiter.length;
      if (after + 1 < body.length && body[after] == '-' && body[after + 1] == '-') {
        close = i;
        starts.add(i);
        break;
      }
      starts.add(i);
    }
    if (starts.isEmpty()) {
      throw malformed("the body holds no delimiter --" + LoopbackHttp.cut(boundary) + " of the Content-Type's boundary");
    }
    if (close < 0) {
      throw malformed("the body ends without the close delimiter --" + LoopbackHttp.cut(boundary) + "-- (truncated upload?)");
    }
    if (starts.size() < 2) {
      throw malformed("the body holds no part");
    }
    Map<String, Part> parts = new LinkedHashMap<>();
    for (int k = 0; k + 1 < starts.size(); k++) {
      int from = starts.get(k) + delimiter.length;
      int to = starts.get(k + 1);
      if (from + 1 >= body.length || body[from] != '\r' || body[from + 1] != '\n') {
        throw malformed("a delimiter must be followed by a line break");
      }
      from += 2;
      int headerEnd = indexOf(body, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), from);
      if (headerEnd < 0 || headerEnd + 4 > to) {
        throw malformed("part " + (k + 1) + " has no end of its header fields (an empty line)");
      }
      String headers = new String(body, from, headerEnd - from, StandardCharsets.UTF_8);
      int contentStart = headerEnd + 4;
      if (to < contentStart + 2 || body[to - 2] != '\r' || body[to - 1] != '\n') {
        throw malformed("part " + (k + 1) + " must end with a line break before the next delimiter");
      }
      int contentEnd = to - 2;
      String name = null;
      String filename = null;
      for (String line : headers.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
          name = dispositionParam(line, "name");
          filename = dispositionParam(line, "filename");
        }
      }
      if (name == null) {
        throw malformed("part " + (k + 1) + " has no name in its Content-Disposition");
      }
      if (!allowed.contains(name)) {
        throw malformed("unknown part '" + LoopbackHttp.cut(name) + "'; the parts read here are " + new java.util.TreeSet<>(allowed));
      }
      if (parts.containsKey(name)) {
        throw malformed("part '" + name + "' appears twice");
      }
      byte[] content = java.util.Arrays.copyOfRange(body, contentStart, contentEnd);
      parts.put(name, new Part(name, filename, content));
    }
    return parts;
  }

  private static ApiException malformed(String what) {
    return new ApiException(400, "malformed multipart body", what);
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

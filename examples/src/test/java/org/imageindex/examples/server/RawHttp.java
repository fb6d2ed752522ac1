package org.imageindex.examples.server;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.imageindex.query.json.JsonValues;

/**
 * HTTP/1.1 over a plain socket, for requests {@code java.net.http} will not send (a foreign
 * {@code Host}, a body without its closing bytes, a head sent byte by byte). Every read waits
 * at most {@link #READ_TIMEOUT_MS}.
 */
final class RawHttp {

  /** A hang guard with a wide margin: the server answers these requests in milliseconds. */
  static final int READ_TIMEOUT_MS = 60_000;

  /** A response: status, header fields (lower-case names) and the body, de-chunked. */
  record Response(int status, Map<String, String> headers, String body) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      return (Map<String, Object>) JsonValues.parse(body);
    }

    /** The answer's {@code status.code}. */
    long code() {
      return (Long) ((Map<?, ?>) json().get("status")).get("code");
    }

    String description() {
      return String.valueOf(((Map<?, ?>) json().get("status")).get("error_description"));
    }
  }

  private RawHttp() {}

  /** A socket to the server, reads bounded by {@link #READ_TIMEOUT_MS}. */
  static Socket connect(int port) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(READ_TIMEOUT_MS);
    return s;
  }

  /**
   * Sends {@code method path} with {@code headers} (each "Name: value"; Host and Content-Length
   * are not added) and {@code body}, and reads the response.
   */
  static Response send(int port, String method, String path, String body, String... headers) throws IOException {
    try (Socket s = connect(port)) {
      byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      StringBuilder head = new StringBuilder(method).append(' ').append(path).append(" HTTP/1.1\r\n");
      for (String h : headers) {
        head.append(h).append("\r\n");
      }
      head.append("Content-Length: ").append(bytes.length).append("\r\nConnection: close\r\n\r\n");
      OutputStream out = s.getOutputStream();
      out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
      out.write(bytes);
      out.flush();
      return read(s.getInputStream());
    }
  }

  /** A request to this server with its token, Host and a JSON body. */
  static Response post(SimilarityServer server, String path, String json) throws IOException {
    return send(server.port(), "POST", path, json, "Host: 127.0.0.1:" + server.port(),
        "Authorization: Token " + server.options().token(), "Content-Type: application/json");
  }

  static Response read(InputStream raw) throws IOException {
    InputStream in = new BufferedInputStream(raw);
    String status = line(in);
    if (status == null) {
      throw new IOException("connection closed before a response");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String l; (l = line(in)) != null && !l.isEmpty(); ) {
      int colon = l.indexOf(':');
      headers.put(l.substring(0, colon).strip().toLowerCase(Locale.ROOT), l.substring(colon + 1).strip());
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
      for (int size; (size = Integer.parseInt(line(in).strip(), 16)) > 0; ) {
        body.write(in.readNBytes(size));
        line(in);
      }
      line(in);
    } else if (headers.containsKey("content-length")) {
      body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
    } else {
      body.write(in.readAllBytes());
    }
    return new Response(Integer.parseInt(status.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c; (c = in.read()) >= 0; ) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }
}

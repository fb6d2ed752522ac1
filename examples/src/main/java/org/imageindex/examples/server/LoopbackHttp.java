package org.imageindex.examples.server;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 server on the loopback address that slow or hostile clients cannot stall.
 *
 * <p>Why not the JDK's {@code com.sun.net.httpserver}: it reads request heads on its executor's
 * threads, and its time and connection limits ({@code sun.net.httpserver.maxReqTime},
 * {@code jdk.httpserver.maxConnections}, ...) are static, read from system properties once per
 * JVM, so a server cannot set its own; four clients sending half a head held the four workers
 * and the server answered nothing. Here every connection has its own virtual thread, so an idle
 * connection costs no worker; a watchdog closes a connection whose current phase (request head,
 * body, answer, keep-alive idle) outlasts its deadline; connections beyond
 * {@link ServerOptions.Limits#maxConnections()} are answered 503 at once; and only
 * {@link ServerOptions.Limits#threads()} requests run their work at a time, after their body
 * has been read completely.
 *
 * <p>Request bodies need a {@code Content-Length} (chunked request bodies are refused with 411);
 * {@code Expect: 100-continue} is honoured after the head was accepted. Answers are chunked,
 * so large ones stream.
 */
final class LoopbackHttp implements AutoCloseable {

  /** What the server does with a request. */
  interface Exchange {
    /**
     * The refusal of a request from its head alone (address, authentication, route, method,
     * content type), before its body is read; null to go on.
     */
    Answer check(Request head);

    /** The answer to a complete request. */
    Answer handle(Request request) throws IOException;
  }

  /** 16 KiB of request line and header fields: far above what a client of this API sends. */
  static final int MAX_HEAD_BYTES = 16 * 1024;

  /** How often the watchdog looks for connections past their deadline. */
  private static final long WATCHDOG_MILLIS = 100;

  private final ServerSocket socket;
  private final ServerOptions.Limits limits;
  private final Exchange exchange;
  private final Semaphore connections;
  private final Semaphore work;
  private final Set<Connection> open = ConcurrentHashMap.newKeySet();
  private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
  private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "imageindex-http-watchdog");
    t.setDaemon(true);
    return t;
  });
  private volatile boolean closed;

  LoopbackHttp(int port, ServerOptions.Limits limits, Exchange exchange) throws IOException {
    this.limits = limits;
    this.exchange = exchange;
    this.connections = new Semaphore(limits.maxConnections());
    this.work = new Semaphore(limits.threads(), true);
    this.socket = new ServerSocket();
    socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
  }

  /** Starts accepting connections (the port is bound from construction on). */
  void start() {
    watchdog.scheduleWithFixedDelay(this::closeOverdue, WATCHDOG_MILLIS, WATCHDOG_MILLIS, TimeUnit.MILLISECONDS);
    Thread.ofVirtual().name("imageindex-http-accept").start(this::acceptLoop);
  }

  int port() {
    return socket.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException e) {
        if (closed) {
          return;
        }
        continue;
      }
      if (!connections.tryAcquire()) {
        refuseBusy(s);
        continue;
      }
      Connection c = new Connection(s);
      open.add(c);
      try {
        threads.execute(() -> serve(c));
      } catch (RuntimeException e) { // closing
        c.close();
        open.remove(c);
        connections.release();
      }
    }
  }

  /** A connection over the limit: 503 at once, so the client learns why, then closed. */
  private void refuseBusy(Socket s) {
    try (s) {
      s.setSoTimeout(1000);
      OutputStream out = new BufferedOutputStream(s.getOutputStream());
      writeAnswer(out, error(503, "server busy", "the server holds its limit of " + limits.maxConnections()
          + " connections (ServerOptions.Limits.maxConnections, --max-connections); retry later"), true);
    } catch (IOException ignored) {
      // the client went away: nothing to tell it
    }
  }

  private void closeOverdue() {
    long now = System.nanoTime();
    for (Connection c : open) {
      if (now - c.deadline > 0) {
        c.close();
      }
    }
  }

  private void serve(Connection c) {
    try {
      InputStream in = new BufferedInputStream(c.socket.getInputStream(), 8192);
      OutputStream out = new BufferedOutputStream(c.socket.getOutputStream(), 16 * 1024);
      c.phase(limits.headerTimeout().toNanos()); // a new connection that sends nothing is a slow head
      while (!closed) {
        int firstByte = in.read();
        if (firstByte < 0) {
          return;
        }
        c.phase(limits.headerTimeout().toNanos());
        Head head = readHead(firstByte, in);
        if (head.refusal != null) {
          c.phase(limits.responseTimeout().toNanos());
          writeAnswer(out, head.refusal, true);
          lingerClose(c, in);
          return;
        }
        Request request = head.request;
        boolean keepAlive = head.keepAlive;
        Answer refusal = exchange.check(request);
        long length = head.contentLength;
        if (refusal == null && length > limits.maxBodyBytes()) {
          refusal = error(413, Status.BODY_TOO_LARGE.text(), "request bodies are limited to " + limits.maxBodyBytes()
              + " bytes (ServerOptions.Limits.maxBodyBytes, --max-body-bytes), got Content-Length " + length);
        }
        if (refusal != null) {
          c.phase(limits.responseTimeout().toNanos());
          // An unread body would be taken for the next request: close unless there is none.
          writeAnswer(out, refusal, length > 0 || !keepAlive);
          if (length > 0 || !keepAlive) {
            lingerClose(c, in);
            return;
          }
          c.phase(limits.idleTimeout().toNanos());
          continue;
        }
        if (length > 0 && "100-continue".equalsIgnoreCase(request.header("Expect"))) {
          out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
        }
        c.phase(limits.bodyTimeout().toNanos());
        byte[] body = in.readNBytes((int) length);
        if (body.length < length) {
          return; // the client closed before sending its whole body
        }
        Request full = new Request(request.method(), request.path(), request.query(), request.headers(), body);
        Answer answer;
        c.phase(limits.responseTimeout().toNanos());
        work.acquireUninterruptibly();
        try {
          answer = exchange.handle(full);
        } finally {
          work.release();
        }
        writeAnswer(out, answer, !keepAlive);
        if (!keepAlive) {
          return;
        }
        c.phase(limits.idleTimeout().toNanos());
      }
    } catch (IOException | RuntimeException e) {
      // A closed socket (deadline passed, client gone, server closing) ends the connection.
    } finally {
      c.close();
      open.remove(c);
      connections.release();
    }
  }

  /**
   * Closes after an answer sent before the body was read: a socket closed with unread input
   * resets the connection, and the client may lose the answer. So the sending side is shut, and
   * what the client still sends is read and dropped, up to {@link #LINGER_BYTES} or one second.
   */
  private static void lingerClose(Connection c, InputStream in) {
    try {
      c.socket.shutdownOutput();
      c.phase(TimeUnit.SECONDS.toNanos(1));
      byte[] sink = new byte[8192];
      long dropped = 0;
      for (int n; dropped < LINGER_BYTES && (n = in.read(sink)) > 0; ) {
        dropped += n;
      }
    } catch (IOException ignored) {
      // closed by the client or the watchdog: done either way
    }
  }

  /** Most bytes read and dropped after an early answer (see {@link #lingerClose}). */
  private static final long LINGER_BYTES = 1L << 20;

  /** A parsed request head, or the refusal of a malformed one. */
  private record Head(Request request, long contentLength, boolean keepAlive, Answer refusal) {
    static Head refused(int code, String text, String description) {
      return new Head(null, 0, false, error(code, text, description));
    }
  }

  private static Head readHead(int firstByte, InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream(512);
    buf.write(firstByte);
    int last = firstByte;
    int beforeLast = -1;
    int third = -1;
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new java.io.EOFException("connection closed inside the request head");
      }
      buf.write(b);
      if (buf.size() > MAX_HEAD_BYTES) {
        return Head.refused(431, "request header fields too large",
            "the request line and header fields are limited to " + MAX_HEAD_BYTES + " bytes");
      }
      // The head ends at an empty line: CRLF CRLF, or a bare LF LF.
      if (b == '\n' && (last == '\n' || last == '\r' && beforeLast == '\n' && third == '\r')) {
        break;
      }
      third = beforeLast;
      beforeLast = last;
      last = b;
    }
    String[] lines = buf.toString(StandardCharsets.ISO_8859_1).split("\r?\n");
    String[] start = lines[0].split(" ");
    if (start.length != 3 || !start[2].startsWith("HTTP/1.") || start[0].isEmpty() || !start[1].startsWith("/")) {
      return Head.refused(400, "bad request", "the request line must be 'METHOD /path HTTP/1.1', got: " + cut(lines[0]));
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      if (lines[i].isEmpty()) {
        continue;
      }
      int colon = lines[i].indexOf(':');
      if (colon <= 0) {
        return Head.refused(400, "bad request", "a header field must be 'Name: value', got: " + cut(lines[i]));
      }
      headers.putIfAbsent(lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).strip());
    }
    if (headers.containsKey("transfer-encoding")) {
      return Head.refused(411, "length required", "request bodies must have a Content-Length; Transfer-Encoding "
          + cut(headers.get("transfer-encoding")) + " is not accepted");
    }
    long length = 0;
    String declared = headers.get("content-length");
    if (declared != null) {
      try {
        length = Long.parseLong(declared);
      } catch (NumberFormatException e) {
        length = -1;
      }
      if (length < 0) {
        return Head.refused(400, "bad request", "Content-Length must be a whole number >= 0, got: " + cut(declared));
      }
    }
    String target = start[1];
    int q = target.indexOf('?');
    String path = q < 0 ? target : target.substring(0, q);
    String query = q < 0 ? null : target.substring(q + 1);
    String connection = headers.getOrDefault("connection", "");
    boolean keepAlive = start[2].equals("HTTP/1.1") ? !connection.equalsIgnoreCase("close") : connection.equalsIgnoreCase("keep-alive");
    return new Head(new Request(start[0].toUpperCase(Locale.ROOT), path, query, headers, new byte[0]), length, keepAlive, null);
  }

  /** A value quoted in an error, cut to 100 characters: an error never echoes a whole hostile input. */
  static String cut(String s) {
    return s.length() <= 100 ? s : s.substring(0, 100) + "... (" + s.length() + " characters)";
  }

  /** {@code {"status": {"code", "text", "error_description"}}} with HTTP status {@code code}. */
  static Answer error(int code, String text, String description) {
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("code", (long) code);
    status.put("text", text);
    status.put("error_description", description);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("status", status);
    return new Answer(code, m);
  }

  private static void writeAnswer(OutputStream out, Answer answer, boolean close) throws IOException {
    StringBuilder head = new StringBuilder("HTTP/1.1 ").append(answer.http()).append(' ').append(reason(answer.http())).append("\r\n")
        .append("Content-Type: ").append(answer.raw() == null ? "application/json;charset=UTF-8" : answer.raw().contentType()).append("\r\n");
    // 204 carries no body (RFC 9110 15.3.5): neither chunks nor a length.
    boolean noBody = answer.http() == 204;
    head.append(noBody ? "" : "Transfer-Encoding: chunked\r\n")
        .append("Cache-Control: no-store\r\n")
        .append("X-Content-Type-Options: nosniff\r\n");
    answer.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
    if (answer.http() == 401) {
      head.append("WWW-Authenticate: Token realm=\"imageindex\"\r\n");
    }
    if (close) {
      head.append("Connection: close\r\n");
    }
    head.append("\r\n");
    out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
    if (noBody) {
      out.flush();
      return;
    }
    ChunkedOutput chunked = new ChunkedOutput(out);
    answer.write(chunked);
    chunked.finish();
    out.flush();
  }

  private static String reason(int code) {
    return switch (code) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 204 -> "No Content";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 409 -> "Conflict";
      case 411 -> "Length Required";
      case 413 -> "Payload Too Large";
      case 415 -> "Unsupported Media Type";
      case 431 -> "Request Header Fields Too Large";
      case 500 -> "Internal Server Error";
      case 501 -> "Not Implemented";
      case 503 -> "Service Unavailable";
      default -> code < 300 ? "OK" : code < 500 ? "Client Error" : "Server Error";
    };
  }

  /** HTTP/1.1 chunked transfer coding over {@code out}, in chunks of up to 16 KiB. */
  private static final class ChunkedOutput extends OutputStream {
    private final OutputStream out;
    private final byte[] buf = new byte[16 * 1024];
    private int n;

    ChunkedOutput(OutputStream out) {
      this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
      if (n == buf.length) {
        flushChunk();
      }
      buf[n++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      while (len > 0) {
        if (n == buf.length) {
          flushChunk();
        }
        int k = Math.min(len, buf.length - n);
        System.arraycopy(b, off, buf, n, k);
        n += k;
        off += k;
        len -= k;
      }
    }

    private void flushChunk() throws IOException {
      if (n > 0) {
        out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        out.write(buf, 0, n);
        out.write('\r');
        out.write('\n');
        n = 0;
      }
    }

    void finish() throws IOException {
      flushChunk();
      out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  /** An open connection and the deadline of what it is doing now. */
  private static final class Connection {
    final Socket socket;
    volatile long deadline;

    Connection(Socket socket) {
      this.socket = socket;
      this.deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    }

    void phase(long timeoutNanos) {
      deadline = System.nanoTime() + timeoutNanos;
    }

    void close() {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing is all that was asked
      }
    }
  }

  /** Stops accepting, closes every connection (running requests end with their socket). */
  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException ignored) {
      // already closed
    }
    open.forEach(Connection::close);
    watchdog.shutdownNow();
    threads.shutdownNow();
  }
}

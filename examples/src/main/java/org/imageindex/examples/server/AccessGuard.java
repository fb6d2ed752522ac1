package org.imageindex.examples.server;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;

/**
 * Who may talk to the server: a request must name this server in {@code Host} (a page on a
 * rebound DNS name reaches 127.0.0.1 with its own name there), carry no foreign {@code Origin}
 * (a page of another site), present the token, and send its body as JSON or a form upload (a
 * cross-site {@code text/plain} POST needs no CORS preflight, these do).
 *
 * <p>A seed API may take its own credentials on its own paths ({@link SeedApi#authenticates}:
 * seed 002's session cookie, which is {@code SameSite=Strict} so no other site's page sends it),
 * leave a login path {@link SeedApi#open open}, and read further body types there
 * ({@link SeedApi#bodyTypes}); the Host and Origin checks hold on every path.
 */
final class AccessGuard {

  /** The body types the API reads; everything else is 415. */
  static final Set<String> BODY_TYPES = Set.of("application/json", "multipart/form-data");

  private final byte[] token;
  private final Set<String> hosts;
  private final Set<String> origins;

  AccessGuard(String token, int port) {
    this.token = token.getBytes(StandardCharsets.US_ASCII);
    this.hosts = Set.of("127.0.0.1:" + port, "localhost:" + port, "[::1]:" + port, "127.0.0.1", "localhost", "[::1]");
    this.origins = Set.of("http://127.0.0.1:" + port, "http://localhost:" + port, "http://[::1]:" + port);
  }

  /** The refusal of {@code head} by host, origin or token, or null when it may go on. */
  Answer check(Request head) {
    return check(head, null);
  }

  /** The refusal of {@code head} on a path of {@code api} (null: a path no API serves), or null when it may go on. */
  Answer check(Request head, SeedApi api) {
    String host = head.header("Host");
    if (host == null || !hosts.contains(host.toLowerCase(Locale.ROOT))) {
      return LoopbackHttp.error(403, "foreign host", "Host must name this server (127.0.0.1, localhost or [::1], port "
          + "as bound), got: " + (host == null ? "none" : LoopbackHttp.cut(host)));
    }
    String origin = head.header("Origin");
    if (origin != null && !origins.contains(origin.toLowerCase(Locale.ROOT))) {
      return LoopbackHttp.error(403, "foreign origin", "requests from web pages of other origins are refused, got Origin: "
          + LoopbackHttp.cut(origin));
    }
    boolean open = api != null && api.open(head.path());
    if (!open && !authenticated(head) && !(api != null && api.authenticates(head))) {
      return LoopbackHttp.error(401, "unauthorized", "send the server's token as 'Authorization: Token <token>' "
          + "(or 'Authorization: Bearer <token>', or an 'api-key: <token>' header); imageindex serve prints where it is"
          + (api == null || api.credentialsHint() == null ? "" : "; " + api.credentialsHint()));
    }
    return null;
  }

  /**
   * The refusal of a body type the API does not read, or null. Checked after the route, so that
   * an endpoint that is not served says so (501) whatever its body.
   */
  Answer checkBody(Request head, SeedApi api) {
    if (head.method().equals("POST") || head.method().equals("PUT")) {
      String type = head.header("Content-Type");
      String length = head.header("Content-Length");
      boolean hasBody = length != null && !length.strip().equals("0");
      String media = type == null ? null : type.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      java.util.Set<String> extra = api == null ? java.util.Set.of() : api.bodyTypes(head.path());
      if (hasBody && (media == null || !BODY_TYPES.contains(media) && !extra.contains(media))) {
        return LoopbackHttp.error(415, "unsupported media type", "request bodies must be application/json or "
            + "multipart/form-data" + (extra.isEmpty() ? "" : " (on " + LoopbackHttp.cut(head.path()) + " also "
            + String.join(", ", new java.util.TreeSet<>(extra)) + ")")
            + ", got Content-Type: " + (type == null ? "none" : LoopbackHttp.cut(type)));
      }
    }
    return null;
  }

  private boolean authenticated(Request head) {
    String presented = null;
    String authorization = head.header("Authorization");
    if (authorization != null) {
      String a = authorization.strip();
      int space = a.indexOf(' ');
      if (space > 0) {
        String scheme = a.substring(0, space).toLowerCase(Locale.ROOT);
        if (scheme.equals("token") || scheme.equals("bearer")) {
          presented = a.substring(space + 1).strip();
        }
      }
    }
    if (presented == null) {
      presented = head.header("api-key");
    }
    // Constant-time comparison: the time of a refusal tells nothing about the token.
    return presented != null && MessageDigest.isEqual(token, presented.strip().getBytes(StandardCharsets.US_ASCII));
  }
}

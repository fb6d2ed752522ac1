package org.imageindex.examples.server;

import java.util.List;
import java.util.Set;

/**
 * One seed service's HTTP API on the shared server: the paths it answers, the refusals it can
 * give from a request's head alone (before its body is read), and its answers. Each seed keeps
 * its own paths, shapes and error bodies, so a user's existing requests work unchanged; the
 * server only picks the API whose path it is.
 */
interface SeedApi {

  /** Whether {@code path} is one of this API's; paths match exactly or by whole segments, never by prefix. */
  boolean serves(String path);

  /**
   * The refusal of a request whose head alone shows it is wrong (an unknown method name, an HTTP
   * method the path does not take), or null to read its body and {@link #handle} it.
   */
  Answer check(Request head);

  /** The answer to a complete request on a path this API {@link #serves}. */
  Answer handle(Request request);

  /**
   * The refusal of a request on one of this API's paths that lacks the server's token, from the
   * server's own {@code refusal} (401): a seed that documents another status for a wrong key
   * answers it.
   */
  default Answer unauthenticated(Answer refusal) {
    return refusal;
  }

  /** The paths served, as the server's 404 answer lists them. */
  List<String> paths();

  /**
   * Whether {@code head}, on one of this API's paths, presents this API's own credentials (seed
   * 002's session cookie) instead of the server's token. {@link AccessGuard} asks only the API
   * whose path it is, so such credentials open no other seed's paths.
   */
  default boolean authenticates(Request head) {
    return false;
  }

  /** How this API's own credentials are obtained, for the 401 answer on its paths ("or log in with ..."), or null. */
  default String credentialsHint() {
    return null;
  }

  /** Whether {@code path} takes requests without credentials because it checks them itself (a login). */
  default boolean open(String path) {
    return false;
  }

  /**
   * Body media types {@code path} reads beyond JSON and multipart/form-data (seed 002's YAML
   * query arrives as whatever type its client sends, curl's default form type included).
   */
  default Set<String> bodyTypes(String path) {
    return Set.of();
  }
}

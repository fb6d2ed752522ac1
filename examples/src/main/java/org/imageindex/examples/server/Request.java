package org.imageindex.examples.server;

import java.util.Locale;
import java.util.Map;

/**
 * One HTTP request as {@link LoopbackHttp} read it: its body is complete and within the limits.
 *
 * @param method  the method, upper case
 * @param path    the path of the request target, without the query
 * @param query   the raw query string, or null
 * @param headers the header fields, names in lower case (a repeated field keeps its first value)
 * @param body    the body bytes (empty without a body)
 */
record Request(String method, String path, String query, Map<String, String> headers, byte[] body) {

  /** The header field {@code name} (any case), or null. */
  String header(String name) {
    return headers.get(name.toLowerCase(Locale.ROOT));
  }
}

package org.imageindex.examples.server;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The Ximilar similarity API (seed 003) over HTTP: {@code POST /v2/<method>}, also under the
 * seed's own {@code /similarity/photos/v2/} and {@code /similarity/products/v2/} prefixes; the
 * methods themselves are {@link XimilarApi}'s.
 */
final class XimilarHttp implements SeedApi {

  /** The seed's path prefixes of the {@code /v2} methods, all served from the one index. */
  static final List<String> PREFIXES = List.of("/v2/", "/similarity/photos/v2/", "/similarity/products/v2/");

  /** The methods that change the index: with {@link ServerOptions.Durability#COMMIT_BEFORE_ACK} they commit before answering. */
  static final Set<String> WRITES = Set.of("insert", "nearDupsInsert", "delete", "update", "deleteByFilter");

  private static final Set<String> READ_ONLY_GET = Set.of("ping", "getRecordCount");

  private final XimilarApi api;
  private final GroupCommit commits;

  /** @param commits the commit every write waits for before it answers, or null to answer at once */
  XimilarHttp(XimilarApi api, GroupCommit commits) {
    this.api = api;
    this.commits = commits;
  }

  /** The method a path names, or null when the path is not under one of the seed's prefixes. */
  private static String method(String path) {
    for (String prefix : PREFIXES) {
      if (path.startsWith(prefix)) {
        return path.substring(prefix.length());
      }
    }
    return null;
  }

  @Override
  public boolean serves(String path) {
    return method(path) != null;
  }

  @Override
  public Answer check(Request head) {
    String path = head.path();
    String name = method(path);
    if (api.method(name) == null) {
      return LoopbackHttp.error(404, "unknown method", "no method " + LoopbackHttp.cut(path) + "; methods: " + api.methodNames());
    }
    boolean get = READ_ONLY_GET.contains(name);
    if (!head.method().equals("POST") && !(get && head.method().equals("GET"))) {
      return LoopbackHttp.error(Status.METHOD_NOT_ALLOWED.code(), Status.METHOD_NOT_ALLOWED.text(),
          path + " takes " + (get ? "GET or POST" : "POST") + ", got: " + LoopbackHttp.cut(head.method()));
    }
    return null;
  }

  @Override
  public Answer handle(Request request) {
    String name = method(request.path());
    Function<Map<String, Object>, Map<String, Object>> method = api.method(name);
    return StatusAnswers.respond(() -> {
      Map<String, Object> answer = method.apply(HttpBodies.jsonObject(request.body()));
      if (commits != null && WRITES.contains(name)) {
        commits.awaitDurable();
      }
      return answer;
    });
  }

  @Override
  public List<String> paths() {
    return PREFIXES.stream().map(p -> p + "<method>").toList();
  }
}

package org.imageindex.examples.server;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.imageindex.query.QueryException;

/**
 * Answers in the shape Ximilar and LTU share: a JSON object with a {@code status} object
 * ({@code code}, {@code text}, {@code error_description} on errors) and
 * {@code statistics.OperationTime}; every failure becomes its status, never a stack trace.
 */
final class StatusAnswers {

  private StatusAnswers() {
  }

  /** The answer {@code work} gives, or the error status it earned, with {@code statistics.OperationTime}. */
  static Answer respond(Work work) {
    long start = System.nanoTime();
    Map<String, Object> answer;
    int http;
    try {
      answer = work.get();
      Object status = answer.get("status");
      int code = status instanceof Map<?, ?> s && s.get("code") instanceof Long c ? c.intValue() : 200;
      http = code < 300 ? 200 : code;
    } catch (ApiException e) {
      answer = error(e.code(), e.text(), e.getMessage());
      http = e.code();
    } catch (QueryException | IllegalArgumentException e) {
      answer = error(Status.ABORTED.code(), Status.ABORTED.text(), e.getMessage());
      http = Status.ABORTED.code();
    } catch (UncheckedIOException e) {
      answer = error(Status.UNKNOWN_ERROR.code(), "storage error", e.getMessage());
      http = Status.UNKNOWN_ERROR.code();
    } catch (RuntimeException e) {
      answer = error(Status.UNKNOWN_ERROR.code(), Status.UNKNOWN_ERROR.text(), e.toString());
      http = Status.UNKNOWN_ERROR.code();
    }
    answer.put("statistics", Map.of("OperationTime", (System.nanoTime() - start) / 1_000_000));
    return new Answer(http, answer);
  }

  private static Map<String, Object> error(int code, String text, String description) {
    return new LinkedHashMap<>(LoopbackHttp.error(code, text, description).json());
  }

  /** The work behind one answer. */
  @FunctionalInterface
  interface Work {
    Map<String, Object> get();
  }
}

package org.imageindex.examples.server;

import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.imageindex.query.QueryException;

/**
 * LTU MediaDB's answers: the result with its HTTP status, or an error status from the seed's list
 * of return codes (400, 404, 409, 415, 501, ...) with a {@code status} object whose
 * {@code error_description} says in words what was wrong. The seed has no 402, so a request the
 * shared readers refuse as "aborted" is a 400 here.
 */
final class LtuAnswers {

  private LtuAnswers() {
  }

  /** The answer {@code work} gives, or the error it earned; never a stack trace. */
  static Answer respond(Work work) {
    try {
      return work.get();
    } catch (ApiException e) {
      int code = e.code() == Status.ABORTED.code() || e.code() == Status.WRONG_QUERY.code() ? 400 : e.code();
      return error(code, code == e.code() ? e.text() : "bad request", e.getMessage());
    } catch (QueryException | IllegalArgumentException e) {
      return error(400, "bad request", e.getMessage());
    } catch (UncheckedIOException e) {
      return error(500, "storage error", e.getMessage());
    } catch (RuntimeException e) {
      return error(500, "internal server error", e.toString());
    }
  }

  /** An error answer in the seed's shape. */
  static Answer error(int code, String text, String description) {
    return LoopbackHttp.error(code, text, description);
  }

  /** An error to throw from within a {@link Work}. */
  static ApiException fail(int code, String text, String description) {
    return new ApiException(code, text, description);
  }

  /** A JSON object answer. */
  static Answer ok(int code, Map<String, Object> json) {
    return new Answer(code, new LinkedHashMap<>(json));
  }

  /** The work behind one answer. */
  @FunctionalInterface
  interface Work {
    Answer get();
  }
}

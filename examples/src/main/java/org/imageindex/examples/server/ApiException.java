package org.imageindex.examples.server;

/**
 * A request answered with an error status instead of a result: the status code and text as the
 * seed API names them, and a description of what was wrong.
 */
final class ApiException extends RuntimeException {

  private final int code;
  private final String text;

  ApiException(int code, String text, String description) {
    super(description);
    this.code = code;
    this.text = text;
  }

  int code() {
    return code;
  }

  String text() {
    return text;
  }

  /** Ximilar's generic error for a request that cannot be carried out as written. */
  static ApiException aborted(String description) {
    return new ApiException(Status.ABORTED.code(), Status.ABORTED.text(), description);
  }

  /** Ximilar's ranked-answer error: no such query record and no readable image given. */
  static ApiException wrongQuery(String description) {
    return new ApiException(Status.WRONG_QUERY.code(), Status.WRONG_QUERY.text(), description);
  }
}

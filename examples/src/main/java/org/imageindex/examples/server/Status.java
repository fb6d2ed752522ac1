package org.imageindex.examples.server;

import java.util.LinkedHashMap;
import java.util.Map;
import org.imageindex.record.RecordStatus;

/**
 * The status codes and texts of the Ximilar {@code /v2} API, and those this server adds for
 * per-record refusals the seed does not name (an image that cannot be read, a file outside the
 * served folder, ...), all in the 4xx range as the seed's convention asks.
 */
enum Status {
  OK(200, "OK"),
  RECORDS_FOUND(205, "records found"),
  SOME_NOT_FOUND(206, "some of the records not found"),
  RECORDS_INSERTED(210, "records inserted"),
  SOME_INSERTED(211, "some records inserted"),
  NEAR_DUPLICATE(211, "record(s) duplicate"),
  RECORDS_DELETED(220, "records deleted"),
  INVALID_RECORD(400, "invalid record"),
  ABORTED(402, "aborted by error"),
  WRONG_QUERY(403, "wrong query record"),
  FILE_OUTSIDE_ROOT(403, "file outside the served folder"),
  NOT_FOUND(404, "records not found"),
  METHOD_NOT_ALLOWED(405, "method not allowed"),
  DUPLICATE(411, "record duplicate"),
  FILE_EXISTS(409, "file exists"),
  BODY_TOO_LARGE(413, "request body too large"),
  TOO_MANY_RECORDS(413, "too many records"),
  IMAGE_TOO_LARGE(413, "image too large"),
  NOT_AN_IMAGE(415, "not an image"),
  UNSUPPORTED_FORMAT(415, "unsupported image format"),
  UNREADABLE(422, "unreadable image"),
  SOURCE_UNAVAILABLE(424, "image source unavailable"),
  UNKNOWN_ERROR(500, "unknown error"),
  EXTRACTION_FAILED(500, "signature extraction failed");

  private final int code;
  private final String text;

  Status(int code, String text) {
    this.code = code;
    this.text = text;
  }

  int code() {
    return code;
  }

  String text() {
    return text;
  }

  /** {@code {"code": ..., "text": ...}}. */
  Map<String, Object> json() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("code", (long) code);
    m.put("text", text);
    return m;
  }

  /** The status of a record the core refused. */
  static Status of(RecordStatus.Code code) {
    return switch (code) {
      case INSERTED, UPDATED, DELETED, DEACTIVATED, RESTORED, UNCHANGED -> OK;
      case DUPLICATE_ID -> DUPLICATE;
      case NEAR_DUPLICATE -> NEAR_DUPLICATE;
      case NOT_FOUND -> NOT_FOUND;
      case NOT_AN_IMAGE -> NOT_AN_IMAGE;
      case UNSUPPORTED_FORMAT -> UNSUPPORTED_FORMAT;
      case TOO_LARGE -> IMAGE_TOO_LARGE;
      case UNREADABLE -> UNREADABLE;
      case SOURCE_UNAVAILABLE -> SOURCE_UNAVAILABLE;
      case INVALID_RECORD -> INVALID_RECORD;
      case EXTRACTION_FAILED -> EXTRACTION_FAILED;
    };
  }
}

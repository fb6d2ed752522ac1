package org.imageindex.examples.server;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.imageindex.ImageIndex;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.json.JsonValues;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.ImageRecord;
import org.imageindex.record.ImageSource;
import org.imageindex.record.RecordStatus;
import org.imageindex.record.StoredRecord;

/**
 * LTU MediaDB's media library: add a picture ({@code POST /media}, 201 with the new id), list
 * the media a page at a time ({@code GET /media?page=N}), read one ({@code GET /media/{id}}) and
 * remove one ({@code DELETE /media/{id or name}}, deactivated unless {@code force} is true).
 */
final class LtuMedia {

  /** The parameters an added picture may carry, in JSON or in the form's {@code data} part. */
  static final Set<String> ADD_PARAMETERS = Set.of("media", "keywords", "metadata", "name", "md5");

  private final ImageIndex index;
  private final GroupCommit commits;

  LtuMedia(ImageIndex index, GroupCommit commits) {
    this.index = index;
    this.commits = commits;
  }

  /**
   * Stores one picture: {@code media} is its bytes, or else {@code data.media} an http(s) URL or
   * base64 image bytes; {@code data} holds its keywords, metadata, name and md5.
   */
  Answer add(byte[] bytes, Map<String, Object> data) {
    for (String key : data.keySet()) {
      if (!ADD_PARAMETERS.contains(key)) {
        throw LtuAnswers.fail(400, "bad request", "unknown parameter '" + LoopbackHttp.cut(key) + "'; a picture takes "
            + new java.util.TreeSet<>(ADD_PARAMETERS) + " (its own key/values go inside metadata)");
      }
    }
    ImageSource source;
    if (bytes != null) {
      if (data.containsKey("media")) {
        throw LtuAnswers.fail(400, "bad request", "the picture is given twice: as the media file and as data.media");
      }
      checkMd5(bytes, data.get("md5"));
      source = ImageSource.bytes(bytes);
    } else if (data.get("media") != null) {
      source = MediaSearch.sourceOf(data.get("media"));
    } else {
      throw LtuAnswers.fail(400, "bad request", "a picture needs its image: a file part named 'media' (or 'image'), "
          + "or 'media' holding an http(s) URL or base64 image bytes");
    }
    String id = UUID.randomUUID().toString();
    ImageRecord.Builder record = ImageRecord.builder().id(id).source(source)
        .tags(MediaSearch.keywords(data.get("keywords")))
        .attributes(MediaSearch.metadata(data.get("metadata")));
    Object name = data.get("name");
    if (name != null) {
      if (!(name instanceof String s) || s.isBlank()) {
        throw LtuAnswers.fail(400, "bad request", "name must be a non-empty string, got: " + LoopbackHttp.cut(JsonValues.write(name)));
      }
      record.name(s);
    }
    RecordStatus status = index.insert(List.of(record.build())).get(0);
    if (!status.code().success()) {
      throw LtuAnswers.fail(httpOf(status.code()), status.code().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '),
          "the picture is not stored: " + status.reason());
    }
    durable();
    return LtuAnswers.ok(201, Map.of("id", id));
  }

  /** One page of every active media, the most recent first. */
  Answer list(Request request) {
    LtuPage page = LtuPage.of(request.query(), Set.of("page", "page_size", "order_by", "desc"), LtuPage.DEFAULT_SIZE);
    return LtuAnswers.ok(200, page.answer(index.find(ImageIndex.ALL_RECORDS, page.listing(), FieldSelection.ALL),
        LtuHttp.base(request)));
  }

  /** The media {@code key} (its id, or else its name). */
  Answer get(String key) {
    return LtuAnswers.ok(200, LtuPage.item(find(key)));
  }

  /** Deactivates the media {@code key}, or deletes it for good when the body says {@code "force": true}. */
  Answer delete(String key, Map<String, Object> body) {
    for (String k : body.keySet()) {
      if (!k.equals("force")) {
        throw LtuAnswers.fail(400, "bad request", "unknown parameter '" + LoopbackHttp.cut(k) + "'; a delete takes only force");
      }
    }
    Object force = body.getOrDefault("force", false);
    boolean forever;
    if (force instanceof Boolean b) {
      forever = b;
    } else if (force instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      forever = Boolean.parseBoolean(s); // the seed's Python sample sends "true" as a string
    } else {
      throw LtuAnswers.fail(400, "bad request", "force must be true or false, got: " + LoopbackHttp.cut(JsonValues.write(force)));
    }
    String id = find(key).id();
    RecordStatus status = (forever ? index.delete(List.of(id)) : index.deactivate(List.of(id))).get(0);
    if (!status.code().success()) {
      throw LtuAnswers.fail(404, "not found", "no media " + LoopbackHttp.cut(key) + ": " + status.reason());
    }
    durable();
    return LtuAnswers.ok(200, Map.of("id", id));
  }

  /** The active media whose id, or else whose name, is {@code key}. */
  private StoredRecord find(String key) {
    Optional<StoredRecord> byId = index.get(key);
    if (byId.isPresent() && byId.get().active()) {
      return byId.get();
    }
    List<StoredRecord> named = index.find(JsonValues.write(Map.of("name", key)), QueryLanguage.MONGO_JSON,
        Listing.of(List.of(), 0, 2), FieldSelection.ALL).records();
    if (named.size() == 1) {
      return named.get(0);
    }
    throw LtuAnswers.fail(named.isEmpty() ? 404 : 409, named.isEmpty() ? "not found" : "conflict", named.isEmpty()
        ? "no media with id or name " + LoopbackHttp.cut(key)
        : "several media are named " + LoopbackHttp.cut(key) + "; name one by its id");
  }

  private void durable() {
    if (commits != null) {
      commits.awaitDurable();
    }
  }

  private static void checkMd5(byte[] bytes, Object md5) {
    if (md5 == null) {
      return;
    }
    if (!(md5 instanceof String given)) {
      throw LtuAnswers.fail(400, "bad request", "md5 must be a string of 32 hex digits, got: " + LoopbackHttp.cut(JsonValues.write(md5)));
    }
    try {
      String actual = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
      if (!actual.equalsIgnoreCase(given.strip())) {
        throw LtuAnswers.fail(400, "bad request", "md5 " + LoopbackHttp.cut(given) + " does not match the uploaded file's md5 " + actual);
      }
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is a required JDK algorithm", e);
    }
  }

  /** The seed's return code for a picture that was not stored. */
  private static int httpOf(RecordStatus.Code code) {
    return switch (code) {
      case NOT_AN_IMAGE, UNSUPPORTED_FORMAT -> 415;
      case TOO_LARGE -> 413;
      case DUPLICATE_ID -> 409;
      default -> 400;
    };
  }

  /**
   * Reads the {@code data} form part of an upload: a JSON object, or that object as a quoted JSON
   * string (the seed's {@code --form 'data="{\"keywords\" : ...}"'} when the quotes reach the server).
   */
  static Map<String, Object> data(HttpBodies.Part part) {
    if (part == null) {
      return new LinkedHashMap<>();
    }
    String text = part.text().strip();
    if (text.startsWith("\"")) {
      Object inner;
      try {
        inner = JsonValues.parse(text);
      } catch (IllegalArgumentException e) {
        throw LtuAnswers.fail(400, "bad request", "the data part is not valid JSON: " + e.getMessage());
      }
      if (inner instanceof String s) {
        return HttpBodies.jsonObject(s.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    }
    return HttpBodies.jsonObject(part.content());
  }
}

package org.imageindex.examples.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imageindex.collection.ImageCollection;
import org.imageindex.collection.ImageCollections;
import org.imageindex.query.json.JsonValues;
import org.imageindex.record.BatchResult;
import org.imageindex.record.FieldSelection;
import org.imageindex.record.RecordStatus;

/**
 * LTU MediaDB's simple collections over {@link ImageCollections}: create ({@code POST /collection}),
 * list ({@code GET /collection?full=}), add and remove media ({@code PATCH} / {@code DELETE
 * /collection/{id}/medias}), list a collection's media a page at a time ({@code GET
 * /collection/{id}/medias}) and remove a collection ({@code DELETE /collection/{id}}).
 */
final class LtuCollections {

  private static final Set<String> CREATE_PARAMETERS = Set.of("name", "keywords", "metadata", "parent");

  private final ImageCollections collections;
  private final GroupCommit commits;

  LtuCollections(ImageCollections collections, GroupCommit commits) {
    this.collections = collections;
    this.commits = commits;
  }

  /** Creates a collection (under {@code parent} when given) with its own keywords and metadata. */
  Answer create(Map<String, Object> body) {
    for (String key : body.keySet()) {
      if (!CREATE_PARAMETERS.contains(key)) {
        throw LtuAnswers.fail(400, "bad request", "unknown parameter '" + LoopbackHttp.cut(key) + "'; a collection takes "
            + new java.util.TreeSet<>(CREATE_PARAMETERS));
      }
    }
    if (!(body.get("name") instanceof String name) || name.isBlank()) {
      throw LtuAnswers.fail(400, "bad request", "a collection needs a name (a non-empty string), got: "
          + LoopbackHttp.cut(JsonValues.write(body.get("name"))));
    }
    List<String> keywords = MediaSearch.keywords(body.get("keywords"));
    Map<String, String> metadata = strings(body.get("metadata"));
    Object parent = body.get("parent");
    ImageCollection c;
    if (parent == null) {
      c = collections.create(name);
    } else if (parent instanceof String p) {
      collection(p);
      c = collections.createIn(p, name);
    } else {
      throw LtuAnswers.fail(400, "bad request", "parent must be a collection id, got: " + LoopbackHttp.cut(JsonValues.write(parent)));
    }
    if (!keywords.isEmpty() || !metadata.isEmpty()) {
      c = collections.describe(c.id(), keywords, metadata);
    }
    durable();
    return LtuAnswers.ok(201, json(c));
  }

  /** Every collection ({@code full=true}) or the top-level ones, as the seed's bare array. */
  Answer list(Request request) {
    Map<String, String> params = LtuPage.params(request.query());
    for (String name : params.keySet()) {
      if (!name.equals("full")) {
        throw LtuAnswers.fail(400, "bad request", "unknown query parameter '" + LoopbackHttp.cut(name) + "'; GET /collection takes full");
      }
    }
    String full = params.getOrDefault("full", "false");
    if (!full.equalsIgnoreCase("true") && !full.equalsIgnoreCase("false")) {
      throw LtuAnswers.fail(400, "bad request", "full must be true or false, got: " + LoopbackHttp.cut(full));
    }
    List<Object> out = new ArrayList<>();
    for (ImageCollection c : Boolean.parseBoolean(full) ? collections.list() : collections.topLevel()) {
      out.add(json(c));
    }
    return Answer.ofArray(200, out);
  }

  /** Adds ({@code add} true) or removes the media listed in {@code body.medias}. */
  Answer members(String id, Map<String, Object> body, boolean add) {
    collection(id);
    for (String key : body.keySet()) {
      if (!key.equals("medias")) {
        throw LtuAnswers.fail(400, "bad request", "unknown parameter '" + LoopbackHttp.cut(key) + "'; this takes only medias");
      }
    }
    if (!(body.get("medias") instanceof List<?> list) || list.isEmpty() || list.stream().anyMatch(m -> !(m instanceof String))) {
      throw LtuAnswers.fail(400, "bad request", "medias must be a non-empty array of media ids, got: "
          + LoopbackHttp.cut(JsonValues.write(body.get("medias"))));
    }
    List<String> ids = list.stream().map(String.class::cast).toList();
    BatchResult result = add ? collections.add(id, ids) : collections.remove(id, ids);
    durable();
    List<Object> done = new ArrayList<>();
    List<Object> missing = new ArrayList<>();
    for (RecordStatus s : result.statuses()) {
      (s.code().success() ? done : missing).add(s.id());
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put(add ? "added" : "removed", done);
    if (!missing.isEmpty()) {
      out.put("not_found", missing);
    }
    // 207 Multi-Status, from the seed's return codes, when only some of the media were found.
    return LtuAnswers.ok(missing.isEmpty() ? 200 : done.isEmpty() ? 404 : 207, out);
  }

  /** One page of the collection's media. */
  Answer media(String id, Request request) {
    collection(id);
    LtuPage page = LtuPage.of(request.query(), Set.of("page", "page_size", "order_by", "desc"), 1000);
    return LtuAnswers.ok(200, page.answer(collections.records(id, page.listing(), FieldSelection.ALL), LtuHttp.base(request)));
  }

  /** Removes the collection (and its subcollections); its media stay in the index. */
  Answer delete(String id) {
    collection(id);
    List<String> removed = collections.delete(id);
    durable();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("id", id);
    out.put("removed", new ArrayList<>(removed));
    return LtuAnswers.ok(200, out);
  }

  private ImageCollection collection(String id) {
    return collections.get(id).orElseThrow(() -> LtuAnswers.fail(404, "not found", "no collection " + LoopbackHttp.cut(id)));
  }

  private static Map<String, Object> json(ImageCollection c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", c.id());
    m.put("collections", new ArrayList<>(c.childIds()));
    m.put("created_at", c.created().toString());
    m.put("updated_at", c.modified().toString());
    m.put("name", c.name());
    m.put("metadata", new LinkedHashMap<>(c.metadata()));
    m.put("keywords", new ArrayList<>(c.keywords()));
    m.put("parent", c.parentId());
    return m;
  }

  private static Map<String, String> strings(Object metadata) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : MediaSearch.metadata(metadata).entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw LtuAnswers.fail(400, "bad request", "a collection's metadata values are strings, got " + LoopbackHttp.cut(e.getKey())
            + ": " + LoopbackHttp.cut(JsonValues.write(e.getValue())));
      }
      out.put(e.getKey(), s);
    }
    return out;
  }

  private void durable() {
    if (commits != null) {
      commits.awaitDurable();
    }
  }
}

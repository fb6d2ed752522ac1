package org.imageindex.examples.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imageindex.collection.ImageCollections;
import org.imageindex.collection.SmartCollection;
import org.imageindex.query.QueryLanguage;
import org.imageindex.query.json.JsonValues;
import org.imageindex.record.FieldSelection;

/**
 * LTU MediaDB's smart collections over {@link ImageCollections#createSmart}: the seed's query
 * ({@code keywords} every one required, {@code metadata} equal per key) is saved as the Mongo
 * JSON filter {@code {"$and": [{"tags": k}, ..., {key: value}, ...]}}, evaluated at each listing,
 * and read back into the seed's shape when listed.
 */
final class LtuSmartCollections {

  private static final Set<String> CREATE_PARAMETERS = Set.of("name", "query", "keywords", "metadata");
  private static final Set<String> QUERY_PARAMETERS = Set.of("keywords", "metadata");

  private final ImageCollections collections;
  private final GroupCommit commits;

  LtuSmartCollections(ImageCollections collections, GroupCommit commits) {
    this.collections = collections;
    this.commits = commits;
  }

  /** Saves a smart collection. */
  Answer create(Map<String, Object> body) {
    for (String key : body.keySet()) {
      if (!CREATE_PARAMETERS.contains(key)) {
        throw bad("unknown parameter '" + LoopbackHttp.cut(key) + "'; a smart collection takes " + new java.util.TreeSet<>(CREATE_PARAMETERS));
      }
    }
    if (!(body.get("name") instanceof String name) || name.isBlank()) {
      throw bad("a smart collection needs a name (a non-empty string), got: " + LoopbackHttp.cut(JsonValues.write(body.get("name"))));
    }
    // The seed's own keywords/metadata of a smart collection are no criteria; the library keeps
    // none for smart collections, so they are refused rather than silently dropped.
    for (String own : List.of("keywords", "metadata")) {
      Object v = body.get(own);
      if (v != null && !(v instanceof List<?> l && l.isEmpty()) && !(v instanceof Map<?, ?> m && m.isEmpty())) {
        throw bad("a smart collection's own " + own + " are not stored here; put criteria in query." + own);
      }
    }
    if (!(body.get("query") instanceof Map<?, ?> q)) {
      throw bad("query must be a JSON object with keywords and/or metadata, got: " + LoopbackHttp.cut(JsonValues.write(body.get("query"))));
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> query = (Map<String, Object>) q;
    for (String key : query.keySet()) {
      if (!QUERY_PARAMETERS.contains(key)) {
        throw bad("unknown criterion query." + LoopbackHttp.cut(key) + "; a query takes keywords and/or metadata");
      }
    }
    List<Object> clauses = MediaSearch.clauses(query);
    if (clauses.isEmpty()) {
      throw bad("query needs at least one keyword or metadata criterion");
    }
    SmartCollection s = collections.createSmart(name, JsonValues.write(Map.of("$and", clauses)), QueryLanguage.MONGO_JSON);
    durable();
    return LtuAnswers.ok(201, json(s));
  }

  /** Every smart collection, as the seed's bare array. */
  Answer list(Request request) {
    if (request.query() != null && !request.query().isEmpty()) {
      throw bad("GET /smart_collection takes no query parameters, got: " + LoopbackHttp.cut(request.query()));
    }
    List<Object> out = new ArrayList<>();
    for (SmartCollection s : collections.listSmart()) {
      out.add(json(s));
    }
    return Answer.ofArray(200, out);
  }

  /** One page of the media that meet the smart collection's criteria now. */
  Answer media(String id, Request request) {
    smart(id);
    LtuPage page = LtuPage.of(request.query(), Set.of("page", "page_size", "order_by", "desc"), 1000);
    return LtuAnswers.ok(200, page.answer(collections.smartRecords(id, page.listing(), FieldSelection.ALL), LtuHttp.base(request)));
  }

  /** Removes the smart collection; its media stay. */
  Answer delete(String id) {
    smart(id);
    collections.deleteSmart(id);
    durable();
    return LtuAnswers.ok(200, Map.of("id", id));
  }

  private SmartCollection smart(String id) {
    return collections.smart(id).orElseThrow(() -> LtuAnswers.fail(404, "not found", "no smart collection " + LoopbackHttp.cut(id)));
  }

  private static Map<String, Object> json(SmartCollection s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", s.id());
    m.put("created_at", s.created().toString());
    m.put("updated_at", s.modified().toString());
    m.put("name", s.name());
    m.put("metadata", Map.of());
    m.put("keywords", List.of());
    m.put("query", seedQuery(s));
    return m;
  }

  /**
   * The seed's {@code query} of a filter this class saved; a smart collection saved through the
   * library in another form is shown as its filter text and language.
   */
  private static Object seedQuery(SmartCollection s) {
    if (s.language() == QueryLanguage.MONGO_JSON && JsonValues.parse(s.query()) instanceof Map<?, ?> f
        && f.size() == 1 && f.get("$and") instanceof List<?> clauses) {
      List<Object> keywords = new ArrayList<>();
      Map<String, Object> metadata = new LinkedHashMap<>();
      for (Object c : clauses) {
        if (!(c instanceof Map<?, ?> one) || one.size() != 1) {
          return raw(s);
        }
        Map.Entry<?, ?> e = one.entrySet().iterator().next();
        if (e.getKey().equals("tags") && e.getValue() instanceof String k) {
          keywords.add(k);
        } else {
          metadata.put(String.valueOf(e.getKey()), e.getValue());
        }
      }
      Map<String, Object> q = new LinkedHashMap<>();
      if (!keywords.isEmpty()) {
        q.put("keywords", keywords);
      }
      if (!metadata.isEmpty()) {
        q.put("metadata", metadata);
      }
      return q;
    }
    return raw(s);
  }

  private static Map<String, Object> raw(SmartCollection s) {
    return Map.of("filter", s.query(), "language", s.language().name());
  }

  private static ApiException bad(String description) {
    return LtuAnswers.fail(400, "bad request", description);
  }

  private void durable() {
    if (commits != null) {
      commits.awaitDurable();
    }
  }
}

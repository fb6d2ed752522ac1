package org.imageindex.examples.server;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.imageindex.query.ast.Listing;
import org.imageindex.query.ast.SortKey;
import org.imageindex.record.RecordFields;
import org.imageindex.record.RecordPage;
import org.imageindex.record.StoredRecord;

/**
 * LTU MediaDB's paged listing: {@code page} (from 1), {@code page_size} (100 by default, as the
 * seed's {@code GET /media} returns "one hundred by one hundred"), {@code order_by} and {@code desc},
 * answered as {@code count}, {@code next}, {@code previous} (URLs, or null) and {@code results},
 * the most recent first unless ordered otherwise.
 */
record LtuPage(int page, int size, List<SortKey> sort, Map<String, String> params) {

  /** The seed's page size. */
  static final int DEFAULT_SIZE = 100;

  /** The seed's {@code order_by} values that name a stored field, and the field. */
  private static final Map<String, String> ORDER_FIELDS = Map.of(
      "created_at", RecordFields.CREATED, "name", RecordFields.NAME, "uuid", RecordFields.ID);

  /** The seed's {@code order_by} values with nothing stored behind them here. */
  private static final Set<String> UNSTORED_ORDERS = Set.of("request_at", "status", "thumbnail_url", "url", "version");

  /**
   * The paging of a query string; {@code allowed} names the parameters the endpoint takes.
   *
   * @throws ApiException 400 naming a parameter that is unknown or out of range
   */
  static LtuPage of(String query, Set<String> allowed, int maxSize) {
    Map<String, String> params = params(query);
    for (String name : params.keySet()) {
      if (!allowed.contains(name)) {
        throw LtuAnswers.fail(400, "bad request", "unknown query parameter '" + LoopbackHttp.cut(name)
            + "'; this endpoint takes " + new java.util.TreeSet<>(allowed));
      }
    }
    int page = whole(params, "page", 1, 1, Integer.MAX_VALUE / maxSize);
    int size = whole(params, "page_size", DEFAULT_SIZE, 1, maxSize);
    String given = params.get("desc");
    if (given != null && !given.equalsIgnoreCase("true") && !given.equalsIgnoreCase("false")) {
      throw LtuAnswers.fail(400, "bad request", "desc must be true or false, got: " + LoopbackHttp.cut(given));
    }
    // Without order_by the seed lists the most recent first; with it, ascending unless desc=true.
    boolean desc = given != null ? Boolean.parseBoolean(given) : !params.containsKey("order_by");
    String order = params.getOrDefault("order_by", "created_at");
    String field = ORDER_FIELDS.get(order);
    if (field == null) {
      throw LtuAnswers.fail(400, "bad request", UNSTORED_ORDERS.contains(order)
          ? "order_by=" + order + " is not served: this index stores no " + order + "; order by created_at, name or uuid"
          : "order_by must be created_at, name or uuid, got: " + LoopbackHttp.cut(order));
    }
    SortKey key = desc ? SortKey.descending(field) : SortKey.ascending(field);
    List<SortKey> sort = field.equals(RecordFields.ID) ? List.of(key) : List.of(key, SortKey.ascending(RecordFields.ID));
    return new LtuPage(page, size, sort, params);
  }

  /** The listing of this page. */
  Listing listing() {
    return Listing.of(sort, (page - 1) * size, size);
  }

  /** The seed's page answer for {@code records}, with {@code next}/{@code previous} URLs on {@code base}. */
  Map<String, Object> answer(RecordPage records, String base) {
    List<Object> results = new ArrayList<>();
    for (StoredRecord r : records.records()) {
      results.add(LtuPage.item(r));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("count", records.total());
    out.put("next", (long) page * size < records.total() ? link(base, page + 1) : null);
    out.put("previous", page > 1 ? link(base, page - 1) : null);
    out.put("results", results);
    return out;
  }

  /** One media as the seed lists it: id, created_at, name, media (its URL when it came from one), keywords, metadata. */
  static Map<String, Object> item(StoredRecord r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("created_at", r.created() == null ? null : r.created().toString());
    m.putAll(MediaSearch.media(r));
    return m;
  }

  private String link(String base, int to) {
    StringBuilder s = new StringBuilder(base).append("?page=").append(to);
    for (Map.Entry<String, String> p : params.entrySet()) {
      if (!p.getKey().equals("page")) {
        s.append('&').append(p.getKey()).append('=').append(java.net.URLEncoder.encode(p.getValue(), StandardCharsets.UTF_8));
      }
    }
    return s.toString();
  }

  private static int whole(Map<String, String> params, String name, int absent, int min, int max) {
    String v = params.get(name);
    if (v == null) {
      return absent;
    }
    try {
      int n = Integer.parseInt(v.strip());
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // answered below with the allowed range
    }
    throw LtuAnswers.fail(400, "bad request", name + " must be a whole number in " + min + ".." + max + ", got: " + LoopbackHttp.cut(v));
  }

  /** The parameters of a query string, decoded; a repeated one is refused. */
  static Map<String, String> params(String query) {
    Map<String, String> out = new LinkedHashMap<>();
    if (query == null || query.isEmpty()) {
      return out;
    }
    for (String pair : query.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name;
      String value;
      try {
        name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      } catch (IllegalArgumentException e) {
        throw LtuAnswers.fail(400, "bad request", "malformed query string: " + e.getMessage());
      }
      if (out.putIfAbsent(name, value) != null) {
        throw LtuAnswers.fail(400, "bad request", "query parameter '" + LoopbackHttp.cut(name) + "' given twice");
      }
    }
    return out;
  }
}
